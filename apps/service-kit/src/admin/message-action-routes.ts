import { type OutboxMessage, toAdminMessage } from '@x/order-notifications';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { adminUserOf } from './admin-auth';
import { type AdminRouteContext, parseInput } from './admin-context';
import { answerEngineError } from './admin-errors';
import { messageIdParams } from './message-routes';

const resolveSchema = z.strictObject({ outcome: z.enum(['sent', 'failed', 'resend']) });
const emptyBody = z.strictObject({});

/**
 * Registers the message actions, each recorded in the audit log with the signed-in user, each guarded by the
 * message's status in the store (two concurrent clicks, or two instances, change it once):
 * - `POST /admin/messages/:id/retry` → 200 `{ message }`: a `failed` or `dead` message queued again, same id;
 *   409 `not_retryable`;
 * - `POST /admin/messages/:id/resolve` `{ outcome: 'sent' | 'failed' | 'resend' }` → 200 `{ message }`: an
 *   `unknown` message decided; 409 `not_unknown`;
 * - `POST /admin/messages/:id/cancel` → 200 `{ message }`: a `queued` message skipped, reason `cancelled`;
 *   409 `not_cancellable`.
 * An unknown message is 404 `unknown_message`.
 * @param admin - the admin API's Fastify context
 * @param context - engine, providers and shops
 */
export function registerMessageActionRoutes(admin: FastifyInstance, context: AdminRouteContext): void {
  const { messages } = context.engine;

  function action(
    path: string,
    schema: z.ZodType,
    run: (id: string, body: unknown, request: FastifyRequest) => Promise<OutboxMessage>,
  ) {
    admin.post(path, async (request, reply) => {
      const params = parseInput(messageIdParams, request.params, reply, 'invalid_query');
      if (!params) return reply;
      const body = parseInput(schema, request.body, reply);
      if (body === undefined) return reply;
      try {
        const message = await run(params.id, body, request);
        return reply.code(200).send({ message: toAdminMessage(message) });
      } catch (error) {
        if (answerEngineError(reply, error, { notFound: 'unknown_message', invalid: 'invalid_body' }))
          return reply;
        throw error;
      }
    });
  }

  action('/admin/messages/:id/retry', emptyBody, (id, _body, request) =>
    messages.retry(id, { user: adminUserOf(request) }),
  );
  action('/admin/messages/:id/resolve', resolveSchema, (id, body, request) =>
    messages.resolve(id, (body as z.infer<typeof resolveSchema>).outcome, { user: adminUserOf(request) }),
  );
  action('/admin/messages/:id/cancel', emptyBody, (id, _body, request) =>
    messages.cancel(id, { user: adminUserOf(request) }),
  );
}
