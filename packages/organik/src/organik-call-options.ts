import type { CallOptionsV1 } from '@x/messaging-core';
import type { OrganikCallOptions } from './organik-settings';

/**
 * The raw client's options for a provider call: signal, time limit, headers and idempotency key carried over.
 * @param options - the options of the provider call
 */
export function toOrganikCallOptions(options: CallOptionsV1 | undefined): OrganikCallOptions | undefined {
  if (!options) return undefined;
  const result: OrganikCallOptions = {};
  if (options.signal) result.signal = options.signal;
  if (options.timeoutMs !== undefined) result.timeoutMs = options.timeoutMs;
  if (options.headers) result.headers = options.headers;
  if (options.idempotencyKey !== undefined) result.idempotencyKey = options.idempotencyKey;
  return result;
}
