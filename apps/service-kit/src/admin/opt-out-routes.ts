import { maskPhoneNumber } from '@x/messaging-core';
import { normalizeRecipient } from '@x/order-notifications';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sendError } from '../http-errors';
import { type AdminRouteContext, parseInput, shopOrAnswer } from './admin-context';
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
    .regex(/^o\d{1,7}$/, 'not a cursor of this API')
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
 *   nextCursor? }`, newest first; `q` searches the digits of the full number;
 * - `POST /admin/opt-outs` `{ phones, shop? }` → `{ added, invalid: [{ index, reason }] }`;
 * - `DELETE /admin/opt-outs` `{ phones, shop? }` → `{ removed }` (local entries only);
 * - `POST /admin/opt-outs/import?shop` with a `text/csv` body (one number per line, or a `phone` column; at most
 *   512 KiB) → `{ added, invalid: [{ line, reason }] }`.
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
    const digits = query.q?.replace(/\D/g, '') ?? '';
    const all = (await engine.optOuts.list())
      .filter((entry) => (digits ? entry.phone.includes(digits) : true))
      .filter((entry) => (query.source ? entry.source === query.source : true))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || a.phone.localeCompare(b.phone));
    const offset = query.cursor ? Number(query.cursor.slice(1)) : 0;
    const page = all.slice(offset, offset + query.limit);
    const next = offset + page.length;
    return reply.send({
      optOuts: page.map(({ phone, source, createdAt }) => ({
        phone: maskPhoneNumber(phone),
        source,
        createdAt,
      })),
      ...(next < all.length ? { nextCursor: `o${next}` } : {}),
    });
  });

  admin.post('/admin/opt-outs', async (request, reply) => {
    const body = parseInput(phonesSchema, request.body, reply);
    if (!body || (body.shop && !shopOrAnswer(context, body.shop, reply))) return reply;
    const { usable, invalid } = normalise(body.phones, countryOf(body.shop));
    const added = usable.length > 0 ? await engine.optOuts.add(usable) : 0;
    return reply.send({ added, invalid });
  });

  admin.delete('/admin/opt-outs', async (request, reply) => {
    const body = parseInput(phonesSchema, request.body, reply);
    if (!body || (body.shop && !shopOrAnswer(context, body.shop, reply))) return reply;
    const { usable } = normalise(body.phones, countryOf(body.shop));
    const local = new Set(
      (await engine.optOuts.list()).filter((entry) => entry.source === 'local').map((entry) => entry.phone),
    );
    const removed = usable.filter((phone) => local.has(phone));
    if (removed.length > 0) await engine.optOuts.remove(removed);
    return reply.send({ removed: removed.length });
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
    let added = 0;
    for (let start = 0; start < csv.phones.length; start += 1000) {
      added += await engine.optOuts.add(csv.phones.slice(start, start + 1000));
    }
    return reply.send({
      added,
      invalid: csv.invalid,
      ...(csv.moreInvalid ? { moreInvalid: csv.moreInvalid } : {}),
    });
  });
}
