import {
  formatValidationIssues,
  InvalidPhoneNumberError,
  toValidationIssues,
  ValidationError,
  type ValidationErrorOptions,
} from '@x/messaging-core';
import { safeParseWithMessages } from '@x/provider-utils';
import type * as z from 'zod/mini';
import { BULUTFON_PROVIDER_ID } from './bulutfon-error';

/**
 * Checks what a caller passes (settings, a method's input, provider options) against a strict schema. The errors
 * name the fields and say what is wrong with them, never what the values were: a value can be a token or a phone
 * number.
 */

/** The parameters of the issue a phone-number field adds, read back by {@link parseInput}. */
export interface PhoneIssueParams {
  phone: true;
  /** Why the number was refused (`too-short`, `not-a-number`...). */
  reason: string;
  /** The number, masked. */
  masked?: string;
}

function phoneIssue(
  issues: readonly z.core.$ZodIssue[],
): (z.core.$ZodIssueCustom & { params: PhoneIssueParams }) | undefined {
  return issues.find(
    (issue): issue is z.core.$ZodIssueCustom & { params: PhoneIssueParams } =>
      issue.code === 'custom' && issue.params?.phone === true,
  );
}

/**
 * Validates `value` with `schema`, or throws: an {@link InvalidPhoneNumberError} (masked) when a phone number
 * is what is wrong, otherwise a {@link ValidationError} naming the fields.
 * @param schema - a strict schema
 * @param value - what the caller passed
 * @param what - what it is, for the message (`'CDR filters'`, `'fax'`)
 * @param target - what the error is about (default `'request'`)
 */
export function parseInput<T>(
  schema: z.ZodMiniType<T>,
  value: unknown,
  what: string,
  target: ValidationErrorOptions['target'] = 'request',
): T {
  const result = safeParseWithMessages(schema, value);
  if (result.success) return result.data;
  const phone = phoneIssue(result.error.issues);
  if (phone) {
    throw new InvalidPhoneNumberError({
      message: `Bulutfon: ${what}: ${phone.message}`,
      input: phone.params.masked,
      reason: phone.params.reason,
      providerId: BULUTFON_PROVIDER_ID,
    });
  }
  const issues = toValidationIssues(result.error.issues);
  throw new ValidationError({
    message: `Bulutfon: invalid ${what} (${formatValidationIssues(issues, { max: 3 })})`,
    issues,
    target,
    providerId: BULUTFON_PROVIDER_ID,
  });
}
