import { Metadata, type MetadataJson } from 'libphonenumber-js/core';

/** A Turkish mobile as customers type it: `+90`, `0090`, `90` or the trunk `0` (or nothing), then `5` and 9 digits. */
const TURKISH_MOBILE_NOTATION = /^(?:\+90|0090|90|0)?(5\d{9})$/;

/** Türkiye's mobile numbering plan, read from the same metadata the full parser uses. */
export function turkishMobilePlan(metadata: MetadataJson): RegExp {
  const plans = new Metadata(metadata);
  plans.selectNumberingPlan('TR');
  // `type()` exists on libphonenumber-js's numbering plans but is missing from its type declarations.
  const plan = plans.numberingPlan as unknown as { type(name: 'MOBILE'): { pattern(): string } | undefined };
  return new RegExp(`^(?:${plan.type('MOBILE')?.pattern() ?? '(?!)'})$`);
}

/**
 * The national number of a Turkish mobile written in one of the usual notations, or `undefined` for anything
 * else (which then goes through the full parser). Most numbers a Turkish shop sends to take this path: one
 * regular expression instead of libphonenumber-js's parse, which matters for a 10,000-recipient send.
 *
 * Its test oracle is the full parser: for every input this path answers, the full parser gives the same number
 * and kind of line (`test/turkish-mobile.test.ts`).
 *
 * @param compact - the number with spaces, dots, dashes, slashes and brackets removed
 * @param plan - {@link turkishMobilePlan} of the metadata in use
 * @param nationalAllowed - whether a number without a country code is Turkish (the default country is `TR`)
 */
export function readTurkishMobile(
  compact: string,
  plan: RegExp,
  nationalAllowed: boolean,
): string | undefined {
  const match = TURKISH_MOBILE_NOTATION.exec(compact);
  if (match === null) return undefined;
  if (!nationalAllowed && !compact.startsWith('+90') && !compact.startsWith('0090')) return undefined;
  const national = match[1]!;
  return plan.test(national) ? national : undefined;
}
