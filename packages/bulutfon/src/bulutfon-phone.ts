import { InvalidPhoneNumberError } from '@x/messaging-core';

/**
 * Masks a phone number for messages and logs: keeps the country code and operator prefix and the last two
 * digits (`+90532*****67`). Anything too short to be a number is fully masked.
 * @param value - a phone number in any notation
 */
export function maskBulutfonNumber(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 7) return '***';
  return `+${digits.slice(0, 5)}${'*'.repeat(digits.length - 7)}${digits.slice(-2)}`;
}

/**
 * Turns a phone number in a common notation (`+90 532 123 45 67`, `0532 123 4567`, `5321234567`,
 * `00905321234567`, `905321234567`) into Bulutfon's form: international digits without `+`
 * (`905321234567`). Numbers without a country code are taken as Turkish.
 * @param input - the number
 * @throws InvalidPhoneNumberError (input masked) when it is not a plausible number
 */
export function toBulutfonNumber(input: string | number): string {
  const raw = String(input).trim();
  const compact = raw.replace(/[\s().-]/g, '');
  let digits: string;
  if (/^\+\d+$/.test(compact)) digits = compact.slice(1);
  else if (/^00\d+$/.test(compact)) digits = compact.slice(2);
  else if (/^0\d{10}$/.test(compact)) digits = `90${compact.slice(1)}`;
  else if (/^[1-9]\d{9}$/.test(compact)) digits = `90${compact}`;
  else if (/^\d+$/.test(compact)) digits = compact;
  else {
    throw new InvalidPhoneNumberError({
      message: `Not a phone number: ${maskBulutfonNumber(raw)}`,
      input: maskBulutfonNumber(raw),
      reason: 'not-a-number',
      providerId: 'bulutfon',
    });
  }
  if (digits.length < 8 || digits.length > 15 || digits.startsWith('0')) {
    throw new InvalidPhoneNumberError({
      message: `Not a valid international phone number: ${maskBulutfonNumber(raw)}`,
      input: maskBulutfonNumber(raw),
      reason: digits.length < 8 ? 'too-short' : digits.length > 15 ? 'too-long' : 'invalid-country',
      providerId: 'bulutfon',
    });
  }
  if (digits.startsWith('90') && digits.length !== 12) {
    throw new InvalidPhoneNumberError({
      message: `A Turkish number has 10 digits after +90: ${maskBulutfonNumber(raw)}`,
      input: maskBulutfonNumber(raw),
      reason: digits.length < 12 ? 'too-short' : 'too-long',
      providerId: 'bulutfon',
    });
  }
  return digits;
}
