// Benchmark: @x/messaging-core (built dist). Phone-number reading against libphonenumber-js called directly
// (the floor: what the notation handling costs on top), masking, withRetry overhead on a call that succeeds, and
// sandbox sends. Prints the median of several rounds and the ratio to the baseline.
// Run: pnpm --filter @x/messaging-core bench   (or `pnpm bench` at the root, which builds first)
import { parsePhoneNumberWithError } from 'libphonenumber-js/max';
import { runInterleaved } from '../../../tooling/bench.mjs';

const core = await import('../dist/index.js');
const { createSandboxProvider } = await import('../dist/sandbox.js');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const SIZE = Number(process.env.BENCH_SIZE ?? 20_000);

function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(20261123);
const digits = (count) => Array.from({ length: count }, () => Math.floor(random() * 10)).join('');
const arabic = (text) => text.replace(/\d/g, (digit) => String.fromCharCode(0x0660 + Number(digit)));
const forms = [
  (n) => `0${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6, 8)} ${n.slice(8)}`,
  (n) => `(0${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6, 8)}-${n.slice(8)}`,
  (n) => n,
  (n) => `90${n}`,
  (n) => `+90 ${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6, 8)} ${n.slice(8)}`,
  (n) => `+90 0${n}`,
  (n) => `0090 ${n}`,
  (n) => arabic(`0${n}`),
];
/** Turkish mobile numbers (53x, 54x, 55x) in the notations customers type. */
const inputs = Array.from({ length: SIZE }, () => {
  const national = `5${['3', '4', '5'][Math.floor(random() * 3)]}${digits(8)}`;
  return forms[Math.floor(random() * forms.length)](national);
});
const e164 = inputs.map((input) => core.normalizePhoneNumber(input));

let sink = 0;
const SENDS = 2_000;
const TEXT = 'Sayın müşterimiz, siparişiniz kargoya verildi.';

/** Each case: name, operations per run, the run, and the case it is compared with. */
const cases = [
  {
    name: 'libphonenumber-js parse + isValid (baseline)',
    count: SIZE,
    run() {
      for (const input of inputs) {
        const parsed = parsePhoneNumberWithError(input, { defaultCountry: 'TR' });
        sink += parsed.isValid() ? parsed.number.length : 0;
      }
    },
  },
  {
    name: 'normalizePhoneNumber (mixed notations)',
    count: SIZE,
    baseline: 0,
    run() {
      for (const input of inputs) sink += core.normalizePhoneNumber(input).length;
    },
  },
  {
    name: 'normalizePhoneNumber (already E.164)',
    count: SIZE,
    baseline: 0,
    run() {
      for (const number of e164) sink += core.normalizePhoneNumber(number).length;
    },
  },
  {
    name: 'parsePhoneNumberDetails (with line type)',
    count: SIZE,
    baseline: 0,
    run() {
      for (const input of inputs) sink += core.parsePhoneNumberDetails(input).isMobile ? 1 : 0;
    },
  },
  {
    name: 'maskPhoneNumber',
    count: SIZE,
    run() {
      for (const number of e164) sink += core.maskPhoneNumber(number).length;
    },
  },
  {
    name: 'await of a resolved call (baseline)',
    count: SIZE,
    async run() {
      for (let index = 0; index < SIZE; index++) sink += await Promise.resolve(index);
    },
  },
  {
    name: 'withRetry around a call that succeeds',
    count: SIZE,
    baseline: 5,
    async run() {
      for (let index = 0; index < SIZE; index++) sink += await core.withRetry(() => Promise.resolve(index));
    },
  },
  {
    name: 'sandbox sendSms, 1 recipient, Turkish text',
    count: SENDS,
    async run() {
      const sms = createSandboxProvider({ balance: Number.MAX_SAFE_INTEGER });
      for (let index = 0; index < SENDS; index++) await sms.sendSms({ to: e164[index], text: TEXT });
    },
  },
];

await runInterleaved(cases, ROUNDS);
console.log(`rounds=${ROUNDS} inputs=${SIZE} node=${process.version} (${sink > 0 ? 'ok' : ''})`);
