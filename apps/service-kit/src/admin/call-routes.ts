import { InvalidPhoneNumberError, InvalidRecipientError } from '@x/messaging-core';
import { ConfigError, type NotificationEngine } from '@x/order-notifications';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sendError } from '../http-errors';
import type { AdminRouteGroup } from './admin-api';
import { type AdminRouteContext, parseInput, shopOrAnswer } from './admin-context';
import { answerEngineError } from './admin-errors';

/**
 * The calls log and click-to-call of the admin API, for shops with voice settings:
 * - `GET /admin/calls?shop&order&limit&cursor` → `{ calls: [{ id, shopId, uuid, eventName, eventType, direction,
 *   caller, callee, talkSeconds?, hangupCause?, automatic, orderId?, at }], nextCursor? }`, newest first, numbers
 *   masked;
 * - `POST /admin/calls/click-to-call` `{ shop, to, destination }` → 202 `{ status: 'ringing' }`, or 409
 *   `already_ringing` when the same number was called from here within the last minute (a double click), 409
 *   `no_voice` when the shop cannot bridge calls, 400 `invalid_body` when the provider refuses the number or
 *   the request (with `error.issues` when it names them), 502 `provider_setup` when it refuses the shop's own
 *   PBX number (the caller: the shop's settings or its provider account must change), 502 `provider_error` when
 *   it fails otherwise. A refused call does not count as the number's call: the corrected click right after
 *   rings.
 */

const callsQuery = z.strictObject({
  shop: z.string().min(1).max(63).optional(),
  order: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, 'expected the nextCursor of the previous page')
    .optional(),
});

const clickToCallBody = z.strictObject({
  shop: z.string().min(1).max(63),
  to: z.string().min(3).max(32),
  destination: z.string().regex(/^\d{2,4}$/, 'expected an extension, group or menu number (2 to 4 digits)'),
});

/**
 * The route group of the calls log and click-to-call, over the engine's voice side.
 * @param engine - the engine (its `voice`)
 */
export function callRoutes(engine: Pick<NotificationEngine, 'voice'>): AdminRouteGroup {
  return (admin: FastifyInstance, context: AdminRouteContext) => {
    admin.get('/admin/calls', async (request, reply) => {
      const query = parseInput(callsQuery, request.query, reply, 'invalid_query');
      if (!query || (query.shop && !shopOrAnswer(context, query.shop, reply))) return reply;
      const calls = await engine.voice.calls({
        ...(query.shop ? { shopId: query.shop } : {}),
        ...(query.order ? { orderId: query.order } : {}),
        ...(query.cursor ? { beforeId: Number(query.cursor) } : {}),
        limit: query.limit,
      });
      const last = calls.at(-1);
      return reply.send({
        calls,
        ...(calls.length === query.limit && last ? { nextCursor: String(last.id) } : {}),
      });
    });

    admin.post('/admin/calls/click-to-call', async (request, reply) => {
      const body = parseInput(clickToCallBody, request.body, reply);
      if (!body || !shopOrAnswer(context, body.shop, reply)) return reply;
      if (!engine.voice.providerOf(body.shop)?.bridgeCall) {
        return sendError(reply, 409, 'no_voice', 'This shop has no voice provider that can bridge calls');
      }
      try {
        const placed = await engine.voice.clickToCall(body.shop, {
          to: body.to,
          destination: body.destination,
        });
        if (!placed) return sendError(reply, 409, 'already_ringing', 'This number was called a moment ago');
        return reply.code(202).send({ status: 'ringing' });
      } catch (error) {
        // Voice settings that cannot bridge calls (no PBX number) are the shop's state, not a bad request.
        if (ConfigError.isInstance(error)) return sendError(reply, 409, 'no_voice', error.message);
        if (InvalidPhoneNumberError.isInstance(error)) {
          return sendError(reply, 400, 'invalid_body', 'to: not a phone number');
        }
        if (InvalidRecipientError.isInstance(error)) {
          return sendError(reply, 400, 'invalid_body', 'to: the provider refused this number');
        }
        if (answerEngineError(reply, error, { notFound: 'unknown_shop', invalid: 'invalid_body' }))
          return reply;
        throw error;
      }
    });
  };
}
