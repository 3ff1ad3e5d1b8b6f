import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sendError } from '../http-errors';
import { adminUserOf } from './admin-auth';
import { type AdminRouteContext, parseInput, shopOrAnswer } from './admin-context';
import { toAdminMessage } from './message-routes';

const previewSchema = z.strictObject({
  shop: z.string().min(1).max(63),
  template: z.string().max(2000),
  sample: z.enum(['sample', 'recent']).default('sample'),
});

const testSmsSchema = z.strictObject({
  phone: z.string().trim().min(1).max(50),
  text: z.string().trim().min(1).max(1600),
});

const shopParams = z.strictObject({ shop: z.string().min(1).max(63) });

/** A phone error from the engine: its reason only, never the number. */
function phoneReason(error: unknown): string | undefined {
  const reason = (error as { reason?: unknown } | null)?.reason;
  return typeof reason === 'string' ? reason : undefined;
}

/**
 * Registers the live preview and the test SMS:
 * - `POST /admin/preview` `{ shop, template, sample?: 'sample' | 'recent' }` → `{ text, type, segments, units,
 *   charactersLeft, cost?, transliterated?, unknownVariables: [{ variable, index }] }`: unknown variables are
 *   reported with their positions, not refused, so that the editor can mark them while typing;
 * - `POST /admin/shops/:shop/test-sms` `{ phone, text }` → 202 `{ message }`, queued through the outbox (the
 *   dispatcher sends it once) and recorded in the audit log; 400 `invalid_phone` for a number that cannot
 *   receive SMS.
 * @param admin - the admin API's Fastify context
 * @param context - engine, shops and clock
 */
export function registerPreviewRoutes(admin: FastifyInstance, context: AdminRouteContext): void {
  const { engine } = context;

  admin.post('/admin/preview', async (request, reply) => {
    const body = parseInput(previewSchema, request.body, reply);
    if (!body || !shopOrAnswer(context, body.shop, reply)) return reply;
    const preview = await engine.previewTemplate({
      shopId: body.shop,
      template: body.template,
      sample: body.sample,
    });
    return reply.send({ unknownVariables: [], ...preview });
  });

  admin.post('/admin/shops/:shop/test-sms', async (request, reply) => {
    const params = parseInput(shopParams, request.params, reply, 'invalid_query');
    if (!params || !shopOrAnswer(context, params.shop, reply)) return reply;
    const body = parseInput(testSmsSchema, request.body, reply);
    if (!body) return reply;
    try {
      const message = await engine.sendTestSms({
        shopId: params.shop,
        phone: body.phone,
        text: body.text,
        user: adminUserOf(request),
      });
      return reply.code(202).send({ message: toAdminMessage(message) });
    } catch (error) {
      const reason = phoneReason(error);
      if (reason === undefined) throw error;
      return sendError(reply, 400, 'invalid_phone', `The number cannot receive SMS (${reason})`);
    }
  });
}
