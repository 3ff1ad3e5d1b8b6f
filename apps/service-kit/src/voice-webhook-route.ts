import { AuthenticationError, ValidationError, type VoiceProviderV1 } from '@x/messaging-core';
import type { NotificationEngine } from '@x/order-notifications';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { sendError } from './http-errors';
import type { ShopVoiceProvider } from './voice-providers';

/**
 * The call webhook of every voice shop: `POST /webhooks/<provider id>/<shop>`, resolved through the provider
 * registry to the shop's voice provider (the platforms' static routes, such as `/webhooks/woocommerce/:shop`,
 * keep winning). The provider reads the body (JSON or form data, every event spelling it knows) and checks the
 * HTTP Basic credentials in constant time; the engine logs the event and queues its work, so the PBX gets its
 * answer after a few database writes.
 */

/** The path of the call webhook. */
export const VOICE_WEBHOOK_PATH = '/webhooks/:providerId/:shop';

/** Options of {@link registerVoiceWebhookRoute}. */
export interface VoiceWebhookRouteOptions {
  /** The engine (its `voice` side). */
  engine: Pick<NotificationEngine, 'voice'>;
  /** Each voice shop's provider (its descriptor id is the path's provider). */
  shopVoice: Readonly<Record<string, ShopVoiceProvider>>;
  /** Each voice shop's Basic credentials. */
  credentials: Readonly<Record<string, { username: string; password: string }>>;
  logger: Logger;
}

/** The request as a web `Request`, with the exact body bytes (read, not copied here), for the provider's parser. */
function toWebRequest(request: FastifyRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) headers.set(name, value.join(', '));
  }
  const body = request.rawBody;
  return new Request(`http://service.local${request.url}`, {
    method: 'POST',
    headers,
    // A Buffer is a Uint8Array; the DOM typings only refuse its possibly shared backing store.
    ...(body && body.length > 0 ? { body: body as BodyInit } : {}),
  });
}

/**
 * Registers the call webhook route.
 * @param app - the service's server
 * @param options - engine, shops, credentials, logger
 */
export function registerVoiceWebhookRoute(app: FastifyInstance, options: VoiceWebhookRouteOptions): void {
  app.post<{ Params: { providerId: string; shop: string } }>(VOICE_WEBHOOK_PATH, async (request, reply) => {
    const { providerId, shop } = request.params;
    const voice = Object.hasOwn(options.shopVoice, shop) ? options.shopVoice[shop] : undefined;
    const credentials = options.credentials[shop];
    const provider: VoiceProviderV1 | undefined = options.engine.voice.providerOf(shop);
    if (voice?.id !== providerId || !provider?.parseCallEvent || !credentials) {
      return sendError(reply, 404, 'not_found', 'No call webhook here');
    }
    let event: Awaited<ReturnType<NonNullable<VoiceProviderV1['parseCallEvent']>>>;
    let outcome: Awaited<ReturnType<typeof options.engine.voice.acceptCallEvent>>;
    try {
      event = await provider.parseCallEvent(toWebRequest(request), { credentials });
      // The engine normalises the event's texts; one that is empty once normalised is refused like a malformed one.
      outcome = await options.engine.voice.acceptCallEvent(shop, event);
    } catch (error) {
      if (AuthenticationError.isInstance(error)) {
        reply.header('www-authenticate', 'Basic realm="call webhook", charset="UTF-8"');
        return sendError(reply, 401, 'unauthorized', 'HTTP Basic credentials required');
      }
      if (ValidationError.isInstance(error)) {
        options.logger.warn({ shopId: shop, providerId, reason: error.message }, 'call event ignored');
        return sendError(reply, 400, 'invalid_payload', 'Not a call event');
      }
      throw error;
    }
    options.logger.info(
      { shopId: shop, eventType: event.type, direction: event.direction, ...outcome },
      'call event accepted',
    );
    return reply.code(200).send({ status: 'accepted', duplicate: !outcome.logged });
  });
}
