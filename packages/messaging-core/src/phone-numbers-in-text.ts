import { maskPhoneNumber } from './phone-number';

/**
 * A run of digits that may be a phone number: an optional `+` or `(`, then digits with at most two separators
 * (space, dot, dash, slash, brackets) between them. The run must not touch a letter, a digit or `_` on either
 * side, so a number inside a word or an id (`0193ab42…`) is never taken.
 */
const CANDIDATE = /(?<![\p{L}\p{N}_+])(?:\+|\(\+?)?\d(?:[ .\-/()]{0,2}\d)*\)?(?![\p{L}\p{N}_])/gu;

/** Whether the digits of a candidate run have the shape of a phone number. */
function looksLikePhoneNumber(run: string, digits: string): boolean {
  const length = digits.length;
  // International: `+90 532 …` or `0090 532 …`.
  if (/^\(?\+/.test(run)) return length >= 8 && length <= 15;
  if (digits.startsWith('00')) return length >= 10 && length <= 15;
  // National with a trunk zero: `0532 123 45 67` (Türkiye), `07911 123456`, `0151 23456789`.
  if (digits.startsWith('0')) return length >= 10 && length <= 12;
  // A Turkish mobile without the trunk zero (`532 123 45 67`) or with the country code but no `+`.
  if (length === 10) return digits.startsWith('5');
  if (length === 12) return digits.startsWith('90');
  return false;
}

/**
 * Masks the phone numbers inside a free text (a log line, an error message), with {@link maskPhoneNumber}:
 * `'SMS to +90 532 123 45 67 failed'` → `'SMS to +90532*****67 failed'`.
 *
 * Only runs shaped like phone numbers are masked: international numbers (`+…`, `00…`), national numbers with a
 * trunk zero, and Turkish mobiles written without it. Other digits stay readable: a 32-hex message id, a
 * 7-digit order number, a date, an amount or an IP address.
 *
 * @param text - any text
 * @returns the text with its phone numbers masked
 */
export function maskPhoneNumbersInText(text: string): string {
  return text.replace(CANDIDATE, (run) => {
    const digits = run.replace(/\D/g, '');
    return looksLikePhoneNumber(run, digits) ? maskPhoneNumber(run) : run;
  });
}
