import {
  type CountryCode,
  isSupportedCountry,
  type MetadataJson,
  type PhoneNumber,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
} from 'libphonenumber-js/core';
import mobileMetadata from 'libphonenumber-js/metadata.mobile.json';
import { InvalidPhoneNumberError, ValidationError } from './errors';
import fullMetadata from './phone-metadata-full.json';
import { readTurkishMobile, turkishMobilePlan } from './turkish-mobile';

export type { CountryCode } from 'libphonenumber-js/core';

/** `mobile` metadata in which the countries of `full` have their complete plans. */
function withFullPlans(mobile: MetadataJson, full: MetadataJson['countries']): MetadataJson {
  return { ...mobile, countries: { ...mobile.countries, ...full } };
}

/**
 * The numbering plans numbers are read with: libphonenumber-js's `mobile` metadata (every country's mobile
 * numbers), in which Türkiye, Germany, the UK and the US have their complete plans (all kinds of line: landline,
 * toll-free...; see scripts/generate-phone-metadata.mjs). A landline of another country is not a valid number here.
 * Marked pure so that a bundle that reads no phone number leaves the metadata out.
 */
const METADATA = /* @__PURE__ */ withFullPlans(
  mobileMetadata,
  fullMetadata as unknown as MetadataJson['countries'],
);

/** Türkiye's mobile plan, for the notations most recipients are written in (see `turkish-mobile.ts`). */
const TURKISH_MOBILE_PLAN = /* @__PURE__ */ turkishMobilePlan(METADATA);

/** Options of {@link normalizePhoneNumber} and {@link parsePhoneNumberDetails}. */
export interface PhoneNumberOptions {
  /** The country of numbers written without a country code (`0532 …`, `532 …`). Default `'TR'`. */
  defaultCountry?: CountryCode;
}

/** What kind of line a number belongs to, from the numbering plan of its country. */
export type PhoneNumberType =
  | 'mobile'
  | 'fixed-line'
  | 'fixed-line-or-mobile'
  | 'toll-free'
  | 'premium-rate'
  | 'shared-cost'
  | 'voip'
  | 'personal-number'
  | 'pager'
  | 'uan'
  | 'voicemail'
  | 'unknown';

/** A valid phone number, read. */
export interface PhoneNumberDetails {
  /** The number in E.164 (`+905321234567`). */
  e164: string;
  /** ISO 3166-1 alpha-2 country (`'TR'`), when the number belongs to one country. */
  country: CountryCode | undefined;
  /** The country calling code without `+` (`'90'`). */
  countryCallingCode: string;
  /** The number without the country code (`'5321234567'`). */
  nationalNumber: string;
  /** The kind of line. */
  type: PhoneNumberType;
  /**
   * Whether the number can take SMS as far as the numbering plan tells: `mobile` and `fixed-line-or-mobile`
   * (countries such as the US do not distinguish). Landlines are valid numbers but `false` here.
   */
  isMobile: boolean;
}

/** Why {@link normalizePhoneNumber} refused an input (`InvalidPhoneNumberError.reason`). */
export type InvalidPhoneNumberReason =
  | 'empty'
  | 'not-a-number'
  | 'invalid-country'
  | 'too-short'
  | 'too-long'
  | 'invalid-length'
  | 'invalid-number';

const TYPE_NAMES: Record<string, PhoneNumberType> = {
  MOBILE: 'mobile',
  FIXED_LINE: 'fixed-line',
  FIXED_LINE_OR_MOBILE: 'fixed-line-or-mobile',
  TOLL_FREE: 'toll-free',
  PREMIUM_RATE: 'premium-rate',
  SHARED_COST: 'shared-cost',
  VOIP: 'voip',
  PERSONAL_NUMBER: 'personal-number',
  PAGER: 'pager',
  UAN: 'uan',
  VOICEMAIL: 'voicemail',
};

const PARSE_REASONS: Record<string, InvalidPhoneNumberReason> = {
  NOT_A_NUMBER: 'not-a-number',
  INVALID_COUNTRY: 'invalid-country',
  TOO_SHORT: 'too-short',
  TOO_LONG: 'too-long',
  INVALID_LENGTH: 'invalid-length',
};

/** Digit blocks that people paste: Arabic-Indic, Extended Arabic-Indic (Persian), Devanagari, full-width. */
const DIGIT_ZEROS = [0x0660, 0x06f0, 0x0966, 0x09e6, 0xff10];

/**
 * Rewrites what people paste into plain ASCII: other digit scripts become 0-9, the full-width plus becomes `+`,
 * invisible direction marks and a `tel:` prefix go away.
 */
function toAsciiNumber(input: string): string {
  if (/^[\x20-\x7e]*$/.test(input)) return input.replace(/^\s*tel:/i, '').trim();
  let result = '';
  for (const character of input.replace(/^\s*tel:/i, '')) {
    const code = character.codePointAt(0)!;
    const zero = DIGIT_ZEROS.find((start) => code >= start && code <= start + 9);
    if (zero !== undefined) result += String(code - zero);
    else if (code === 0xff0b) result += '+';
    else if (
      code === 0x200e ||
      code === 0x200f ||
      (code >= 0x202a && code <= 0x202e) ||
      (code >= 0x2066 && code <= 0x2069)
    )
      continue;
    else if (code === 0x00a0 || code === 0x202f || code === 0x3000) result += ' ';
    else result += character;
  }
  return result.trim();
}

/** The most `*` a mask shows; an input with more digits to hide is cut after them with `…`. */
const MASK_HIDDEN_MAX = 16;

/**
 * Masks a phone number for errors and logs: the country code and the first digits stay, the rest but the last
 * two digits become `*` (`+905321234567` → `+90532*****67`). Anything that is not a digit (or a leading `+`) is
 * dropped, so a mistyped name never leaks either; short inputs are masked whole, and a mask of an input of more
 * than 23 digits is cut after 16 `*` (`…`), so that an error about a pasted document stays short.
 *
 * @param input - a number in any notation
 * @returns the masked digits, or `***` when there are none
 */
export function maskPhoneNumber(input: string): string {
  const ascii = toAsciiNumber(String(input));
  const digits = ascii.replace(/\D/g, '');
  if (digits.length === 0) return '***';
  const plus = ascii.startsWith('+') ? '+' : '';
  if (digits.length < 7) return plus + '*'.repeat(digits.length);
  const head = digits.length >= 10 ? 5 : 2;
  // No phone number hides more than 16 digits here; a longer input (a pasted document) is cut, so that an error
  // or a log line about it stays short.
  const hidden = digits.length - head - 2;
  const stars = hidden > MASK_HIDDEN_MAX ? `${'*'.repeat(MASK_HIDDEN_MAX)}…` : '*'.repeat(hidden);
  return `${plus}${digits.slice(0, head)}${stars}${digits.slice(-2)}`;
}

/** The country calling code `digits` start with (`'90'`, `'1'`, `'49'`...; calling codes are prefix-free). */
function callingCodeOf(digits: string): string | undefined {
  for (let length = 1; length <= 3; length++) {
    if (Object.hasOwn(METADATA.country_calling_codes, digits.slice(0, length)))
      return digits.slice(0, length);
  }
  return undefined;
}

function tryParse(text: string, defaultCountry: CountryCode): PhoneNumber | InvalidPhoneNumberReason {
  try {
    const parsed = parsePhoneNumberWithError(text, { defaultCountry, extract: false }, METADATA);
    if (parsed.isValid()) return parsed;
    const length = validatePhoneNumberLength(text, defaultCountry, METADATA);
    return (length && PARSE_REASONS[length]) || 'invalid-number';
  } catch (error) {
    const name = error instanceof Error ? error.message : '';
    return PARSE_REASONS[name] ?? 'not-a-number';
  }
}

function resolveDefaultCountry(options: PhoneNumberOptions | undefined): CountryCode {
  const country = options?.defaultCountry ?? 'TR';
  if (!isSupportedCountry(country, METADATA)) {
    throw new ValidationError({
      message: `Unknown default country '${String(country).slice(0, 8)}'; use an ISO 3166-1 alpha-2 code such as 'TR'.`,
      target: 'options',
      issues: [{ path: ['defaultCountry'], message: 'Unknown country code', code: 'invalid_value' }],
    });
  }
  return country;
}

/** Reads `input` into a valid libphonenumber-js number, trying the notations customers use. */
function readPhoneNumber(input: string, defaultCountry: CountryCode): PhoneNumber {
  const text = typeof input === 'string' ? toAsciiNumber(input) : '';
  const fail = (reason: InvalidPhoneNumberReason): never => {
    throw new InvalidPhoneNumberError({
      message: `Not a valid phone number (${reason}): ${maskPhoneNumber(text)}.`,
      input: maskPhoneNumber(text),
      reason,
    });
  };
  if (typeof input !== 'string') return fail('not-a-number');
  if (text.length === 0) return fail('empty');
  if (/[a-z]/i.test(text.replace(/(ext\.?|x)\s*\d+$/i, ''))) return fail('not-a-number');

  const compact = text.replace(/[\s().\-/]/g, '');
  const candidates = [text];
  // `0090…` → `+90…` for any default country, not only those whose international prefix is 00.
  if (/^00[1-9]/.test(compact)) candidates.push(`+${compact.slice(2)}`);
  // Country code typed without `+` (`905321234567`, `4915123456789`).
  if (/^[1-9]\d{7,14}$/.test(compact)) candidates.push(`+${compact}`);

  let firstFailure: InvalidPhoneNumberReason | undefined;
  for (const candidate of candidates) {
    let parsed = tryParse(candidate, defaultCountry);
    // `+90 0532…`: a trunk zero kept after the country code.
    if (typeof parsed === 'string' && candidate.startsWith('+')) {
      const digits = candidate.replace(/\D/g, '');
      const code = callingCodeOf(digits);
      if (code && digits[code.length] === '0') {
        const retry = tryParse(`+${code}${digits.slice(code.length + 1)}`, defaultCountry);
        if (typeof retry !== 'string') parsed = retry;
      }
    }
    if (typeof parsed !== 'string') return parsed;
    firstFailure ??= parsed;
  }
  return fail(firstFailure ?? 'invalid-number');
}

/**
 * Reads a phone number the way shop customers type it and returns it with its country and kind of line.
 *
 * Accepted, besides E.164: national forms with or without the trunk `0` (`0532 123 45 67`, `(0532) 123-45-67`,
 * `5321234567`), the country code without `+` (`905321234567`), `00` instead of `+` (`0090 532 …`), a doubled
 * trunk zero after the country code (`+90 0532 …`), Arabic-Indic, Persian and full-width digits, `tel:` links and
 * foreign numbers. Landlines are valid (check `isMobile`).
 *
 * @param input - the number as typed
 * @param options - the default country (`'TR'`)
 * @throws InvalidPhoneNumberError with a `reason` and the masked input
 */
export function parsePhoneNumberDetails(input: string, options?: PhoneNumberOptions): PhoneNumberDetails {
  const defaultCountry = resolveDefaultCountry(options);
  if (typeof input === 'string') {
    const compact = input.trim().replace(/[\s().\-/]/g, '');
    const national = readTurkishMobile(compact, TURKISH_MOBILE_PLAN, defaultCountry === 'TR');
    if (national !== undefined) {
      return {
        e164: `+90${national}`,
        country: 'TR',
        countryCallingCode: '90',
        nationalNumber: national,
        type: 'mobile',
        isMobile: true,
      };
    }
  }
  return toDetails(readPhoneNumber(input, defaultCountry));
}

function toDetails(parsed: PhoneNumber): PhoneNumberDetails {
  const type = TYPE_NAMES[parsed.getType() ?? ''] ?? 'unknown';
  return {
    e164: parsed.number,
    country: parsed.country,
    countryCallingCode: parsed.countryCallingCode,
    nationalNumber: parsed.nationalNumber,
    type,
    isMobile: type === 'mobile' || type === 'fixed-line-or-mobile',
  };
}

/**
 * Returns a phone number in E.164 (`+905321234567`), from any notation {@link parsePhoneNumberDetails} accepts.
 *
 * @param input - the number as typed (`0532 123 45 67`, `+90 532 123 45 67`, `٠٥٣٢١٢٣٤٥٦٧`...)
 * @param options - the default country (`'TR'`)
 * @throws InvalidPhoneNumberError with a `reason` and the masked input
 *
 * @example
 * normalizePhoneNumber('0532 123 45 67'); // '+905321234567'
 * normalizePhoneNumber('030 1234567', { defaultCountry: 'DE' }); // '+49301234567'
 */
export function normalizePhoneNumber(input: string, options?: PhoneNumberOptions): string {
  return parsePhoneNumberDetails(input, options).e164;
}
