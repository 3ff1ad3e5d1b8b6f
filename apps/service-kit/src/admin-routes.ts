import { MESSAGE_STATUSES, type MessageFilter, type NotificationEngine } from '@x/order-notifications';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { toAdminMessage } from './admin/message-routes';
import { sendError } from './http-errors';
import { secretsEqual } from './signature';

/** Which messages an admin query is about. */
export type AdminMessageFilter = MessageFilter;

/** The part of the notification engine the admin API reads: the message log and template previews. */
export type AdminEngine = Pick<NotificationEngine, 'messages' | 'preview'>;

/** Options of {@link registerAdminRoutes}. */
export interface AdminRouteOptions {
  engine: AdminEngine;
  /** The bearer token; when undefined the admin API answers 503 (it is never open). */
  token: string | undefined;
  /** Shop ids that exist; queries for others answer 404. */
  shopIds: readonly string[];
}

const dateSchema = z.coerce.date().refine((date) => !Number.isNaN(date.getTime()), 'expected an ISO date');

const filterSchema = z.strictObject({
  shop: z.string().min(1).optional(),
  status: z.enum(MESSAGE_STATUSES).optional(),
  order: z.string().min(1).max(100).optional(),
  since: dateSchema.optional(),
  until: dateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

const previewSchema = z.strictObject({
  shop: z.string().min(1),
  template: z.string().min(1).max(5000),
  order: z
    .object({
      id: z.string(),
      number: z.string(),
      status: z.string(),
      total: z.string(),
      currency: z.string(),
      paymentMethod: z.string(),
      shippingMethod: z.string(),
      trackingNumber: z.string(),
      trackingCompany: z.string(),
      trackingUrl: z.string(),
      items: z.array(z.object({ name: z.string(), quantity: z.number(), total: z.string().optional() })),
    })
    .partial()
    .optional(),
  customer: z
    .object({
      id: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      phone: z.string(),
      email: z.string(),
    })
    .partial()
    .optional(),
});

function issuesText(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Registers the JSON admin API under `/admin`, protected by `Authorization: Bearer <ADMIN_TOKEN>` (the scheme
 * in any case, the token compared in constant time):
 * - `GET /admin/messages?shop&status&order&since&until&limit&offset` lists outbox messages (recipients masked);
 * - `GET /admin/messages/counts?shop&since&until` counts messages per status;
 * - `GET /admin/costs?shop&since&until` sums segments and credits;
 * - `POST /admin/preview { shop, template, order?, customer? }` renders a template with the shop's settings and
 *   reports its type, segments and cost.
 * Without a token configured every admin route answers 503; a wrong token answers 401.
 * @param app - the Fastify server
 * @param options - engine, token and shops
 */
export function registerAdminRoutes(app: FastifyInstance, options: AdminRouteOptions): void {
  const { engine, token } = options;
  const shops = new Set(options.shopIds);

  function authorize(request: FastifyRequest, reply: FastifyReply): boolean {
    if (!token) {
      sendError(reply, 503, 'admin_disabled', 'Set ADMIN_TOKEN to enable the admin API');
      return false;
    }
    // The scheme name is case-insensitive (RFC 9110, section 11.1): `bearer` and `BEARER` are `Bearer`.
    const given = /^bearer[ \t]+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim() ?? '';
    if (!given || !secretsEqual(given, token)) {
      sendError(reply, 401, 'unauthorized', 'Missing or invalid bearer token');
      return false;
    }
    return true;
  }

  function parseFilter(request: FastifyRequest, reply: FastifyReply): AdminMessageFilter | undefined {
    const parsed = filterSchema.safeParse(request.query);
    if (!parsed.success) {
      sendError(reply, 400, 'invalid_query', issuesText(parsed.error));
      return undefined;
    }
    const query = parsed.data;
    if (query.shop !== undefined && !shops.has(query.shop)) {
      sendError(reply, 404, 'unknown_shop', 'No such shop');
      return undefined;
    }
    return {
      ...(query.shop ? { shopId: query.shop } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.order ? { orderId: query.order } : {}),
      ...(query.since ? { since: query.since } : {}),
      ...(query.until ? { until: query.until } : {}),
      limit: query.limit,
      offset: query.offset,
    };
  }

  app.get('/admin/messages', async (request, reply) => {
    if (!authorize(request, reply)) return reply;
    const filter = parseFilter(request, reply);
    if (!filter) return reply;
    const messages = (await engine.messages.list(filter)).map(toAdminMessage);
    return reply.send({ messages, limit: filter.limit, offset: filter.offset });
  });

  app.get('/admin/messages/counts', async (request, reply) => {
    if (!authorize(request, reply)) return reply;
    const filter = parseFilter(request, reply);
    if (!filter) return reply;
    const { limit: _limit, offset: _offset, ...rest } = filter;
    return reply.send({ counts: await engine.messages.counts(rest) });
  });

  app.get('/admin/costs', async (request, reply) => {
    if (!authorize(request, reply)) return reply;
    const filter = parseFilter(request, reply);
    if (!filter) return reply;
    const { limit: _limit, offset: _offset, ...rest } = filter;
    return reply.send(await engine.messages.costTotals(rest));
  });

  app.post('/admin/preview', async (request, reply) => {
    if (!authorize(request, reply)) return reply;
    const parsed = previewSchema.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, 'invalid_body', issuesText(parsed.error));
    const { shop, template, order, customer } = parsed.data;
    if (!shops.has(shop)) return sendError(reply, 404, 'unknown_shop', 'No such shop');
    try {
      const preview = engine.preview({
        shopId: shop,
        template,
        ...(order ? { order } : {}),
        ...(customer ? { customer } : {}),
      });
      // The engine lists unknown variables with their positions; this route refuses them, as it always has.
      const unknown = [...new Set(preview.unknownVariables.map((found) => `{${found.variable}}`))];
      if (unknown.length > 0) {
        return sendError(reply, 400, 'invalid_template', `template: unknown variable ${unknown.join(', ')}`);
      }
      return reply.send(preview);
    } catch (error) {
      const message = error instanceof Error ? error.message : 'The template cannot be rendered';
      return sendError(reply, 400, 'invalid_template', message);
    }
  });
}
