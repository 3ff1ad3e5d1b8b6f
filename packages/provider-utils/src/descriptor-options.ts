import * as z from 'zod/mini';

/**
 * Pieces of a provider descriptor's options schema (zod/mini), so that every provider words the same problems
 * the same way. zod/mini carries no messages of its own: each piece says what it expects, never what it got.
 */

/**
 * A strict options object: an unknown key is refused by name, with a hint of where credentials go instead.
 * @param shape - the options' fields
 * @param credentialsHint - where the credentials go (`'credentials go in environment variables'`)
 */
export function descriptorOptionsObject<Shape extends z.core.$ZodLooseShape>(
  shape: Shape,
  credentialsHint: string,
): z.ZodMiniObject<Shape, z.core.$strict> {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown ${issue.keys.length === 1 ? 'key' : 'keys'}: ${issue.keys.join(', ')} (${credentialsHint})`
        : 'expected an object',
  });
}

/** An optional http(s) base URL option. */
export function baseUrlOption(): z.ZodMiniOptional<z.ZodMiniURL> {
  return z.optional(z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }));
}

/** An optional non-empty text option (`sender`), described as `what` when it is missing or empty. */
export function textOption(what: string): z.ZodMiniOptional<z.ZodMiniString<string>> {
  return z.optional(z.string({ error: `expected ${what}` }).check(z.minLength(1, `expected ${what}`)));
}

/** An optional per-call time limit in milliseconds, 100 ms to 10 minutes. */
export function timeoutMsOption(): z.ZodMiniOptional<z.ZodMiniNumberFormat> {
  return z.optional(
    z
      .int({ error: 'expected a whole number of milliseconds' })
      .check(z.minimum(100, 'must be at least 100'), z.maximum(600_000, 'must be at most 600000')),
  );
}
