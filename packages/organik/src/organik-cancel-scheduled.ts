import { type CallOptionsV1, type CancelResultV1, NotFoundError } from '@x/messaging-core';
import { createApiCallError } from '@x/provider-utils';
import { toOrganikCallOptions } from './organik-call-options';
import type { OrganikClient } from './organik-client';
import { ORGANIK_PROVIDER_ID } from './organik-error';
import { splitOrganikIds } from './organik-ids';

/**
 * Cancels scheduled sends by batch id, one result per id given, in order. A batch id joining several transaction
 * ids (a split send) is cancelled only when all of them are; an id Organik does not report is not cancelled, with
 * a NotFoundError.
 * @param client - the raw client
 * @param baseUrl - the API's base URL, for the error's (redacted) URL
 * @param ids - the `providerBatchId`s of scheduled sends
 * @param options - signal, time limit, headers
 */
export async function cancelOrganikScheduled(
  client: OrganikClient,
  baseUrl: string,
  ids: readonly string[],
  options?: CallOptionsV1,
): Promise<CancelResultV1[]> {
  const results = await client.cancelScheduledTasks(
    { transactionIds: splitOrganikIds(ids) },
    toOrganikCallOptions(options),
  );
  const cancelled = new Map(results.map((result) => [result.transactionId, result.cancelled]));
  return ids.map((id): CancelResultV1 => {
    const states = splitOrganikIds([id]).map((part) => cancelled.get(part));
    if (states.some((state) => state === undefined)) {
      const context = {
        providerId: ORGANIK_PROVIDER_ID,
        url: `${baseUrl}/v2/***/cancelscheduledtasks/`,
        method: 'POST',
      };
      const message = 'Organik did not report this scheduled send.';
      return { id, cancelled: false, error: createApiCallError(context, { message }, NotFoundError) };
    }
    return { id, cancelled: states.every(Boolean) };
  });
}
