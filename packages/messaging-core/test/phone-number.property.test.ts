import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidPhoneNumberError, maskPhoneNumber, normalizePhoneNumber } from '../src/index';

/** Turkish mobile numbers: 5, a two-digit operator code and seven digits (e.g. 5321234567). */
const OPERATORS = '30 31 32 33 34 35 36 37 38 39 42 43 44 45 46 47 48 49 51 52 53 54 55'.split(' ');
const nationalMobile = fc
  .tuple(fc.constantFrom(...OPERATORS), fc.stringMatching(/^\d{7}$/))
  .map(([operator, rest]) => `5${operator}${rest}`);

const notations: ((national: string) => string)[] = [
  (n) => `0${n}`,
  (n) => `0${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6, 8)} ${n.slice(8)}`,
  (n) => `(0${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6, 8)}-${n.slice(8)}`,
  (n) => n,
  (n) => `90${n}`,
  (n) => `+90 ${n}`,
  (n) => `+90 0${n}`,
  (n) => `0090${n}`,
  (n) => `0${n}`.replace(/\d/g, (digit) => String.fromCharCode(0x0660 + Number(digit))),
  (n) => `0${n}`.replace(/\d/g, (digit) => String.fromCharCode(0xff10 + Number(digit))),
];

describe('phone numbers, for any Turkish mobile number', () => {
  it('every notation normalises to the same E.164 number', () => {
    fc.assert(
      fc.property(nationalMobile, fc.integer({ min: 0, max: notations.length - 1 }), (national, index) => {
        expect(normalizePhoneNumber(notations[index]!(national))).toBe(`+90${national}`);
      }),
    );
  });

  it('normalising is idempotent', () => {
    fc.assert(
      fc.property(nationalMobile, (national) => {
        const e164 = normalizePhoneNumber(national);
        expect(normalizePhoneNumber(e164)).toBe(e164);
      }),
    );
  });

  it('the mask never shows more than seven digits and keeps the length', () => {
    fc.assert(
      fc.property(fc.string(), (input) => {
        const masked = maskPhoneNumber(input);
        expect(masked.replace(/\D/g, '').length).toBeLessThanOrEqual(7);
      }),
    );
    fc.assert(
      fc.property(nationalMobile, (national) => {
        expect(maskPhoneNumber(`+90${national}`)).toHaveLength(13);
      }),
    );
  });

  it('any text either normalises or throws InvalidPhoneNumberError, never something else', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (input) => {
        try {
          expect(normalizePhoneNumber(input)).toMatch(/^\+[1-9]\d{6,14}$/);
        } catch (error) {
          expect(InvalidPhoneNumberError.isInstance(error)).toBe(true);
        }
      }),
    );
  });
});
