import { MESSAGE_STATUSES, type MessageStatus, type OverviewRows } from '@x/order-notifications';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type AdminRouteContext, type AdminShop, parseInput, shopOrAnswer } from './admin-context';
import { lastDays } from './day-boundaries';
import { type BalanceReader, createBalanceReader } from './provider-balances';

const overviewQuery = z.strictObject({ shop: z.string().min(1).max(63).optional() });

type Counts = Record<MessageStatus, number>;

function zeroCounts(): Counts {
  return Object.fromEntries(MESSAGE_STATUSES.map((status) => [status, 0])) as Counts;
}

/** Credits of the sent and delivered messages: those the provider charged, else segments × the price. */
function creditsOf(bucket: OverviewRows['buckets'][number], pricePerSegment: number | undefined): number {
  if (bucket.status !== 'sent' && bucket.status !== 'delivered') return 0;
  return bucket.credits ?? bucket.segments * (pricePerSegment ?? 1);
}

/** The overview's figures from the store's rows: per day, today, the last 7 days, credits. */
function figures(rows: OverviewRows, dates: readonly string[], pricePerSegment: number | undefined) {
  const perDay = dates.map((date) => ({ date, counts: zeroCounts() }));
  const credits = perDay.map(() => 0);
  for (const bucket of rows.buckets) {
    const day = perDay[bucket.span];
    if (!day) continue;
    day.counts[bucket.status] += bucket.count;
    credits[bucket.span] = (credits[bucket.span] ?? 0) + creditsOf(bucket, pricePerSegment);
  }
  const last7Days = zeroCounts();
  for (const day of perDay) for (const status of MESSAGE_STATUSES) last7Days[status] += day.counts[status];
  const round = (value: number) => Number(value.toPrecision(12));
  return {
    today: perDay[perDay.length - 1]?.counts ?? zeroCounts(),
    last7Days,
    perDay,
    credits: {
      today: round(credits[credits.length - 1] ?? 0),
      last7Days: round(credits.reduce((sum, value) => sum + value, 0)),
    },
  };
}

/** Options of {@link registerOverviewRoutes}. */
export interface OverviewRouteOptions {
  /** Whether this instance's dispatcher runs. */
  dispatcherRunning: () => boolean;
  /** The balance reader (one per service instance; a new one by default). */
  balances?: BalanceReader;
}

/**
 * Registers `GET /admin/overview?shop` → `{ today, last7Days, perDay: [{ date, counts }], credits: { today,
 * last7Days }, attention: { failed, dead, unknown }, balances: [{ shopId, providerId, balance?, error? }],
 * dispatcher: { queued, oldestQueuedAt?, lastSentAt?, running } }`. Days are calendar days in the shop's time
 * zone (the first shop's without `shop`); balances are read from each shop's provider with a time limit and
 * kept for a minute by this instance.
 * @param admin - the admin API's Fastify context
 * @param context - engine, shops and clock
 * @param options - the dispatcher's state and the balance reader
 */
export function registerOverviewRoutes(
  admin: FastifyInstance,
  context: AdminRouteContext,
  options: OverviewRouteOptions,
): void {
  const balances = options.balances ?? createBalanceReader();
  admin.get('/admin/overview', async (request, reply) => {
    const query = parseInput(overviewQuery, request.query, reply, 'invalid_query');
    if (!query) return reply;
    const shop = query.shop ? shopOrAnswer(context, query.shop, reply) : undefined;
    if (query.shop && !shop) return reply;
    const shops: AdminShop[] = shop ? [shop] : [...context.shops.values()];
    const timeZone = shops[0]?.timeZone ?? 'Europe/Istanbul';
    const { dates, boundaries } = lastDays(context.now(), timeZone, 7);
    const [rows, shopBalances] = await Promise.all([
      context.engine.overview({ ...(shop ? { shopId: shop.id } : {}), boundaries }),
      balances.balances(
        shops.map(({ id, provider, providerKey }) => ({ shopId: id, providerId: provider, providerKey })),
        context.engine.providers,
      ),
    ]);
    return reply.send({
      ...figures(rows, dates, shops.length === 1 ? shops[0]?.pricePerSegment : undefined),
      attention: rows.attention,
      balances: shopBalances,
      dispatcher: { ...rows.dispatcher, running: options.dispatcherRunning() },
    });
  });
}
