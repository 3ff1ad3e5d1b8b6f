/**
 * Base64 (the standard alphabet, padded) in plain code that runs the same everywhere: no `Buffer`, no
 * `btoa`/`atob`. Texts are encoded as their UTF-8 bytes.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The value of each base64 digit, by character code (ASCII); -1 for any other character. */
const DIGIT_VALUES: readonly number[] = Array.from({ length: 128 }, (_, code) =>
  ALPHABET.indexOf(String.fromCharCode(code)),
);

/** Bytes encoded per piece of the output: a multiple of 3, so that only the last piece can be padded. */
const PIECE_BYTES = 3 * 1024;

/**
 * Encodes bytes as base64 (standard alphabet, padded).
 * @param bytes - the bytes (a file, a signature)
 * @returns the base64 text
 * @example
 * encodeBase64Bytes(new Uint8Array([0xff, 0x00])); // '/wA='
 */
export function encodeBase64Bytes(bytes: Uint8Array): string {
  const pieces: string[] = [];
  for (let start = 0; start < bytes.length; start += PIECE_BYTES) {
    const end = Math.min(start + PIECE_BYTES, bytes.length);
    let piece = '';
    for (let index = start; index < end; index += 3) {
      const count = Math.min(3, end - index);
      const group =
        (bytes[index]! << 16) |
        ((count > 1 ? bytes[index + 1]! : 0) << 8) |
        (count > 2 ? bytes[index + 2]! : 0);
      piece +=
        ALPHABET[group >> 18]! +
        ALPHABET[(group >> 12) & 63]! +
        (count > 1 ? ALPHABET[(group >> 6) & 63]! : '=') +
        (count > 2 ? ALPHABET[group & 63]! : '=');
    }
    pieces.push(piece);
  }
  return pieces.join('');
}

/**
 * Decodes base64 (standard alphabet) to bytes. Whitespace is ignored and padding is optional (extra `=` at the end
 * too); any other character outside the alphabet, or a length no encoder writes, gives `undefined`.
 * @param base64 - the base64 text
 * @returns the bytes, or `undefined` when `base64` is not base64
 * @example
 * decodeBase64Bytes('/wA='); // Uint8Array [255, 0]
 */
export function decodeBase64Bytes(base64: string): Uint8Array | undefined {
  const digits = base64.replace(/[\t\n\f\r ]+/g, '').replace(/=+$/, '');
  if (digits.length % 4 === 1) return undefined;
  const bytes = new Uint8Array(Math.floor((digits.length * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let position = 0;
  for (let index = 0; index < digits.length; index++) {
    const code = digits.charCodeAt(index);
    const value = code < 128 ? DIGIT_VALUES[code]! : -1;
    if (value < 0) return undefined;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[position++] = (buffer >> bits) & 0xff;
    }
  }
  return bytes;
}

/**
 * Encodes a text as base64 of its UTF-8 bytes (a lone surrogate is written as U+FFFD, as `TextEncoder` does).
 * @param text - the text
 * @returns the base64 text
 * @example
 * encodeBase64('Şule'); // 'xZ51bGU='
 */
export function encodeBase64(text: string): string {
  return encodeBase64Bytes(new TextEncoder().encode(text));
}

/**
 * Decodes base64 of UTF-8 bytes to the text (same leniency as {@link decodeBase64Bytes}).
 * @param base64 - the base64 text
 * @returns the text, or `undefined` when `base64` is not base64 or its bytes are not UTF-8
 * @example
 * decodeBase64('xZ51bGU='); // 'Şule'
 */
export function decodeBase64(base64: string): string | undefined {
  const bytes = decodeBase64Bytes(base64);
  if (bytes === undefined) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
