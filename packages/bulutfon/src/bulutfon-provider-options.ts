import * as z from 'zod/mini';
import { parseInput } from './bulutfon-validation';

/** Bulutfon's own send settings, under `providerOptions.bulutfon`. */
export interface BulutfonSmsOptions {
  /** Append Bulutfon's opt-out link to the text. */
  rejectLink?: boolean;
  /** Deprecated by Bulutfon (2017): deliver a long text as one message. */
  singleSms?: boolean;
}

/**
 * The `providerOptions` of a send through the Bulutfon provider. Check yours with `satisfies`, so that a misspelt
 * key fails to compile (at run time it is refused with a `ValidationError` naming it). A type rather than an
 * interface, so that it fits `Record<string, unknown>`, the type of `providerOptions` in the provider-neutral
 * contract.
 * @example
 * await bulutfon.sendSms({
 *   to: '0532 123 45 67',
 *   text: 'Kampanya',
 *   providerOptions: { bulutfon: { rejectLink: true } } satisfies BulutfonProviderOptions,
 * });
 */
export type BulutfonProviderOptions = {
  /** Bulutfon's settings; the options of other providers (for a strategy's other members) are left alone. */
  bulutfon?: BulutfonSmsOptions;
};

const smsOptionsSchema = z.strictObject({
  rejectLink: z.optional(z.boolean()),
  singleSms: z.optional(z.boolean()),
});

const providerOptionsSchema = z.optional(z.looseObject({ bulutfon: z.optional(smsOptionsSchema) }));

/**
 * Reads `providerOptions.bulutfon` of a send.
 * @param providerOptions - the send's `providerOptions`
 * @throws ValidationError naming an unknown or mistyped key under `bulutfon`
 */
export function readBulutfonSmsOptions(providerOptions: unknown): BulutfonSmsOptions {
  return parseInput(providerOptionsSchema, providerOptions, 'providerOptions')?.bulutfon ?? {};
}
