import fc from 'fast-check';
import { parsePhoneNumberWithError } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { parsePhoneNumberDetails } from '../src/index';

/** How customers write a Turkish mobile: each notation the fast path reads. */
const notations = [
  (national: string) => `+90${national}`,
  (national: string) =>
    `+90 ${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6, 8)} ${national.slice(8)}`,
  (national: string) => `0${national}`,
  (national: string) =>
    `(0${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6, 8)}-${national.slice(8)}`,
  (national: string) => national,
  (national: string) => `90${national}`,
  (national: string) => `0090 ${national}`,
];

describe('Turkish mobiles', () => {
  it('read the same as libphonenumber-js with its full metadata, for every 5xx number in every notation', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^5\d{9}$/),
        fc.integer({ min: 0, max: notations.length - 1 }),
        (national, notation) => {
          const input = notations[notation]!(national);
          const oracle = parsePhoneNumberWithError(`+90${national}`);
          let details: ReturnType<typeof parsePhoneNumberDetails> | undefined;
          try {
            details = parsePhoneNumberDetails(input);
          } catch {
            details = undefined;
          }
          if (oracle.isValid() && oracle.getType() === 'MOBILE') {
            expect(details).toEqual({
              e164: `+90${national}`,
              country: 'TR',
              countryCallingCode: '90',
              nationalNumber: national,
              type: 'mobile',
              isMobile: true,
            });
          } else {
            // Not a Turkish mobile: never read as one (it may still be read as another country's number).
            expect(details?.e164 === `+90${national}` && details.type === 'mobile').toBe(false);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('are read as national numbers only when the default country is Türkiye', () => {
    expect(parsePhoneNumberDetails('+90 532 123 45 67', { defaultCountry: 'DE' }).e164).toBe('+905321234567');
    expect(parsePhoneNumberDetails('05321234567', { defaultCountry: 'DE' }).country).toBe('DE');
    expect(() => parsePhoneNumberDetails('+905321234567', { defaultCountry: 'XX' as 'TR' })).toThrow(
      /Unknown default country/,
    );
  });
});
