import { TEMPLATE_TEXT_LIMIT } from '@x/order-notifications';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { adminUserOf } from './admin-auth';
import { type AdminRouteContext, parseInput, shopOrAnswer } from './admin-context';
import { answerEngineError } from './admin-errors';

const previewSchema = z.strictObject({
  shop: z.string().min(1).max(63),
  template: z.string().max(TEMPLATE_TEXT_LIMIT),
  sample: z.enum(['sample', 'recent']).default('sample'),
});

const testSmsSchema = z.strictObject({
  phone: z.string().trim().min(1).max(50),
  text: z.string().trim().min(1).max(1000),
});

const shopParams = z.strictObject({ shop: z.string().min(1).max(63) });

/**
 * Registers the live preview and the test SMS:
 * - `POST /admin/preview` `{ shop, template, sample?: 'sample' | 'recent' }` → `{ text, type, segments, units,
 *   charactersLeft, fits, cost?, transliterated?, unknownVariables: [{ variable, index }], sample }`: unknown
 *   variables are listed with their positions, not refused, so that the editor marks them while typing;
 * - `POST /admin/shops/:shop/test-sms` `{ phone, text }` → 202 `{ message, duplicate }`, queued through the
 *   outbox (the dispatcher sends it once; the same text to the same number again within a minute is not queued
 *   twice) and recorded in the audit log; 400 `invalid_body` naming `phone` or `text` when they cannot be sent.
 * @param admin - the admin API's Fastify context
 * @param context - engine, providers and shops
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
    return reply.send(preview);
  });

  admin.post('/admin/shops/:shop/test-sms', async (request, reply) => {
    const params = parseInput(shopParams, request.params, reply, 'invalid_query');
    if (!params || !shopOrAnswer(context, params.shop, reply)) return reply;
    const body = parseInput(testSmsSchema, request.body, reply);
    if (!body) return reply;
    try {
      const result = await engine.sendTestMessage({
        shopId: params.shop,
        phone: body.phone,
        text: body.text,
        user: adminUserOf(request),
      });
      return reply.code(202).send(result);
    } catch (error) {
      if (answerEngineError(reply, error, { notFound: 'unknown_shop', invalid: 'invalid_body' }))
        return reply;
      throw error;
    }
  });
}
