import {
  acceptEvents,
  fullTurn,
  LARGE_BODY_BYTES,
  type OrderEvent,
  sendError,
  verifyWebhookSignature,
  type WebhookAnswer,
  type WebhookEngine,
  type WebhookStatsReporter,
} from '@x/app-service-kit';
import { formatValidationIssues } from '@x/messaging-core';
import {
  customerInfoSchema,
  normalizeLine,
  type OrderInfo,
  orderInfoSchema,
  TEXT_LIMITS,
} from '@x/order-notifications';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { type OrderSnapshot, OrderSnapshotCache } from './order-snapshot-cache';
import type { OrderSnapshotStore } from './order-snapshot-store';
import {
  customerRegisteredEvent,
  mapWooCustomer,
  mapWooOrder,
  mapWooOrderCustomer,
  orderCreatedEvent,
  orderNoteAddedEvent,
  orderShipmentAddedEvent,
  orderStatusChangedEvent,
  parseWooGmtDate,
  type WooDeliveryContext,
} from './woocommerce-mapping';
import type { WooOrderLookup } from './woocommerce-order-lookup';
import { wooCustomerNoteSchema, wooCustomerSchema, wooOrderSchema } from './woocommerce-payloads';

/** A shop's webhook settings. */
export interface WooCommerceShop {
  /** The secret set on the shop's webhooks (WooCommerce > Settings > Advanced > Webhooks). */
  secret: string;
  /** Order meta keys that may hold a tracking number. */
  trackingMetaKeys?: readonly string[];
  /** Reads an order not seen in a webhook yet (see `createWooRestOrderLookup`), for customer notes. */
  lookupOrder?: WooOrderLookup;
}

/** Options of {@link registerWooCommerceRoutes}. */
export interface WooCommerceRouteOptions {
  /** The notification engine (or anything with `acceptAll`). */
  engine: WebhookEngine;
  /** Shops by id; the id is the last part of the webhook URL. */
  shops: Readonly<Record<string, WooCommerceShop>>;
  /**
   * Remembers order payloads for customer notes: a memory of 10,000 orders by default, or a store shared by
   * several instances (`RedisSnapshotStore`). A store that fails is logged and worked around, never fatal.
   */
  orderCache?: OrderSnapshotStore;
  /** The clock; `new Date()` by default. */
  now?: () => Date;
  /** Where accepted deliveries (by topic) and refused signatures are reported, for the console's setup page. */
  stats?: WebhookStatsReporter;
}

/** The WooCommerce topics this route turns into notifications. */
export const WOOCOMMERCE_TOPICS = [
  'order.created',
  'order.updated',
  'action.woocommerce_new_customer_note',
  'customer.created',
] as const;

class PayloadError extends Error {}

/** The loggable part of a snapshot store failure: the typed errors' name, kind and message. */
function storeFailure(error: unknown): { error: string; kind?: string; reason: string } {
  if (error instanceof Error) {
    const kind = (error as { kind?: unknown }).kind;
    return { error: error.name, ...(typeof kind === 'string' ? { kind } : {}), reason: error.message };
  }
  return { error: 'Error', reason: String(error) };
}

function parsePayload<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const details = formatValidationIssues(result.error.issues, { max: 5 });
  throw new PayloadError(`Not a WooCommerce ${what} payload: ${details}`);
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function isPing(request: FastifyRequest): boolean {
  const body = request.body;
  return (
    header(request, 'x-wc-webhook-signature') === undefined &&
    typeof body === 'object' &&
    body !== null &&
    !Buffer.isBuffer(body) &&
    'webhook_id' in body &&
    Object.keys(body).length === 1
  );
}

/** The order snapshots of a route: read and written without ever failing a webhook. */
interface SnapshotMemory {
  /** Stores a snapshot; a failure is logged, and the webhook goes on. */
  remember(shopId: string, snapshot: OrderSnapshot, log: FastifyBaseLogger): Promise<void>;
  /** Reads a snapshot; a failure is logged and read as "not remembered". */
  recall(shopId: string, orderId: string, log: FastifyBaseLogger): Promise<OrderSnapshot | undefined>;
}

function snapshotMemory(cache: OrderSnapshotStore): SnapshotMemory {
  return {
    async remember(shopId, snapshot, log) {
      // Stored as the engine reads an event's order and customer: every text normalised and bounded, the key
      // the normalised order id (the form a customer note's order id is read in).
      const order = orderInfoSchema.safeParse(snapshot.order);
      const customer = customerInfoSchema.safeParse(snapshot.customer);
      const orderId = normalizeLine(snapshot.order.id, TEXT_LIMITS.id);
      try {
        if (!order.success || !customer.success) throw new Error('the order is not one the engine accepts');
        await cache.set(shopId, { order: order.data as OrderInfo, customer: customer.data });
      } catch (error) {
        log.warn(
          { shop: shopId, order: orderId, ...storeFailure(error) },
          'order snapshot not stored; a customer note on this order may reach an instance that has not seen it',
        );
      }
    },
    async recall(shopId, orderId, log) {
      try {
        return await cache.get(shopId, orderId);
      } catch (error) {
        log.warn({ shop: shopId, order: orderId, ...storeFailure(error) }, 'order snapshot not readable');
        return undefined;
      }
    },
  };
}

/**
 * The customer of a note's order: the last payload seen for it, else the order read with the shop's
 * `lookupOrder` (remembered for the next note); undefined when neither knows it.
 */
async function noteOrder(
  orderId: string,
  shop: WooCommerceShop,
  context: WooDeliveryContext,
  memory: SnapshotMemory,
  log: FastifyBaseLogger,
): Promise<OrderSnapshot | undefined> {
  const known = await memory.recall(context.shopId, orderId, log);
  if (known || !shop.lookupOrder) return known;
  const read = await shop.lookupOrder(orderId).catch((error: unknown) => {
    log.warn({ shop: context.shopId, reason: (error as Error).message }, 'order lookup for a note failed');
    return undefined;
  });
  if (read) await memory.remember(context.shopId, read, log);
  return read;
}

/**
 * Registers `POST /webhooks/woocommerce/:shop`, WooCommerce's webhook contract:
 * - the creation ping (form-encoded `webhook_id=N`, unsigned) is answered 200;
 * - every other delivery must carry `X-WC-Webhook-Signature`, the base64 HMAC-SHA256 of the raw body with the
 *   shop's secret (401 otherwise); an unknown shop is 404, a payload of the wrong shape 400, and a topic below
 *   whose body is not JSON 415 (a signed form body is not an order);
 * - `order.created` queues the new-order notifications and stores the status, in one transaction;
 * - `order.updated` compares the status with the last one stored (WooCommerce has no per-status topic and
 *   collapses quick changes) and queues a status change when it differs, and a shipment when a tracking number
 *   appears in the configured meta keys; the comparison, the new status and the messages are one transaction;
 * - `action.woocommerce_new_customer_note` queues the customer note, to the customer of the last payload seen
 *   for the order (`orderCache`), else of the order read with the shop's `lookupOrder`; an unreadable store
 *   counts as "not seen"; `customer.created` the welcome message;
 * - other topics are acknowledged and ignored.
 * The answer (200) is sent only after the engine stored the events; no provider is called in the request.
 * @param app - the Fastify server (see `createHttpServer`)
 * @param options - engine, shops and cache
 */
export function registerWooCommerceRoutes(app: FastifyInstance, options: WooCommerceRouteOptions): void {
  const memory = snapshotMemory(options.orderCache ?? new OrderSnapshotCache());
  const now = options.now ?? (() => new Date());
  const { engine } = options;

  async function handleOrder(
    topic: 'order.created' | 'order.updated',
    { body, large }: { body: unknown; large: boolean },
    shop: WooCommerceShop,
    context: WooDeliveryContext,
    log: FastifyBaseLogger,
  ): Promise<WebhookAnswer> {
    const payload = parsePayload(wooOrderSchema, body, 'order');
    const order = mapWooOrder(payload, shop.trackingMetaKeys);
    const customer = mapWooOrderCustomer(payload);
    // Written beside the outbox transaction (a slow store adds no latency beyond its own time bound); after a
    // turn of the event loop for a large body, so that reading its lines again is a run of its own.
    const remember = () => memory.remember(context.shopId, { order, customer }, log);
    const remembering = large ? fullTurn().then(remember) : remember();
    // The engine compares each status (and tracking number) with the one stored and records it in the same
    // transaction as the notifications: a change already seen queues nothing, and a failed write records nothing.
    const events: OrderEvent[] = [
      topic === 'order.created'
        ? orderCreatedEvent(order, customer, context)
        : orderStatusChangedEvent(order, customer, undefined, context),
    ];
    const shipment = order.trackingNumber ? orderShipmentAddedEvent(order, customer, context) : undefined;
    if (shipment) events.push(shipment);
    const [answer] = await Promise.all([acceptEvents(engine, events, { recordStatus: true }), remembering]);
    return answer;
  }

  async function handle(request: FastifyRequest<{ Params: { shop: string } }>, reply: FastifyReply) {
    const shopId = request.params.shop;
    const shop = Object.hasOwn(options.shops, shopId) ? options.shops[shopId] : undefined;
    if (!shop) return sendError(reply, 404, 'unknown_shop', 'No shop is configured under this URL');
    if (isPing(request)) {
      options.stats?.delivered(shopId, 'ping');
      return reply.code(200).send({ ok: true, ping: true });
    }
    const signature = header(request, 'x-wc-webhook-signature');
    if (!request.rawBody || !verifyWebhookSignature(request.rawBody, signature, shop.secret)) {
      options.stats?.signatureFailed(shopId);
      request.log.warn({ shop: shopId, signed: signature !== undefined }, 'webhook signature rejected');
      return sendError(reply, 401, 'invalid_signature', 'Missing or invalid X-WC-Webhook-Signature');
    }
    // The topic is echoed and logged for topics this route ignores: normalised and bounded like any event text.
    const topic = normalizeLine(header(request, 'x-wc-webhook-topic') ?? '', TEXT_LIMITS.status);
    if ((WOOCOMMERCE_TOPICS as readonly string[]).includes(topic) && request.bodyFormat !== 'json') {
      // Only the creation ping is form-encoded; a form body parses into an object of strings, not an order.
      return sendError(
        reply,
        415,
        'unsupported_media_type',
        `${topic} webhooks carry JSON (application/json)`,
      );
    }
    const deliveryId = header(request, 'x-wc-webhook-delivery-id');
    const context: WooDeliveryContext = {
      shopId,
      receivedAt: now(),
      raw: request.body,
      ...(deliveryId ? { deliveryId } : {}),
    };
    let answer: WebhookAnswer;
    try {
      if (topic === 'order.created' || topic === 'order.updated') {
        const large = (request.rawBody?.length ?? 0) >= LARGE_BODY_BYTES;
        answer = await handleOrder(topic, { body: request.body, large }, shop, context, request.log);
      } else if (topic === 'action.woocommerce_new_customer_note') {
        const note = parsePayload(wooCustomerNoteSchema, request.body, 'customer note');
        const orderId = normalizeLine(note.arg.order_id, TEXT_LIMITS.id);
        const known = await noteOrder(orderId, shop, context, memory, request.log);
        const event = orderNoteAddedEvent(note, known, context);
        answer = await acceptEvents(engine, [event]);
      } else if (topic === 'customer.created') {
        const customer = parsePayload(wooCustomerSchema, request.body, 'customer');
        const event = customerRegisteredEvent(
          mapWooCustomer(customer),
          parseWooGmtDate(customer.date_created_gmt),
          context,
        );
        answer = await acceptEvents(engine, [event]);
      } else {
        options.stats?.delivered(shopId, 'other');
        request.log.debug({ shop: shopId, topic }, 'webhook topic ignored');
        return reply.code(200).send({ accepted: true, ignored: true, topic });
      }
    } catch (error) {
      if (error instanceof PayloadError) return sendError(reply, 400, 'invalid_payload', error.message);
      throw error;
    }
    options.stats?.delivered(shopId, topic);
    request.log.info({ shop: shopId, topic, ...answer }, 'webhook accepted');
    return reply.code(200).send(answer);
  }

  app.post<{ Params: { shop: string } }>('/webhooks/woocommerce/:shop', handle);
}
