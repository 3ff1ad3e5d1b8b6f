import { maskPhoneNumber } from '@x/messaging-core';
import { normalizeRecipient } from '@x/order-notifications';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sendError } from '../http-errors';
import { adminUserOf } from './admin-auth';
import { type AdminRouteContext, parseInput, shopOrAnswer } from './admin-context';
import { answerEngineError } from './admin-errors';
import { readOptOutCsv } from './opt-out-csv';

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
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,400}$/, 'not a cursor of this API')
    .optional(),
});

const phonesSchema = z.strictObject({
  phones: z.array(z.string().trim().min(1).max(50)).min(1).max(1000),
  shop: z.string().min(1).max(63).optional(),
});

const importQuery = z.strictObject({ shop: z.string().min(1).max(63).optional() });

/**
 * Registers the opt-out list (local numbers and the provider blacklists mirrored into it):
 * - `GET /admin/opt-outs?q&source&limit&cursor` → `{ optOuts: [{ phone (masked), source, createdAt }],
 *   nextCursor? }`, newest first, by keyset pagination in the store (an invalid cursor is 400 `invalid_query`);
 *   `q` searches the last digits of the number, 2 to 10 (as the message log's `phone`);
 * - `POST /admin/opt-outs` `{ phones, shop? }` → `{ added, invalid: [{ index, reason }] }`;
 * - `DELETE /admin/opt-outs` `{ phones, shop? }` → `{ removed }` (local entries only);
 * - `POST /admin/opt-outs/import?shop` with a `text/csv` body (one number per line, or a `phone` column; at most
 *   512 KiB) → `{ added, invalid: [{ line, reason }] }`.
 * Adding, removing and importing each write one audit entry (`optOuts.add`, `optOuts.remove`, `optOuts.import`)
 * with the signed-in user and the count of numbers changed, in the same transaction as the change.
 * Numbers are normalised with the default country of `shop` (the first shop's when absent).
 * @param admin - the admin API's Fastify context
 * @param context - engine, providers and shops
 */
export function registerOptOutRoutes(admin: FastifyInstance, context: AdminRouteContext): void {
  const { engine } = context;
  const firstShop = [...context.shops.values()][0];

  function countryOf(shopId: string | undefined): string {
    return (shopId ? context.shops.get(shopId) : firstShop)?.defaultCountry ?? 'TR';
  }

  function normalise(phones: readonly string[], country: string) {
    const usable: string[] = [];
    const invalid: { index: number; reason: string }[] = [];
    phones.forEach((phone, index) => {
      const checked = normalizeRecipient(phone, country);
      if (checked.ok) usable.push(checked.e164);
      else invalid.push({ index, reason: checked.reason });
    });
    return { usable: [...new Set(usable)], invalid };
  }

  admin.get('/admin/opt-outs', async (request, reply) => {
    const query = parseInput(listSchema, request.query, reply, 'invalid_query');
    if (!query) return reply;
    let page: Awaited<ReturnType<typeof engine.optOuts.query>>;
    try {
      page = await engine.optOuts.query({
        ...(query.q ? { digits: query.q } : {}),
        ...(query.source ? { source: query.source } : {}),
        limit: query.limit,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
    } catch (error) {
      if (answerEngineError(reply, error, { notFound: 'not_found', invalid: 'invalid_query' })) return reply;
      throw error;
    }
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
    const body = parseInput(phonesSchema, request.body, reply);
    if (!body || (body.shop && !shopOrAnswer(context, body.shop, reply))) return reply;
    const { usable, invalid } = normalise(body.phones, countryOf(body.shop));
    const operator = { user: adminUserOf(request), ...(body.shop ? { shopId: body.shop } : {}) };
    const added = usable.length > 0 ? await engine.optOuts.add(usable, operator) : 0;
    return reply.send({ added, invalid });
  });

  admin.delete('/admin/opt-outs', async (request, reply) => {
    const body = parseInput(phonesSchema, request.body, reply);
    if (!body || (body.shop && !shopOrAnswer(context, body.shop, reply))) return reply;
    const { usable } = normalise(body.phones, countryOf(body.shop));
    const operator = { user: adminUserOf(request), ...(body.shop ? { shopId: body.shop } : {}) };
    const removed = usable.length > 0 ? await engine.optOuts.remove(usable, operator) : 0;
    return reply.send({ removed });
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
    let csv: ReturnType<typeof readOptOutCsv>;
    try {
      csv = readOptOutCsv(request.body.toString('utf8'), countryOf(query.shop));
    } catch (error) {
      return sendError(reply, 400, 'invalid_csv', (error as Error).message);
    }
    // One change and one audit entry per import, whatever its size (at most 512 KiB of numbers).
    const operator = {
      user: adminUserOf(request),
      import: true,
      ...(query.shop ? { shopId: query.shop } : {}),
    };
    const added = csv.phones.length > 0 ? await engine.optOuts.add(csv.phones, operator) : 0;
    return reply.send({
      added,
      invalid: csv.invalid,
      ...(csv.moreInvalid ? { moreInvalid: csv.moreInvalid } : {}),
    });
  });
}
