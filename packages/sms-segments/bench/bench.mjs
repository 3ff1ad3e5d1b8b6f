// Benchmark: @x/sms-segments (built dist) side by side with the npm peers, in one process, over a seeded
// corpus of realistic shop messages. Prints messages/s and MB/s (UTF-8 bytes of the texts), the median of
// several rounds, the ratio to sms-length, how many public auto vectors each agrees with, bytes allocated per
// call, and the minified+gzipped size of the ESM build.
// Run: pnpm --filter @x/sms-segments bench   (builds first through turbo with `pnpm bench` at the root)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const { calculate } = await import('../dist/index.js');
const smsLength = require('sms-length');
const splitSms = require('split-sms');
const { SegmentedMessage } = require('sms-segments-calculator');

const loadAtStart = loadavg()[0];
const CORPUS_SIZE = Number(process.env.BENCH_CORPUS_SIZE ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
/** sms-segments-calculator is slow: it is timed on a prefix of the corpus. */
const SLOW_PREFIX = Math.min(CORPUS_SIZE, 1_000);

// ---------------------------------------------------------------------------------------------- corpus

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
const pick = (list) => list[Math.floor(random() * list.length)];
const integer = (min, max) => min + Math.floor(random() * (max - min + 1));

const firstNames = ['Ayse', 'Mehmet', 'Zeynep', 'Mustafa', 'Elif', 'Ahmet', 'Emine', 'Can', 'Deniz', 'Ece'];
const turkishNames = ['Ayşe', 'Gülşen', 'Işıl', 'Çağrı', 'Şule', 'İsmail', 'Doğan', 'Buğra', 'Ilgın', 'Ömer'];
const gsmSentences = [
  'Dear {name}, your order #{n} has been shipped.',
  'Your verification code is {n}. Do not share it with anyone.',
  'Hello {name}! Your cart is waiting: 10% off until midnight.',
  'Order {n} delivered. Thank you for shopping with us!',
  'Merhaba {name}, {n} nolu sipariş kargoya verildi. Gönderi takibi: https://kargo.example/t/{n}',
  'Sayin {name}, {n} numarali siparisiniz hazirlaniyor.',
  'Payment received: {n} TL. Questions? Call 0850 000 00 00.',
  'Your appointment is confirmed for 14:30 (room {n}).',
];
const turkishSentences = [
  'Sayın {name}, {n} numaralı siparişiniz kargoya verilmiştir.',
  'Değerli müşterimiz, {n} nolu ödemeniz başarıyla alındı. Teşekkür ederiz!',
  'Merhaba {name}, sepetinizdeki ürünler için %15 indirim kodu: YAZ{n}. Kaçırmayın!',
  'İade talebiniz onaylandı; tutar {n} iş günü içinde hesabınıza geçecektir.',
  'Şifre sıfırlama kodunuz: {n}. Bu kodu kimseyle paylaşmayın.',
  'Kargonuz yola çıktı, yarın teslim edilmesi bekleniyor. Takip no: {n}',
  'Üyeliğiniz oluşturuldu. Hoş geldiniz {name}! İlk alışverişe özel ücretsiz kargo.',
];
const emoji = ['😀', '🎉', '📦', '🚚', '❤️', '👍', '🛒', '✅'];

function fill(template, names) {
  return template.replaceAll('{name}', pick(names)).replaceAll('{n}', String(integer(1000, 999999)));
}

function sentences(list, names, minLength) {
  let text = fill(pick(list), names);
  while (text.length < minLength) text += ` ${fill(pick(list), names)}`;
  return text;
}

function message() {
  const kind = random();
  if (kind < 0.4) return sentences(gsmSentences.slice(0, 4), firstNames, integer(20, 150)).slice(0, 160);
  if (kind < 0.55) return sentences(gsmSentences, firstNames, integer(161, 700));
  if (kind < 0.62)
    return `${sentences(gsmSentences, firstNames, integer(20, 140))} Price: ${integer(5, 99)}€ {promo}`;
  if (kind < 0.85) return sentences(turkishSentences, turkishNames, integer(40, integer(60, 400)));
  return `${sentences(turkishSentences, turkishNames, integer(20, 200))} ${pick(emoji)}${pick(emoji)}`;
}

// Texts are flattened through JSON, as they arrive from a database, a queue or an HTTP body (a string built
// by concatenation is a rope in V8, and every implementation reads those more slowly).
const corpus = JSON.parse(JSON.stringify(Array.from({ length: CORPUS_SIZE }, message)));
const bytesOf = (texts) => texts.reduce((sum, text) => sum + Buffer.byteLength(text, 'utf8'), 0);
const corpusBytes = bytesOf(corpus);
const prefix = corpus.slice(0, SLOW_PREFIX);
const prefixBytes = bytesOf(prefix);

// ------------------------------------------------------------------------------------------ candidates

const candidates = [
  { name: '@x/sms-segments calculate()', run: (text) => calculate(text).segments },
  { name: '@x/sms-segments calculate() + parts', run: (text) => calculate(text).parts.length },
  { name: 'sms-length@0.2.2 count()', run: (text) => smsLength.count(text).messages },
  { name: 'split-sms@0.1.7 split()', run: (text) => splitSms.split(text).parts.length },
  {
    name: 'sms-segments-calculator@1.3.0',
    run: (text) => new SegmentedMessage(text).segmentsCount,
    prefix: true,
  },
];

function timeOnce(candidate) {
  const texts = candidate.prefix ? prefix : corpus;
  let checksum = 0;
  const start = process.hrtime.bigint();
  for (let index = 0; index < texts.length; index++) checksum += candidate.run(texts[index]);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (checksum <= 0) throw new Error(`${candidate.name} produced no segments`);
  return seconds;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

for (const candidate of candidates) {
  candidate.times = [];
  timeOnce(candidate); // warm-up
}
for (let round = 0; round < ROUNDS; round++) {
  for (const candidate of candidates) candidate.times.push(timeOnce(candidate));
}

// ------------------------------------------------------------------------------- correctness (vectors)

const vectors = JSON.parse(
  readFileSync(new URL('../test/fixtures/sms-vectors-public.json', import.meta.url)),
);
const autoVectors = vectors.filter((vector) => vector.type === 'auto');
const segmentsOf = {
  '@x/sms-segments calculate()': (text) => calculate(text).segments,
  '@x/sms-segments calculate() + parts': (text) => calculate(text).parts.length,
  'sms-length@0.2.2 count()': (text) => smsLength.count(text).messages,
  'split-sms@0.1.7 split()': (text) => splitSms.split(text).parts.length,
  'sms-segments-calculator@1.3.0': (text) => new SegmentedMessage(text).segmentsCount,
};
for (const candidate of candidates) {
  candidate.agrees = autoVectors.filter((vector) => {
    try {
      return segmentsOf[candidate.name](vector.text) === vector.expected.segments;
    } catch {
      return false;
    }
  }).length;
}

// ------------------------------------------------------------------------------------------- allocation

/**
 * Heap bytes allocated per call: the least of 9 runs of 20,000 calls of warmed-up code, no collection in
 * between (a run can also catch V8's own background allocations, so the least is the cleanest reading). The
 * baseline allocates a plain object literal with as many fields as a result, so equal numbers mean calculate()
 * allocates nothing beyond its result.
 */
function bytesPerCall(run) {
  if (typeof globalThis.gc !== 'function') return null;
  const calls = 20_000;
  const results = new Array(calls).fill(null);
  const samples = [];
  for (let index = 0; index < 100_000; index++) run(index); // warm up: measure optimised code
  for (let sample = 0; sample < 10; sample++) {
    globalThis.gc();
    const before = process.memoryUsage().heapUsed;
    for (let index = 0; index < calls; index++) results[index] = run(index);
    const after = process.memoryUsage().heapUsed;
    if (sample > 0) samples.push((after - before) / calls);
  }
  return Math.min(...samples);
}
const noCharacters = Object.freeze([]);
const resultLike = (text, index) => ({
  type: 'normal',
  encoding: 'gsm7',
  units: index,
  segments: 1,
  perSegment: 160,
  remaining: 0,
  fits: true,
  unencodable: noCharacters,
  text,
  parts: undefined,
});
const allocationTexts = [
  ['160-character GSM message', 'Your order has shipped. '.repeat(7).slice(0, 160)],
  [
    '140-character Turkish message',
    'Sayın müşterimiz, siparişiniz kargoya verilmiştir. '.repeat(3).slice(0, 140),
  ],
];
const allocation = allocationTexts.map(([label, text]) => {
  const first = bytesPerCall(() => calculate(text));
  const baseline = bytesPerCall((index) => resultLike(text, index));
  // measured again after the baseline: V8 may be re-optimising calculate() during the first window
  return [
    label,
    Math.min(
      first,
      bytesPerCall(() => calculate(text)),
    ),
    baseline,
  ];
});

// -------------------------------------------------------------------------------------- bundle size

async function bundleSize() {
  const tsupRequire = createRequire(require.resolve('tsup'));
  const esbuild = tsupRequire('esbuild');
  const output = await esbuild.build({
    entryPoints: [new URL('../dist/index.js', import.meta.url).pathname],
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    target: 'es2022',
  });
  const code = output.outputFiles[0].contents;
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}
const size = await bundleSize();

// ---------------------------------------------------------------------------------------------- report

const base = candidates.find((candidate) => candidate.name.startsWith('sms-length'));
const countOf = (candidate) => (candidate.prefix ? prefix.length : corpus.length);
const throughput = (candidate) => countOf(candidate) / median(candidate.times);
/** Messages/s relative to sms-length, as the median of the per-round ratios (steadier on a busy machine). */
const ratio = (candidate) =>
  median(
    candidate.times.map(
      (seconds, round) => countOf(candidate) / seconds / (countOf(base) / (base.times[round] ?? seconds)),
    ),
  );
const format = (value, digits = 0) =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const formatRatio = (value) => (value >= 0.1 ? format(value, 2) : value.toPrecision(2));

console.log(
  `corpus: ${format(CORPUS_SIZE)} messages, ${format(corpusBytes / 1e6, 2)} MB UTF-8, seed 20261123; ` +
    `median of ${ROUNDS} rounds; node ${process.version}; sms-segments-calculator timed on the first ` +
    `${format(SLOW_PREFIX)} messages (${format(prefixBytes / 1e6, 2)} MB); load average ` +
    `${format(loadAtStart, 1)} at start, ${format(loadavg()[0], 1)} at the end\n`,
);
console.log('| implementation | messages/s | MB/s | vs sms-length | public auto vectors right |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const candidate of candidates) {
  const megabytes = (candidate.prefix ? prefixBytes : corpusBytes) / 1e6 / median(candidate.times);
  console.log(
    `| ${candidate.name} | ${format(throughput(candidate))} | ${format(megabytes, 1)} | ${formatRatio(ratio(candidate))}x | ${candidate.agrees}/${autoVectors.length} |`,
  );
}
console.log('');
for (const [label, bytes, baseline] of allocation) {
  console.log(
    bytes === null
      ? `heap per calculate() call (${label}): run with node --expose-gc to measure`
      : `heap per calculate() call (${label}): ${format(bytes)} bytes; plain 10-field object literal: ${format(baseline)} bytes`,
  );
}
console.log(
  `ESM build, minified: ${format(size.minified)} bytes; minified + gzipped: ${format(size.gzipped)} bytes`,
);
