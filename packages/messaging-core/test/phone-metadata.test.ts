import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildFullPhoneMetadata, FULL_PHONE_METADATA_FILE } from '../scripts/generate-phone-metadata.mjs';
import { InvalidPhoneNumberError, normalizePhoneNumber, parsePhoneNumberDetails } from '../src/index';

describe('the phone number metadata', () => {
  it('is what the generator makes of the installed libphonenumber-js (run `pnpm build` after updating it)', () => {
    expect(JSON.parse(readFileSync(FULL_PHONE_METADATA_FILE, 'utf8'))).toEqual(buildFullPhoneMetadata());
  });

  it.each([
    ['+90 212 123 45 67', 'fixed-line'],
    ['+90 800 123 45 67', 'toll-free'],
    ['+49 30 1234567', 'fixed-line'],
    ['+44 20 7946 0958', 'fixed-line'],
    ['+1 212 555 0123', 'fixed-line-or-mobile'],
  ])('tells every kind of line apart in Türkiye, Germany, the UK and the US (%s: %s)', (number, type) => {
    expect(parsePhoneNumberDetails(number).type).toBe(type);
  });

  it.each([
    ['+33 6 12 34 56 78', '+33612345678'],
    ['+61 491 570 156', '+61491570156'],
    ['+7 912 345 67 89', '+79123456789'],
  ])('reads a mobile number of any other country as mobile (%s)', (number, e164) => {
    expect(parsePhoneNumberDetails(number)).toMatchObject({ e164, type: 'mobile', isMobile: true });
  });

  it('refuses a landline of another country as not a valid number (it cannot take SMS)', () => {
    expect(() => normalizePhoneNumber('+33 1 42 68 53 00')).toThrow(InvalidPhoneNumberError);
  });
});
