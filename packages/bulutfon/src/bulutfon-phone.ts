import { InvalidPhoneNumberError, maskPhoneNumber } from '@x/messaging-core';

/** The error for a number that cannot be Bulutfon's, with the input masked. */
function invalidNumber(raw: string, message: string, reason: string): InvalidPhoneNumberError {
  const masked = maskPhoneNumber(raw);
  return new InvalidPhoneNumberError({
    message: `${message}: ${masked}`,
    input: masked,
    reason,
    providerId: 'bulutfon',
  });
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
  else throw invalidNumber(raw, 'Not a phone number', 'not-a-number');
  if (digits.length < 8 || digits.length > 15 || digits.startsWith('0')) {
    const reason = digits.length < 8 ? 'too-short' : digits.length > 15 ? 'too-long' : 'invalid-country';
    throw invalidNumber(raw, 'Not a valid international phone number', reason);
  }
  if (digits.startsWith('90') && digits.length !== 12) {
    const reason = digits.length < 12 ? 'too-short' : 'too-long';
    throw invalidNumber(raw, 'A Turkish number has 10 digits after +90', reason);
  }
  return digits;
}
