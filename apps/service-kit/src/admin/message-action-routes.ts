import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { sendError } from '../http-errors';
import { adminUserOf } from './admin-auth';
import type { AdminRouteContext } from './admin-context';
import { parseInput } from './admin-context';
import type { AdminActionResult } from './admin-engine';
import { toAdminMessage } from './message-routes';

const idParams = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a message id') });
const resolveSchema = z.strictObject({ outcome: z.enum(['sent', 'failed', 'resend']) });
const emptyBody = z.strictObject({});

/** Answers an action's result: the message, 404 `unknown_message`, or 409 with the action's conflict code. */
function answer(reply: FastifyReply, result: AdminActionResult, conflict: { code: string; message: string }) {
  if (result.ok) return reply.code(200).send({ message: toAdminMessage(result.message) });
  if (result.reason === 'not_found') return sendError(reply, 404, 'unknown_message', 'No such message');
  return sendError(reply, 409, conflict.code, conflict.message);
}

/**
 * Registers the message actions, each recorded in the audit log with the signed-in user, each guarded by the
 * message's status in the store (two concurrent clicks change it once):
 * - `POST /admin/messages/:id/retry` → a `failed` or `dead` message queued again, same id (409 `not_retryable`);
 * - `POST /admin/messages/:id/resolve` `{ outcome: 'sent' | 'failed' | 'resend' }` → an `unknown` message decided
 *   (409 `not_unknown`);
 * - `POST /admin/messages/:id/cancel` → a `queued` message skipped, reason `cancelled` (409 `not_queued`).
 * @param admin - the admin API's Fastify context
 * @param context - engine, shops and clock
 */
export function registerMessageActionRoutes(admin: FastifyInstance, context: AdminRouteContext): void {
  const { engine } = context;

  admin.post('/admin/messages/:id/retry', async (request, reply) => {
    const params = parseInput(idParams, request.params, reply, 'invalid_query');
    if (!params || !parseInput(emptyBody, request.body, reply)) return reply;
    const result = await engine.retryMessage(params.id, adminUserOf(request));
    return answer(reply, result, {
      code: 'not_retryable',
      message: 'Only a failed or dead message can be retried',
    });
  });

  admin.post('/admin/messages/:id/resolve', async (request, reply) => {
    const params = parseInput(idParams, request.params, reply, 'invalid_query');
    if (!params) return reply;
    const body = parseInput(resolveSchema, request.body, reply);
    if (!body) return reply;
    const result = await engine.resolveMessage(params.id, body.outcome, adminUserOf(request));
    return answer(reply, result, {
      code: 'not_unknown',
      message: 'Only a message of unknown outcome can be resolved',
    });
  });

  admin.post('/admin/messages/:id/cancel', async (request, reply) => {
    const params = parseInput(idParams, request.params, reply, 'invalid_query');
    if (!params || !parseInput(emptyBody, request.body, reply)) return reply;
    const result = await engine.cancelMessage(params.id, adminUserOf(request));
    return answer(reply, result, { code: 'not_queued', message: 'Only a queued message can be cancelled' });
  });
}
