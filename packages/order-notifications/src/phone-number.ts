import { createHash } from 'node:crypto';
import { type CountryCode, InvalidPhoneNumberError, parsePhoneNumberDetails } from '@x/messaging-core';

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

/** A stable, irreversible token of a number that could not be used (for dedupe keys). */
export function fingerprint(value: string): string {
  return createHash('sha256')
    .update(value.replace(/[\s\-().\u00A0/]/g, ''))
    .digest('hex')
    .slice(0, 16);
}
