/**
 * The deepest nesting of arrays and objects a JSON body may have. A webhook's order is a few levels deep, and
 * plugins' meta values add a few more; a body of a million brackets costs `JSON.parse` most of a second, which
 * any stranger could send to a webhook route before its signature is checked.
 */
export const MAX_JSON_DEPTH = 128;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * Whether the JSON text in `bytes` opens more than `limit` arrays and objects inside each other, read in one
 * pass over the bytes without parsing: brackets inside strings do not count (escapes included), and bytes of
 * multi-byte UTF-8 characters never look like a bracket or a quote. Text that is not JSON may give either
 * answer; `JSON.parse` judges it afterwards.
 * @param bytes - the body, as received
 * @param limit - the deepest nesting allowed
 */
export function jsonNestingExceeds(bytes: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index];
    if (inString) {
      if (byte === BACKSLASH) index++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      depth++;
      if (depth > limit) return true;
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}

/** What {@link readBoundedJson} read: the value, or why there is none. */
export type BoundedJson = { ok: true; value: unknown } | { ok: false; reason: 'too-deep' | 'not-json' };

/**
 * Reads JSON bytes that nest no deeper than {@link MAX_JSON_DEPTH}: deeper ones are refused after one pass over
 * the bytes, before `JSON.parse` spends its time on them.
 * @param bytes - the body, as received (UTF-8)
 */
export function readBoundedJson(bytes: Buffer): BoundedJson {
  if (jsonNestingExceeds(bytes, MAX_JSON_DEPTH)) return { ok: false, reason: 'too-deep' };
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) };
  } catch {
    return { ok: false, reason: 'not-json' };
  }
}
