/*
 * Pieces of JSON text written by plain code, exactly as `JSON.stringify` writes them. The `sendsms` body is the
 * one request on the hot path: writing it directly is measurably cheaper than building objects for
 * `JSON.stringify`, whose fixed cost per call dominates a body this small.
 */

/** Escapes of the characters JSON does not allow raw in a string. */
const ESCAPES: string[] = [];
for (let code = 0; code < 0x20; code++) ESCAPES[code] = `\\u${code.toString(16).padStart(4, '0')}`;
ESCAPES[0x08] = '\\b';
ESCAPES[0x09] = '\\t';
ESCAPES[0x0a] = '\\n';
ESCAPES[0x0c] = '\\f';
ESCAPES[0x0d] = '\\r';
ESCAPES[0x22] = '\\"';
ESCAPES[0x5c] = '\\\\';

/**
 * A JSON string literal, escaped as `JSON.stringify` does (lone surrogates as `\udxxx`).
 * @param text - the string
 */
export function quoteJson(text: string): string {
  let out = '"';
  let from = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    let replacement: string | undefined;
    if (code < 0x20 || code === 0x22 || code === 0x5c) replacement = ESCAPES[code];
    else if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(index + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        index++;
        continue;
      }
      replacement = `\\u${code.toString(16)}`;
    }
    if (replacement !== undefined) {
      out += text.slice(from, index) + replacement;
      from = index + 1;
    }
  }
  return `${out}${from === 0 ? text : text.slice(from)}"`;
}

/**
 * A number as JSON writes it (`null` when not finite). Digits of a phone number pass through unchanged.
 * @param value - a number, or a string of digits meant as one (`905321234567`)
 */
export function writeJsonNumber(value: number | string): string {
  if (typeof value === 'string' && isCanonicalInteger(value)) return value;
  const number = Number(value);
  return Number.isFinite(number) ? String(number) : 'null';
}

/** Whether `text` is an integer of 1 to 15 digits without a leading zero: `String(Number(text)) === text`. */
function isCanonicalInteger(text: string): boolean {
  if (text.length === 0 || text.length > 15 || (text.length > 1 && text.charCodeAt(0) === 0x30)) return false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}

/**
 * A string, a number or a boolean as JSON writes it.
 * @param value - the value
 */
export function writeJsonScalar(value: string | number | boolean): string {
  if (typeof value === 'string') return quoteJson(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return writeJsonNumber(value);
}
