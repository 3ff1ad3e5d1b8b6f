/**
 * Phone-number-like runs: an optional `+` or `(`, then at least seven digits that may be separated by single
 * spaces, dots, dashes or brackets. Long enough not to catch order numbers of a few digits.
 */
const PHONE_LIKE = /\+?\(?\d(?:[\s.\-()]?\d){6,}/g;

/**
 * Masks one phone number, keeping the country or operator prefix and the last two digits:
 * `+905321234567` -> `+90532*****67`, `0532 123 45 67` -> `0532*****67`.
 * @param phone - a phone number in any notation
 * @returns the masked number (digits only, plus a leading `+` when there was one)
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  const plus = phone.trimStart().startsWith('+') ? '+' : '';
  if (digits.length < 7) return `${plus}${'*'.repeat(digits.length)}`;
  const keepStart = plus ? Math.min(5, digits.length - 6) : Math.min(4, digits.length - 6);
  return `${plus}${digits.slice(0, keepStart)}${'*'.repeat(digits.length - keepStart - 2)}${digits.slice(-2)}`;
}

/**
 * Masks every phone-number-like run of digits inside free text (log messages, error messages).
 * @param text - any text
 * @returns the text with phone numbers masked
 */
export function maskPhoneNumbersInText(text: string): string {
  return text.replace(PHONE_LIKE, (match) => maskPhone(match));
}
