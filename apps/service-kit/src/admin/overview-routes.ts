import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type AdminRouteContext, type AdminShop, parseInput, shopOrAnswer } from './admin-context';
import { type BalanceReader, createBalanceReader } from './provider-balances';

const overviewQuery = z.strictObject({ shop: z.string().min(1).max(63).optional() });

/** Options of {@link registerOverviewRoutes}. */
export interface OverviewRouteOptions {
  /** The balance reader (one per service instance; a new one by default). */
  balances?: BalanceReader;
}

/**
 * Registers `GET /admin/overview?shop` → `{ today, last7Days, perDay: [{ date, counts }], credits: { today,
 * last7Days }, segments, attention: { failed, dead, unknown }, balances: [{ shopId, providerId, balance?,
 * error? }], dispatcher: { queued, oldestQueuedAt?, lastSentAt?, running } }`: the engine's figures (calendar
 * days in the shop's time zone, the first shop's without `shop`), and the balance of each shop's provider, read
 * with a time limit and kept for a minute by this instance.
 * @param admin - the admin API's Fastify context
 * @param context - engine, providers and shops
 * @param options - the balance reader
 */
export function registerOverviewRoutes(
  admin: FastifyInstance,
  context: AdminRouteContext,
  options: OverviewRouteOptions = {},
): void {
  const balances = options.balances ?? createBalanceReader();
  admin.get('/admin/overview', async (request, reply) => {
    const query = parseInput(overviewQuery, request.query, reply, 'invalid_query');
    if (!query) return reply;
    const shop = query.shop ? shopOrAnswer(context, query.shop, reply) : undefined;
    if (query.shop && !shop) return reply;
    const shops: AdminShop[] = shop ? [shop] : [...context.shops.values()];
    const [figures, shopBalances] = await Promise.all([
      context.engine.overview(shop ? { shopId: shop.id } : {}),
      balances.balances(
        shops.map(({ id, provider, providerKey }) => ({ shopId: id, providerId: provider, providerKey })),
        context.providers,
      ),
    ]);
    return reply.send({ ...figures, balances: shopBalances });
  });
}
