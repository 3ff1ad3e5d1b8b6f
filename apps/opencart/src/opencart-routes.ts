import {
  acceptEvents,
  sendError,
  verifyWebhookSignature,
  type WebhookEngine,
  type WebhookStatsReporter,
} from '@x/app-service-kit';
import { formatValidationIssues } from '@x/messaging-core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mapOpenCartHistoryEvent } from './opencart-mapping';
import { openCartHistoryEventSchema } from './opencart-payloads';

/** The header carrying the body's signature (base64 HMAC-SHA256 with the shop's secret). */
export const OPENCART_SIGNATURE_HEADER = 'x-webhook-signature';

/** A shop's webhook settings. */
export interface OpenCartShop {
  /** The secret entered in the extension's settings. */
  secret: string;
  /** Status slugs by `order_status_id`, for statuses other than the defaults. */
  statuses?: Readonly<Record<string, string>>;
}

/** Options of {@link registerOpenCartRoutes}. */
export interface OpenCartRouteOptions {
  /** The notification engine (or anything with `acceptAll`). */
  engine: WebhookEngine;
  /** Shops by id; the id is the last part of the webhook URL. */
  shops: Readonly<Record<string, OpenCartShop>>;
  /** The clock; `new Date()` by default. */
  now?: () => Date;
  /** Where accepted deliveries and refused signatures are reported, for the console's setup page. */
  stats?: WebhookStatsReporter;
}

/** The topic under which the console shows the extension's deliveries. */
export const OPENCART_TOPIC = 'order.history';

/**
 * Registers `POST /webhooks/opencart/:shop`, the endpoint the OpenCart 4 extension of this app calls from
 * `catalog/model/checkout/order/addHistory/before`. The body is JSON signed with `X-Webhook-Signature` (base64
 * HMAC-SHA256 of the raw body with the shop's secret; 401 otherwise); an unknown shop is 404, a body that is not
 * JSON 415, one of the wrong shape 400. Each history event becomes a new order, a status change and/or a customer
 * note; the answer (200) is sent once the engine stored them together with the order's status, in one
 * transaction.
 * @param app - the Fastify server (see `createHttpServer`)
 * @param options - engine and shops
 */
export function registerOpenCartRoutes(app: FastifyInstance, options: OpenCartRouteOptions): void {
  const now = options.now ?? (() => new Date());
  const { engine } = options;

  async function handle(request: FastifyRequest<{ Params: { shop: string } }>, reply: FastifyReply) {
    const shopId = request.params.shop;
    const shop = Object.hasOwn(options.shops, shopId) ? options.shops[shopId] : undefined;
    if (!shop) return sendError(reply, 404, 'unknown_shop', 'No shop is configured under this URL');
    const signatureHeader = request.headers[OPENCART_SIGNATURE_HEADER];
    const signature = Array.isArray(signatureHeader) ? signatureHeader[0] : signatureHeader;
    if (!request.rawBody || !verifyWebhookSignature(request.rawBody, signature, shop.secret)) {
      options.stats?.signatureFailed(shopId);
      request.log.warn({ shop: shopId, signed: signature !== undefined }, 'webhook signature rejected');
      return sendError(reply, 401, 'invalid_signature', 'Missing or invalid X-Webhook-Signature');
    }
    if (request.bodyFormat !== 'json') {
      return sendError(
        reply,
        415,
        'unsupported_media_type',
        'OpenCart webhooks carry JSON (application/json)',
      );
    }
    const parsed = openCartHistoryEventSchema.safeParse(request.body);
    if (!parsed.success) {
      const details = formatValidationIssues(parsed.error.issues, { max: 5 });
      return sendError(reply, 400, 'invalid_payload', `Not an OpenCart history event: ${details}`);
    }
    const events = mapOpenCartHistoryEvent(parsed.data, shopId, {
      receivedAt: now(),
      ...(shop.statuses ? { statuses: shop.statuses } : {}),
    });
    const answer = await acceptEvents(engine, events, { recordStatus: true });
    options.stats?.delivered(shopId, OPENCART_TOPIC);
    request.log.info({ shop: shopId, ...answer }, 'webhook accepted');
    return reply.code(200).send(answer);
  }

  app.post<{ Params: { shop: string } }>('/webhooks/opencart/:shop', handle);
}
