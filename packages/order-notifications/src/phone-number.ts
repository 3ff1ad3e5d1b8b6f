import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
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
  readNumbers(inputs, 0, inputs.length, defaultCountry, { phones, invalid });
  return { phones: [...phones], invalid };
}

/** How many numbers {@link checkTypedNumbersInTurns} reads in one run of the event loop (about 15 ms). */
export const NUMBERS_PER_TURN = 1000;

/**
 * {@link checkTypedNumbers} for long lists (a CSV import of 40,000 lines, a provider's blacklist): reads
 * {@link NUMBERS_PER_TURN} numbers at a time and lets the event loop run between, so that webhooks and the
 * console are answered meanwhile instead of waiting half a second.
 * @param inputs - the numbers as typed
 * @param defaultCountry - country of numbers written without a country code (default `TR`)
 */
export async function checkTypedNumbersInTurns(
  inputs: readonly string[],
  defaultCountry = 'TR',
): Promise<CheckedNumbers> {
  const phones = new Set<string>();
  const invalid: CheckedNumbers['invalid'] = [];
  for (let from = 0; from < inputs.length; from += NUMBERS_PER_TURN) {
    if (from > 0) await nextTurn();
    readNumbers(inputs, from, Math.min(inputs.length, from + NUMBERS_PER_TURN), defaultCountry, {
      phones,
      invalid,
    });
  }
  return { phones: [...phones], invalid };
}

/** Reads `inputs[from..to)` into `into`: usable numbers in E.164, the others by index and reason. */
function readNumbers(
  inputs: readonly string[],
  from: number,
  to: number,
  defaultCountry: string,
  into: { phones: Set<string>; invalid: CheckedNumbers['invalid'] },
): void {
  for (let index = from; index < to; index++) {
    const checked = checkTypedNumber(inputs[index]!, defaultCountry);
    if (checked.ok) into.phones.add(checked.e164);
    else into.invalid.push({ index, reason: checked.reason });
  }
}

/** A stable, irreversible token of a number that could not be used (for dedupe keys). */
export function fingerprint(value: string): string {
  return createHash('sha256')
    .update(value.replace(/[\s\-().\u00A0/]/g, ''))
    .digest('hex')
    .slice(0, 16);
}
