import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type AdminRouteContext, cursorSchema, parseInput, shopOrAnswer } from './admin-context';
import { readPage } from './admin-errors';

const auditQuery = z.strictObject({
  shop: z.string().min(1).max(63).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: cursorSchema.optional(),
});

/**
 * Registers `GET /admin/audit?shop&limit&cursor` → `{ entries: [{ at, user, action, target, details }],
 * nextCursor? }`, newest first: who retried, resolved or cancelled a message, sent a test, saved or restored
 * templates. A cursor the engine did not make is 400 `invalid_query`.
 * @param admin - the admin API's Fastify context
 * @param context - engine, providers and shops
 */
export function registerAuditRoutes(admin: FastifyInstance, context: AdminRouteContext): void {
  admin.get('/admin/audit', async (request, reply) => {
    const query = parseInput(auditQuery, request.query, reply, 'invalid_query');
    if (!query || (query.shop && !shopOrAnswer(context, query.shop, reply))) return reply;
    const page = await readPage(reply, () =>
      context.engine.audit.list({
        ...(query.shop ? { shopId: query.shop } : {}),
        limit: query.limit,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      }),
    );
    if (!page) return reply;
    return reply.send({
      entries: page.entries.map(({ at, user, action, target, details }) => ({
        at,
        user,
        action,
        target,
        details,
      })),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    });
  });
}
