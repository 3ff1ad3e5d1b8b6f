import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeBase64Bytes, encodeBase64, encodeBase64Bytes } from '../src/index';

/** Every kind of string: ASCII, Turkish letters, emoji, lone surrogates. */
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));

describe('base64, checked against Buffer', () => {
  it('encodes any text as Buffer encodes its UTF-8 bytes', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(encodeBase64(text)).toBe(Buffer.from(text, 'utf8').toString('base64'));
      }),
      { numRuns: 1000 },
    );
  });

  it('decodes back to the text, for every well-formed text', () => {
    fc.assert(
      fc.property(
        anyText.filter((text) => !/\p{Cs}/u.test(text)), // no lone surrogate
        (text) => {
          expect(decodeBase64(encodeBase64(text))).toBe(text);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('encodes and decodes any bytes as Buffer does, across pieces of the output', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 7000 }), (bytes) => {
        const base64 = Buffer.from(bytes).toString('base64');
        expect(encodeBase64Bytes(bytes)).toBe(base64);
        expect(decodeBase64Bytes(base64)).toEqual(new Uint8Array(Buffer.from(base64, 'base64')));
      }),
      { numRuns: 200 },
    );
  });

  it('ignores whitespace and missing or extra padding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 60 }), fc.nat(), (bytes, seed) => {
        const base64 = Buffer.from(bytes).toString('base64');
        const at = seed % base64.length;
        const untidy = `${base64.slice(0, at)}\r\n ${base64.slice(at).replace(/=+$/, '')}${seed % 2 ? '==' : ''}`;
        expect(decodeBase64Bytes(untidy)).toEqual(new Uint8Array(bytes));
      }),
    );
  });
});

describe('base64: refusals', () => {
  it.each([
    ['a character outside the alphabet', 'QUJD*A=='],
    ['the URL-safe alphabet', 'a-_b'],
    ['padding in the middle', 'QQ==QQ=='],
    ['a length no encoder writes', 'QUJDR'],
    ['a non-ASCII character', 'QUJDŞ'],
  ])('gives undefined for %s', (_name, text) => {
    expect(decodeBase64Bytes(text)).toBeUndefined();
    expect(decodeBase64(text)).toBeUndefined();
  });

  it('gives undefined for bytes that are not UTF-8', () => {
    expect(decodeBase64Bytes('/w==')).toEqual(new Uint8Array([0xff]));
    expect(decodeBase64('/w==')).toBeUndefined();
  });

  it('reads an empty text as nothing', () => {
    expect(encodeBase64('')).toBe('');
    expect(decodeBase64('')).toBe('');
  });
});
