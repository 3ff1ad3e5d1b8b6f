/** Deterministic data generators of the fake Bulutfon server. */

/** A small seeded PRNG (mulberry32): same seed, same sequence. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** ISO-8601 in Turkish time (`2017-03-15T09:46:05+03:00`), as Bulutfon writes it. */
export function toIstanbulIso(ms: number, withMilliseconds = false): string {
  const iso = new Date(ms + 3 * 3600_000).toISOString();
  return `${withMilliseconds ? iso.slice(0, 23) : iso.slice(0, 19)}+03:00`;
}

const HANGUP_CAUSES = ['NORMAL_CLEARING', 'USER_BUSY', 'NO_ANSWER', 'CALL_REJECTED', 'ORIGINATOR_CANCEL'];
const HANGUP_STATES = ['recv_bye', 'send_bye', 'recv_cancel', 'send_refuse'];

/** A CDR as the API sends it (snake_case). */
export interface RawCdr {
  uuid: string;
  bf_calltype: string;
  direction: string;
  caller: number;
  callee: number;
  extension?: string;
  call_time: string;
  answer_time: string | null;
  hangup_time: string;
  missing_call: boolean;
  call_price?: string | null;
  call_record: string;
  hangup_cause: string;
  hangup_state: string;
}

function hex(value: number, length: number): string {
  return value.toString(16).padStart(length, '0').slice(-length);
}

/** The uuid of the CDR at `index` for `seed` (the index is readable back with {@link cdrIndexOf}). */
export function cdrUuid(seed: number, index: number): string {
  return `${hex(seed, 8)}-${hex(index >>> 16, 4)}-4${hex(index & 0xfff, 3)}-8${hex((seed >>> 4) & 0xfff, 3)}-${hex(index, 12)}`;
}

/** The index encoded in a uuid made by {@link cdrUuid}, or `undefined`. */
export function cdrIndexOf(seed: number, uuid: string): number | undefined {
  const match = /^([0-9a-f]{8})-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-([0-9a-f]{12})$/.exec(uuid);
  if (!match || match[1] !== hex(seed, 8)) return undefined;
  return Number.parseInt(match[2]!, 16);
}

/**
 * The CDR at `index`: calls go back in time one minute apart from `epochMs`, generated on demand so a
 * server can expose millions without holding them.
 */
export function generateCdr(seed: number, index: number, epochMs: number, pbxNumber: string): RawCdr {
  const random = createRandom(seed ^ Math.imul(index + 1, 0x9e3779b1));
  const outbound = random() < 0.4;
  const fax = random() < 0.05;
  const answered = random() < 0.8;
  const recorded = answered && random() < 0.5;
  const other = 905300000000 + Math.floor(random() * 99_999_999);
  const callTime = epochMs - index * 60_000;
  const answerTime = answered ? callTime + Math.floor(random() * 20_000) : undefined;
  const hangupTime = (answerTime ?? callTime) + Math.floor(random() * 300_000) + 1000;
  const cdr: RawCdr = {
    uuid: cdrUuid(seed, index),
    bf_calltype: fax ? 'fax' : 'voice',
    direction: outbound ? 'OUT' : 'IN',
    caller: outbound ? Number(pbxNumber) : other,
    callee: outbound ? other : Number(pbxNumber),
    call_time: toIstanbulIso(callTime),
    answer_time: answerTime === undefined ? null : toIstanbulIso(answerTime),
    hangup_time: toIstanbulIso(hangupTime, index % 4 === 0),
    missing_call: !outbound && !answered,
    call_record: recorded ? 'YES' : 'NO',
    hangup_cause: answered ? 'NORMAL_CLEARING' : HANGUP_CAUSES[1 + Math.floor(random() * 4)]!,
    hangup_state: HANGUP_STATES[Math.floor(random() * HANGUP_STATES.length)]!,
  };
  if (outbound) {
    cdr.extension = pbxNumber;
    cdr.call_price = answered ? (random() * 0.2).toFixed(4) : null;
  }
  return cdr;
}

/**
 * A stream of `size` deterministic bytes (an OGG-like header then a pattern), produced in chunks so that
 * serving it does not hold the whole file.
 */
export function generatedBytesStream(
  size: number,
  seed: number,
  chunkSize = 64 * 1024,
): ReadableStream<Uint8Array> {
  let offset = 0;
  const pattern = new Uint8Array(chunkSize);
  const random = createRandom(seed);
  for (let index = 0; index < chunkSize; index++) pattern[index] = Math.floor(random() * 256);
  pattern.set([0x4f, 0x67, 0x67, 0x53]);
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= size) {
        controller.close();
        return;
      }
      const length = Math.min(chunkSize, size - offset);
      controller.enqueue(pattern.slice(0, length));
      offset += length;
    },
  });
}

/** The same bytes as {@link generatedBytesStream}, in memory (for small files and assertions). */
export function generatedBytes(size: number, seed: number, chunkSize = 64 * 1024): Uint8Array {
  const out = new Uint8Array(size);
  const pattern = new Uint8Array(chunkSize);
  const random = createRandom(seed);
  for (let index = 0; index < chunkSize; index++) pattern[index] = Math.floor(random() * 256);
  pattern.set([0x4f, 0x67, 0x67, 0x53]);
  for (let offset = 0; offset < size; offset += chunkSize)
    out.set(pattern.subarray(0, Math.min(chunkSize, size - offset)), offset);
  return out;
}
