import { createHash } from 'node:crypto';
import { type CountryCode, InvalidPhoneNumberError, parsePhoneNumberDetails } from '@x/messaging-core';
import { TEXT_LIMITS } from './inbound-text';

/** A usable recipient, or why a number cannot be used. */
export type RecipientCheck = { ok: true; e164: string } | { ok: false; reason: string; e164?: string };

/**
 * Checks that a number can receive SMS: readable (any notation the core's `normalizePhoneNumber` accepts,
 * `+90 0532…` included) and a mobile line. Never throws.
 *
 * @param input - the number as typed
 * @param defaultCountry - country of numbers written without a country code (default `TR`)
 * @returns the E.164 number, or the reason (`too-short`, `not-a-number`, `not-mobile` with the E.164 of the
 *   landline, `invalid-country`...)
 */
export function normalizeRecipient(input: string, defaultCountry = 'TR'): RecipientCheck {
  try {
    const details = parsePhoneNumberDetails(input, { defaultCountry: defaultCountry as CountryCode });
    if (!details.isMobile) return { ok: false, reason: 'not-mobile', e164: details.e164 };
    return { ok: true, e164: details.e164 };
  } catch (error) {
    if (InvalidPhoneNumberError.isInstance(error)) return { ok: false, reason: error.reason };
    return { ok: false, reason: 'invalid-country' };
  }
}

/**
 * Checks a number an operator typed (a test message's recipient, an opt-out) as {@link normalizeRecipient}
 * does, after trimming it; a number longer than `TEXT_LIMITS.phone` (50) characters is refused as `too-long`
 * without being read.
 *
 * @param input - the number as typed
 * @param defaultCountry - country of numbers written without a country code (default `TR`)
 */
export function checkTypedNumber(input: string, defaultCountry = 'TR'): RecipientCheck {
  const phone = String(input).trim();
  if (phone.length > TEXT_LIMITS.phone) return { ok: false, reason: 'too-long' };
  return normalizeRecipient(phone, defaultCountry);
}

/** Numbers of a list checked by {@link checkTypedNumbers}. */
export interface CheckedNumbers {
  /** The usable numbers in E.164, each once, in the order first given. */
  phones: string[];
  /** Each unusable number's index in the list and the reason (`too-long`, `not-a-number`, `not-mobile`...). */
  invalid: { index: number; reason: string }[];
}

/**
 * Checks a list of typed numbers with {@link checkTypedNumber}.
 *
 * @param inputs - the numbers as typed
 * @param defaultCountry - country of numbers written without a country code (default `TR`)
 */
export function checkTypedNumbers(inputs: readonly string[], defaultCountry = 'TR'): CheckedNumbers {
  const phones = new Set<string>();
  const invalid: CheckedNumbers['invalid'] = [];
  inputs.forEach((input, index) => {
    const checked = checkTypedNumber(input, defaultCountry);
    if (checked.ok) phones.add(checked.e164);
    else invalid.push({ index, reason: checked.reason });
  });
  return { phones: [...phones], invalid };
}

/** A stable, irreversible token of a number that could not be used (for dedupe keys). */
export function fingerprint(value: string): string {
  return createHash('sha256')
    .update(value.replace(/[\s\-().\u00A0/]/g, ''))
    .digest('hex')
    .slice(0, 16);
}
