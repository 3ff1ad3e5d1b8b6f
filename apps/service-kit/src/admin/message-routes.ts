import { maskPhoneNumber } from '@x/messaging-core';
import {
  MESSAGE_STATUSES,
  type MessageEventType,
  type MessageStatus,
  ORDER_EVENT_TYPES,
  type OutboxMessage,
} from '@x/order-notifications';
import { calculate } from '@x/sms-segments';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sendError } from '../http-errors';
import { type AdminRouteContext, parseInput, shopOrAnswer } from './admin-context';
import { explainMessage } from './explanations';

/** The admin view of an outbox message: the recipient masked, the dedupe key (which holds the number) left out. */
export type AdminMessage = Omit<OutboxMessage, 'dedupeKey'>;

/**
 * The admin view of an outbox message: the recipient masked, the dedupe key (which holds the number) left out.
 * @param message - the outbox message
 */
export function toAdminMessage(message: OutboxMessage): AdminMessage {
  const { dedupeKey: _dedupeKey, ...rest } = message;
  return { ...rest, recipient: maskPhoneNumber(message.recipient) };
}

const dateSchema = z.iso
  .datetime({ offset: true })
  .or(z.iso.date())
  .transform((value) => new Date(value))
  .refine((date) => !Number.isNaN(date.getTime()), 'expected an ISO date');

/** A comma list of members of `values`, at most `values.length` of them, without repeats. */
function commaList<T extends string>(values: readonly T[]) {
  return z
    .string()
    .max(200)
    .transform((text) => [
      ...new Set(
        text
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(
      z
        .array(z.enum(values as [T, ...T[]]))
        .min(1)
        .max(values.length),
    );
}

/** A keyset cursor as the engine returns it: short and URL-safe. */
export const cursorSchema = z.string().regex(/^[A-Za-z0-9_.:=-]{1,200}$/, 'not a cursor of this API');

const messageQuerySchema = z.strictObject({
  shop: z.string().min(1).max(63).optional(),
  status: commaList<MessageStatus>(MESSAGE_STATUSES).optional(),
  event: commaList<MessageEventType>([...ORDER_EVENT_TYPES, 'admin.test']).optional(),
  since: dateSchema.optional(),
  until: dateSchema.optional(),
  order: z.string().trim().min(1).max(100).optional(),
  phone: z
    .string()
    .regex(/^\d{2,10}$/, 'expected the last 2 to 10 digits of the number')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: cursorSchema.optional(),
});

const idParams = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a message id') });

/**
 * The measure of a stored message: its type (the one asked of the provider, or the cheapest that carries the
 * text), segments and units, and its cost (the credits charged, else segments × the shop's price).
 */
function measureOf(message: OutboxMessage, pricePerSegment: number | undefined) {
  const asked = message.messageType === 'auto' ? undefined : message.messageType;
  const result = asked ? calculate(message.text, { type: asked }) : calculate(message.text);
  const cost =
    message.credits ??
    (pricePerSegment === undefined
      ? undefined
      : Number((message.segments * pricePerSegment).toPrecision(12)));
  return {
    type: result.type,
    segments: message.segments,
    units: result.units ?? 0,
    ...(cost === undefined ? {} : { cost }),
  };
}

/**
 * Registers the shops and the message log:
 * - `GET /admin/shops` → `{ shops: [{ id, name, provider, platform }] }`;
 * - `GET /admin/messages?shop&status&event&since&until&order&phone&limit&cursor` → `{ messages, nextCursor? }`,
 *   newest first, keyset pagination (`status` and `event` are comma lists, `phone` the last 2 to 10 digits);
 * - `GET /admin/messages/:id` → `{ message, measure, attempts, actions, explanation: { tr, en } }`; 404
 *   `unknown_message`.
 * @param admin - the admin API's Fastify context
 * @param context - engine, shops and clock
 */
export function registerMessageRoutes(admin: FastifyInstance, context: AdminRouteContext): void {
  const { engine } = context;

  admin.get('/admin/shops', async (_request, reply) => {
    const shops = [...context.shops.values()].map(({ id, name, provider, platform }) => ({
      id,
      name,
      provider,
      platform,
    }));
    return reply.send({ shops });
  });

  admin.get('/admin/messages', async (request, reply) => {
    const query = parseInput(messageQuerySchema, request.query, reply, 'invalid_query');
    if (!query) return reply;
    if (query.shop !== undefined && !shopOrAnswer(context, query.shop, reply)) return reply;
    const page = await engine.queryMessages({
      ...(query.shop ? { shopId: query.shop } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.event ? { eventType: query.event } : {}),
      ...(query.since ? { since: query.since } : {}),
      ...(query.until ? { until: query.until } : {}),
      ...(query.order ? { orderId: query.order } : {}),
      ...(query.phone ? { phoneDigits: query.phone } : {}),
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    return reply.send({
      messages: page.messages.map(toAdminMessage),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    });
  });

  admin.get('/admin/messages/:id', async (request, reply) => {
    const params = parseInput(idParams, request.params, reply, 'invalid_query');
    if (!params) return reply;
    const message = await engine.getMessage(params.id);
    if (!message) return sendError(reply, 404, 'unknown_message', 'No such message');
    const [attempts, audit] = await Promise.all([
      engine.listAttempts(message.id),
      engine.listAudit({ target: message.id, limit: 100 }),
    ]);
    const shop = context.shops.get(message.shopId);
    return reply.send({
      message: toAdminMessage(message),
      measure: measureOf(message, shop?.pricePerSegment),
      attempts: attempts.map(
        ({ at, result, errorKind, errorCode, errorMessage, providerMessageId, durationMs }) => ({
          at,
          result,
          ...(errorKind ? { errorKind } : {}),
          ...(errorCode ? { errorCode } : {}),
          ...(errorMessage ? { errorMessage } : {}),
          ...(providerMessageId ? { providerMessageId } : {}),
          ...(durationMs === undefined ? {} : { durationMs }),
        }),
      ),
      actions: audit.entries,
      explanation: explainMessage(message),
    });
  });
}
