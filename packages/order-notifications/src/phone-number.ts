import { createHash } from 'node:crypto';

/** A usable recipient, or why a number cannot be used. */
export type RecipientCheck = { ok: true; e164: string } | { ok: false; reason: string };

const SEPARATORS = /[\s\-().\u00A0/]/g;

/**
 * Reads a phone number written in any common Turkish notation (`0532 123 45 67`, `+90 (532) 123 45 67`,
 * `+90 0532...`, `0090532...`, `5321234567`) or an international `+<country>` number, giving E.164.
 *
 * @param input - the number as typed by a customer
 * @param defaultCountry - country assumed without a prefix (only `TR` numbers are rebuilt; others need `+`)
 */
export function normalizeRecipient(input: string, defaultCountry = 'TR'): RecipientCheck {
  const trimmed = input.trim();
  if (trimmed === '') return { ok: false, reason: 'empty' };
  let compact = trimmed.replace(SEPARATORS, '');
  if (!/^\+?\d+$/.test(compact)) return { ok: false, reason: 'not-a-number' };
  if (compact.startsWith('00')) compact = `+${compact.slice(2)}`;
  let digits: string;
  if (compact.startsWith('+')) {
    digits = compact.slice(1);
    if (digits.startsWith('900')) digits = `90${digits.slice(3)}`;
  } else if (defaultCountry === 'TR') {
    if (compact.length === 12 && compact.startsWith('90')) digits = compact;
    else if (compact.length === 11 && compact.startsWith('0')) digits = `90${compact.slice(1)}`;
    else if (compact.length === 10) digits = `90${compact}`;
    else return { ok: false, reason: compact.length < 10 ? 'too-short' : 'too-long' };
  } else {
    return { ok: false, reason: 'missing-country-code' };
  }
  if (digits.startsWith('90')) {
    if (digits.length < 12) return { ok: false, reason: 'too-short' };
    if (digits.length > 12) return { ok: false, reason: 'too-long' };
    if (!/^90[2-5]/.test(digits)) return { ok: false, reason: 'invalid-number' };
  } else if (digits.length < 8 || digits.length > 15 || digits.startsWith('0')) {
    return { ok: false, reason: 'invalid-number' };
  }
  return { ok: true, e164: `+${digits}` };
}

/**
 * Masks a phone number for logs and results: keeps the country and operator prefix and the last two digits
 * (`+905321234567` → `+90532*****67`). Anything that is not a number is fully masked.
 *
 * @param phone - any phone notation
 */
export function maskPhone(phone: string): string {
  const compact = phone.replace(SEPARATORS, '');
  const digits = compact.replace(/^\+/, '');
  if (!/^\d+$/.test(digits) || digits.length < 7)
    return '*'.repeat(Math.min(Math.max(compact.length, 3), 12));
  const plus = compact.startsWith('+') ? '+' : '';
  const keep = Math.min(5, digits.length - 4);
  return `${plus}${digits.slice(0, keep)}${'*'.repeat(digits.length - keep - 2)}${digits.slice(-2)}`;
}

/** A stable, irreversible token of a number that could not be used (for dedupe keys). */
export function fingerprint(value: string): string {
  return createHash('sha256').update(value.replace(SEPARATORS, '')).digest('hex').slice(0, 16);
}
