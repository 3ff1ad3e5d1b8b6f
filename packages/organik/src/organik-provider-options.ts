import { formatValidationIssues, toValidationIssues, ValidationError } from '@x/messaging-core';
import { safeParseWithMessages } from '@x/provider-utils';
import * as z from 'zod/mini';
import { ORGANIK_PROVIDER_ID } from './organik-error';

/** Organik's own settings of a send, under `providerOptions.organik`. */
export interface OrganikSendSmsOptions {
  /** Hours the operator keeps trying (1–48, default 48); undelivered messages are then refunded. */
  timeoutHours?: number;
  /** A URL Organik POSTs each delivery report to (read it with `parseDeliveryWebhook`). */
  reportUrl?: string;
}

/**
 * The `providerOptions` of a send for Organik, for `satisfies`: a misspelt key is a type error, and the provider
 * refuses it at run time with a ValidationError naming it.
 * @example
 * await organik.sendSms({
 *   to: '0532 123 45 67',
 *   text: 'Siparişiniz kargoya verildi.',
 *   providerOptions: { organik: { timeoutHours: 24 } } satisfies OrganikProviderOptions,
 * });
 */
export interface OrganikProviderOptions {
  /** Organik's settings of the send. */
  organik?: OrganikSendSmsOptions;
}

const sendSmsOptionsSchema = z.strictObject({
  timeoutHours: z.optional(z.int().check(z.minimum(1), z.maximum(48))),
  reportUrl: z.optional(z.url({ protocol: /^https?$/ })),
});

/**
 * Reads `providerOptions.organik` of a send; other providers' keys are left alone.
 * @param providerOptions - the request's `providerOptions`
 * @throws ValidationError naming the wrong or unknown key (`providerOptions.organik: unknown key: timeoutHour`)
 */
export function parseOrganikProviderOptions(
  providerOptions: Record<string, unknown> | undefined,
): OrganikSendSmsOptions {
  const given = providerOptions?.[ORGANIK_PROVIDER_ID];
  if (given === undefined) return {};
  const result = safeParseWithMessages(sendSmsOptionsSchema, given);
  if (result.success) return result.data;
  const issues = toValidationIssues(result.error.issues, ['providerOptions', ORGANIK_PROVIDER_ID]);
  throw new ValidationError({
    message: `Invalid send request: ${formatValidationIssues(issues)}.`,
    target: 'request',
    issues,
    providerId: ORGANIK_PROVIDER_ID,
  });
}
