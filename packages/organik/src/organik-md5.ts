/**
 * A small, dependency-free MD5 (RFC 1321) over UTF-8 bytes, so that the package runs where `node:crypto` does
 * not (edge runtimes, browsers). Used only to derive the Organik API key from a username and a password; MD5 is
 * what the provider specifies, not a choice of this package.
 */

const SHIFTS = [
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9,
  14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15,
  21, 6, 10, 15, 21,
];

const CONSTANTS = Int32Array.from({ length: 64 }, (_, index) =>
  Math.floor(Math.abs(Math.sin(index + 1)) * 2 ** 32),
);

function hexOfWord(word: number): string {
  let out = '';
  for (let byte = 0; byte < 4; byte++) out += ((word >>> (byte * 8)) & 0xff).toString(16).padStart(2, '0');
  return out;
}

/**
 * Computes the MD5 digest of `input` as 32 lowercase hex characters. A string is hashed as its UTF-8 bytes.
 * @param input - the text or bytes to hash
 */
export function md5Hex(input: string | Uint8Array): string {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const blockCount = ((bytes.length + 8) >>> 6) + 1;
  const words = new Int32Array(blockCount * 16);
  for (let index = 0; index < bytes.length; index++) {
    words[index >> 2]! |= bytes[index]! << ((index % 4) * 8);
  }
  words[bytes.length >> 2]! |= 0x80 << ((bytes.length % 4) * 8);
  const bitLength = bytes.length * 8;
  words[blockCount * 16 - 2] = bitLength | 0;
  words[blockCount * 16 - 1] = Math.floor(bitLength / 2 ** 32) | 0;

  let a0 = 0x67452301;
  let b0 = 0xefcdab89 | 0;
  let c0 = 0x98badcfe | 0;
  let d0 = 0x10325476;
  for (let block = 0; block < words.length; block += 16) {
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    for (let step = 0; step < 64; step++) {
      let mixed: number;
      let wordIndex: number;
      if (step < 16) {
        mixed = (b & c) | (~b & d);
        wordIndex = step;
      } else if (step < 32) {
        mixed = (d & b) | (~d & c);
        wordIndex = (5 * step + 1) % 16;
      } else if (step < 48) {
        mixed = b ^ c ^ d;
        wordIndex = (3 * step + 5) % 16;
      } else {
        mixed = c ^ (b | ~d);
        wordIndex = (7 * step) % 16;
      }
      const sum = (a + mixed + CONSTANTS[step]! + words[block + wordIndex]!) | 0;
      const shift = SHIFTS[step]!;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << shift) | (sum >>> (32 - shift)))) | 0;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  return hexOfWord(a0) + hexOfWord(b0) + hexOfWord(c0) + hexOfWord(d0);
}

/**
 * Derives an Organik API key from an API user's credentials: the MD5 of `username + password` (UTF-8, no
 * separator), as lowercase hex. The provider does not specify the encoding of non-ASCII characters; UTF-8 is
 * what its PHP samples use.
 * @param username - the API user's name (panel: Üyelik Ayarları → API Kullanıcıları)
 * @param password - the API user's password
 * @example organikApiKey('OrganikHaberlesme', 'mn_0g4R!') // 'ce136df4c9c92d1428e828aba07d3b05'
 */
export function organikApiKey(username: string, password: string): string {
  return md5Hex(username + password);
}
