import {
  formatValidationIssues,
  InvalidPhoneNumberError,
  toValidationIssues,
  ValidationError,
  type ValidationErrorOptions,
} from '@x/messaging-core';
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

/**
 * Words zod's issues for people (zod/mini ships no messages of its own). Only the expectation is described: an
 * issue's input is never put in a message. The one exception is a key that is not known, which is the caller's
 * own spelling (`unknown key: rejectLnk`).
 */
function describeIssue(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'too_small':
      return `must be at least ${issue.minimum}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''}`;
    case 'too_big':
      return `must be at most ${issue.maximum}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''}`;
    case 'invalid_format':
      return issue.format === 'regex' ? 'has the wrong format' : `expected a valid ${issue.format}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown ${issue.keys.length === 1 ? 'key' : 'keys'}: ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return 'has the wrong type';
    default:
      return undefined;
  }
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
  const result = schema.safeParse(value, { error: describeIssue });
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
