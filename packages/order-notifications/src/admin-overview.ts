import { type EngineContext, shopOf } from './engine-context';
import { emptyCounts } from './outbox-sql';
import type { MessageStatus } from './outbox-store';
import { createWallClock } from './wall-clock';

/** Messages per status. */
export type StatusCounts = Record<MessageStatus, number>;

/** The overview page's figures. Days are the shop's calendar days (its `timeZone`). */
export interface OverviewFigures {
  /** Messages accepted today, per status. */
  today: StatusCounts;
  /** Messages accepted today and in the 6 days before, per status. */
  last7Days: StatusCounts;
  /** The same 7 days one by one, oldest first (`date` as `YYYY-MM-DD`), for a chart. */
  perDay: { date: string; counts: StatusCounts }[];
  /**
   * What the sent and delivered messages cost: the credits the provider reported when it reports them,
   * otherwise segments × the shop's `pricePerSegment`, otherwise segments.
   */
  credits: { today: number; last7Days: number };
  /** Segments of the sent and delivered messages. */
  segments: { today: number; last7Days: number };
  /** Messages that need an operator, all time. */
  attention: { failed: number; dead: number; unknown: number };
  /** The queue: messages waiting, the oldest one's acceptance, the latest send, and whether this engine sends. */
  dispatcher: { queued: number; oldestQueuedAt?: Date; lastSentAt?: Date; running: boolean };
}

/** Options of {@link NotificationEngine.overview}. */
export interface OverviewOptions {
  /** One shop (its time zone sets the days); all shops when absent (the first shop's time zone). */
  shopId?: string;
}

/**
 * The start of each of the last `days` calendar days of a time zone, and of the next day: `days + 1` instants.
 * @param now - the current time
 * @param timeZone - an IANA time zone
 * @param days - how many days, today included
 */
export function dayBoundaries(
  now: Date,
  timeZone: string,
  days: number,
): { starts: Date[]; dates: string[] } {
  const clock = createWallClock(timeZone);
  const today = new Date(clock.read(now.getTime()));
  const starts: Date[] = [];
  const dates: string[] = [];
  for (let back = days - 1; back >= -1; back--) {
    const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - back);
    starts.push(new Date(clock.instantOf(midnight)));
    if (back >= 0) dates.push(new Date(midnight).toISOString().slice(0, 10));
  }
  return { starts, dates };
}

function sumCounts(target: StatusCounts, source: StatusCounts): void {
  for (const status of Object.keys(source) as MessageStatus[]) target[status] += source[status];
}

/**
 * Reads the overview's figures: one grouped query over the last 7 days (per day and status, through the index
 * on `(shop_id, created_at)`), and index-backed counts for attention and the queue.
 * @param context - the engine's shared parts
 * @param options - the shop
 * @param running - whether a dispatcher of this engine is running
 * @throws {@link ConfigError} for an unknown shop
 */
export async function readOverview(
  context: EngineContext,
  options: OverviewOptions,
  running: boolean,
): Promise<OverviewFigures> {
  const shops = context.config.shops;
  const shop =
    options.shopId === undefined ? Object.values(shops)[0] : shopOf(context.config, options.shopId);
  const { starts, dates } = dayBoundaries(context.now(), shop?.timeZone ?? 'Europe/Istanbul', 7);
  const rows = await context.store.admin.overview({
    ...(options.shopId === undefined ? {} : { shopId: options.shopId }),
    boundaries: starts,
  });
  const perDay = dates.map((date) => ({ date, counts: emptyCounts() }));
  const segments = dates.map(() => 0);
  const cost = dates.map(() => 0);
  for (const bucket of rows.buckets) {
    const day = perDay[bucket.span];
    if (day === undefined) continue;
    day.counts[bucket.status] += bucket.count;
    if (bucket.status !== 'sent' && bucket.status !== 'delivered') continue;
    segments[bucket.span]! += bucket.segments;
    cost[bucket.span]! += bucket.credits ?? bucket.segments * (shop?.pricePerSegment ?? 1);
  }
  const last7Days = emptyCounts();
  for (const day of perDay) sumCounts(last7Days, day.counts);
  const total = (values: number[]) => Number(values.reduce((sum, value) => sum + value, 0).toPrecision(12));
  return {
    today: { ...perDay.at(-1)!.counts },
    last7Days,
    perDay,
    credits: { today: total(cost.slice(-1)), last7Days: total(cost) },
    segments: { today: segments.at(-1)!, last7Days: total(segments) },
    attention: rows.attention,
    dispatcher: { ...rows.dispatcher, running },
  };
}
