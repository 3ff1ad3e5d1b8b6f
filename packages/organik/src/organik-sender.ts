import { type CallOptionsV1, InvalidSenderError } from '@x/messaging-core';
import { cacheUntilRejected, createApiCallError, loadOptionalSetting } from '@x/provider-utils';
import { toOrganikCallOptions } from './organik-call-options';
import type { OrganikClient } from './organik-client';
import { ORGANIK_PROVIDER_ID } from './organik-error';

/** Finds the sender id of a send; see {@link createOrganikSenderResolver}. */
export type OrganikSenderResolver = (from: string | undefined, options?: CallOptionsV1) => Promise<string>;

/**
 * Builds the sender lookup of a provider: the send's `from` when given; else the `sender` setting or the
 * `ORGANIK_SENDER` environment variable (read at the first send, like the credentials); else the account's first
 * sender id, asked once (and again only after a failure).
 * @param client - the raw client
 * @param settings - the `sender` setting and the base URL (for the error's redacted URL)
 */
export function createOrganikSenderResolver(
  client: OrganikClient,
  settings: { sender?: string; baseUrl: string },
): OrganikSenderResolver {
  const firstSender = cacheUntilRejected(async (options: CallOptionsV1 | undefined) => {
    const [first] = await client.headers(toOrganikCallOptions(options));
    if (first) return first.id;
    const context = {
      providerId: ORGANIK_PROVIDER_ID,
      url: `${settings.baseUrl}/v2/***/headers/`,
      method: 'GET',
    };
    const message = 'The Organik account has no sender id (başlık); register one in the panel.';
    throw createApiCallError(context, { message }, InvalidSenderError);
  });
  return async (from, options) => {
    if (from !== undefined && from !== null) return from;
    const configured = loadOptionalSetting({
      value: settings.sender,
      envVar: 'ORGANIK_SENDER',
      optionName: 'sender',
      description: 'Organik sender',
    });
    return configured ?? firstSender(options);
  };
}
