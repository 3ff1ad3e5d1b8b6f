import { maskPhoneNumber } from '@x/messaging-core';
import type { OptOutOperator } from '@x/order-notifications';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sendError } from '../http-errors';
import { adminUserOf } from './admin-auth';
import { type AdminRouteContext, cursorSchema, parseInput, shopOrAnswer } from './admin-context';
import { answerEngineError, readPage } from './admin-errors';
import { decodeCsv, type OptOutCsv, optOutImportAnswer, readOptOutCsv } from './opt-out-csv';

/** The largest CSV an import takes: 512 KiB (about 30,000 numbers). */
export const CSV_BODY_LIMIT_BYTES = 524_288;

const listSchema = z.strictObject({
  q: z
    .string()
    .trim()
    .max(20)
    .regex(/^[\d +]*$/, 'search by digits')
    .optional(),
  source: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: cursorSchema.optional(),
});

// Each number is bounded and read by the engine (at most 50 characters, a mobile number).
const phonesSchema = z.strictObject({
  phones: z.array(z.string()).min(1).max(1000),
  shop: z.string().min(1).max(63).optional(),
});

const importQuery = z.strictObject({ shop: z.string().min(1).max(63).optional() });

/**
 * Registers the opt-out list (local numbers and the provider blacklists mirrored into it):
 * - `GET /admin/opt-outs?q&source&limit&cursor` → `{ optOuts: [{ phone (masked), source, createdAt }],
 *   nextCursor? }`, newest first, by keyset pagination in the store (an invalid cursor is 400 `invalid_query`);
 *   `q` searches the last digits of the number, 2 to 10 (as the message log's `phone`);
 * - `POST /admin/opt-outs` `{ phones, shop? }` → `{ added }`;
 * - `DELETE /admin/opt-outs` `{ phones, shop? }` → `{ removed }` (local entries only);
 * - either answers 400 `invalid_body` with `error.issues: [{ path: 'phones.<index>', message }]` and changes
 *   nothing when a number is longer than 50 characters or not a mobile number;
 * - `POST /admin/opt-outs/import?shop` with a `text/csv` body (one number per line, or a `phone` column; at most
 *   512 KiB) → `{ added, invalid: [{ line, reason }] }`.
 * Adding, removing and importing each write one audit entry (`optOuts.add`, `optOuts.remove`, `optOuts.import`)
 * with the signed-in user and the count of numbers changed, in the same transaction as the change.
 * The engine reads the numbers (`engine.optOuts`), with the default country of `shop` (the first shop's when
 * absent).
 * @param admin - the admin API's Fastify context
 * @param context - engine, providers and shops
 */
export function registerOptOutRoutes(admin: FastifyInstance, context: AdminRouteContext): void {
  const { engine } = context;

  /** Adds or removes the numbers of a request; a refused number answers 400 naming it. */
  async function changeList(
    request: FastifyRequest,
    reply: FastifyReply,
    change: (phones: string[], operator: OptOutOperator) => Promise<number>,
  ): Promise<number | undefined> {
    const body = parseInput(phonesSchema, request.body, reply);
    if (!body || (body.shop && !shopOrAnswer(context, body.shop, reply))) return undefined;
    const operator = { user: adminUserOf(request), ...(body.shop ? { shopId: body.shop } : {}) };
    try {
      return await change(body.phones, operator);
    } catch (error) {
      if (answerEngineError(reply, error, { notFound: 'not_found', invalid: 'invalid_body' }))
        return undefined;
      throw error;
    }
  }

  admin.get('/admin/opt-outs', async (request, reply) => {
    const query = parseInput(listSchema, request.query, reply, 'invalid_query');
    if (!query) return reply;
    const page = await readPage(reply, () =>
      engine.optOuts.query({
        ...(query.q ? { digits: query.q } : {}),
        ...(query.source ? { source: query.source } : {}),
        limit: query.limit,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      }),
    );
    if (!page) return reply;
    return reply.send({
      optOuts: page.optOuts.map(({ phone, source, createdAt }) => ({
        phone: maskPhoneNumber(phone),
        source,
        createdAt,
      })),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    });
  });

  admin.post('/admin/opt-outs', async (request, reply) => {
    const added = await changeList(request, reply, (phones, operator) =>
      engine.optOuts.add(phones, operator),
    );
    return added === undefined ? reply : reply.send({ added });
  });

  admin.delete('/admin/opt-outs', async (request, reply) => {
    const removed = await changeList(request, reply, (phones, operator) =>
      engine.optOuts.remove(phones, operator),
    );
    return removed === undefined ? reply : reply.send({ removed });
  });

  admin.post('/admin/opt-outs/import', { bodyLimit: CSV_BODY_LIMIT_BYTES }, async (request, reply) => {
    const query = parseInput(importQuery, request.query, reply, 'invalid_query');
    if (!query || (query.shop && !shopOrAnswer(context, query.shop, reply))) return reply;
    const type = String(request.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim()
      .toLowerCase();
    if (type !== 'text/csv' || !Buffer.isBuffer(request.body)) {
      return sendError(reply, 415, 'unsupported_media_type', 'Send the numbers as text/csv');
    }
    let csv: OptOutCsv;
    try {
      csv = readOptOutCsv(decodeCsv(request.body));
    } catch (error) {
      return sendError(reply, 400, 'invalid_csv', (error as Error).message);
    }
    // One change and one audit entry per import, whatever its size (at most 512 KiB of numbers); each number is
    // read once, by the engine.
    const operator = { user: adminUserOf(request), ...(query.shop ? { shopId: query.shop } : {}) };
    return reply.send(optOutImportAnswer(csv, await engine.optOuts.import(csv.phones, operator)));
  });
}
