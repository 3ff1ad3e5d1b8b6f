import {
  MESSAGE_STATUSES,
  type MessageEventType,
  type MessageStatus,
  ORDER_EVENT_TYPES,
  toAdminMessage,
} from '@x/order-notifications';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sendError } from '../http-errors';
import { type AdminRouteContext, cursorSchema, parseInput, shopOrAnswer } from './admin-context';
import { readPage } from './admin-errors';

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

/** A message id in a path. */
export const messageIdParams = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a message id'),
});

const EVENT_TYPES: readonly MessageEventType[] = [...ORDER_EVENT_TYPES, 'admin.test'];

const messageQuerySchema = z.strictObject({
  shop: z.string().min(1).max(63).optional(),
  status: commaList<MessageStatus>(MESSAGE_STATUSES).optional(),
  event: commaList<MessageEventType>(EVENT_TYPES).optional(),
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

/**
 * Registers the shops and the message log:
 * - `GET /admin/shops` → `{ shops: [{ id, name, provider, platform }] }`;
 * - `GET /admin/messages?shop&status&event&since&until&order&phone&limit&cursor` → `{ messages, nextCursor? }`,
 *   newest first, keyset pagination (`status` and `event` are comma lists, `phone` the last 2 to 10 digits; a
 *   cursor the engine did not make is 400 `invalid_query`);
 * - `GET /admin/messages/:id` → `{ message, measure, attempts, actions, explanation: { tr, en } }`; 404
 *   `unknown_message`.
 * Recipients are masked and dedupe keys left out (`toAdminMessage`).
 * @param admin - the admin API's Fastify context
 * @param context - engine, providers and shops
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
    const page = await readPage(reply, () =>
      engine.messages.query({
        ...(query.shop ? { shopId: query.shop } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.event ? { eventType: query.event } : {}),
        ...(query.since ? { since: query.since } : {}),
        ...(query.until ? { until: query.until } : {}),
        ...(query.order ? { orderId: query.order } : {}),
        ...(query.phone ? { phoneDigits: query.phone } : {}),
        limit: query.limit,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      }),
    );
    if (!page) return reply;
    return reply.send({
      messages: page.messages.map(toAdminMessage),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    });
  });

  admin.get('/admin/messages/:id', async (request, reply) => {
    const params = parseInput(messageIdParams, request.params, reply, 'invalid_query');
    if (!params) return reply;
    const detail = await engine.messages.get(params.id);
    if (!detail) return sendError(reply, 404, 'unknown_message', 'No such message');
    const { message, measure, attempts, actions, explanation } = detail;
    return reply.send({
      message: toAdminMessage(message),
      measure,
      attempts: attempts.map(({ messageId: _messageId, attempt: _attempt, ...attempt }) => attempt),
      actions,
      explanation,
    });
  });
}
