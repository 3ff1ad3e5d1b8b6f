import { InvalidPhoneNumberError, maskPhoneNumber } from '@x/messaging-core';
import { ORGANIK_PROVIDER_ID } from './organik-error';

/**
 * Converts a phone number to the digits Organik expects (`905321234567`): Turkish mobiles in any common
 * notation (`0532 123 45 67`, `532-123-4567`, `+90 532 123 45 67`, `0090…`) get the `90` prefix; a number
 * with a `+` or `00` international prefix keeps its country code (foreign numbers are billed in TL).
 * Throws {@link InvalidPhoneNumberError} (input masked) for anything else.
 * @param input - the number as a user typed it
 */
export function toOrganikGsm(input: string): string {
  const trimmed = input.trim();
  if (!/^\+?[\d\s().-]+$/.test(trimmed)) {
    throw invalid(input, 'not-a-number', 'The phone number contains characters other than digits.');
  }
  let digits = trimmed.replace(/\D/g, '');
  const international = trimmed.startsWith('+') || digits.startsWith('00');
  if (digits.startsWith('00')) digits = digits.slice(2);
  if (!international) {
    if (digits.startsWith('0')) digits = `90${checkLength(input, digits.slice(1), 10)}`;
    else if (digits.startsWith('5')) digits = `90${checkLength(input, digits, 10)}`;
    else if (!digits.startsWith('90')) {
      throw invalid(
        input,
        'invalid-country',
        'Write a foreign number with its country code and a leading +.',
      );
    }
  }
  if (digits.startsWith('90')) checkLength(input, digits, 12);
  if (digits.length < 8) throw invalid(input, 'too-short', 'The phone number is too short.');
  if (digits.length > 15) throw invalid(input, 'too-long', 'The phone number is too long.');
  return digits;
}

const ONLY_DIGITS = /^\d+$/;

/**
 * Converts Organik's digits (`905321234567`, as found in responses) to E.164 (`+905321234567`).
 * @param gsm - digits as returned by Organik
 */
export function organikGsmToE164(gsm: string): string {
  const digits = ONLY_DIGITS.test(gsm) ? gsm : gsm.replace(/\D/g, '');
  if (digits.length === 10 && digits.startsWith('5')) return `+90${digits}`;
  if (digits.length === 11 && digits.startsWith('05')) return `+9${digits}`;
  return `+${digits}`;
}

function checkLength(input: string, digits: string, length: number): string {
  if (digits.length === length) return digits;
  throw invalid(
    input,
    digits.length < length ? 'too-short' : 'too-long',
    'A Turkish number must have 10 digits after the 0 or +90.',
  );
}

function invalid(input: string, reason: string, detail: string): InvalidPhoneNumberError {
  const masked = maskPhoneNumber(input);
  return new InvalidPhoneNumberError({
    message: `Invalid phone number ${masked}: ${detail}`,
    input: masked,
    reason,
    providerId: ORGANIK_PROVIDER_ID,
  });
}
