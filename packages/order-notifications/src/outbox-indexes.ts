import type { SqlDialect } from './admin-migration';
import type { IndexChange } from './migration';
import { MESSAGE_STATUSES, type MessageStatus } from './outbox-store';

/**
 * The statuses few messages have at a time, which the console looks for among many sent and delivered ones:
 * waiting or in flight (`queued`, `sending`) and not, or not surely, sent (`failed`, `dead`, `unknown`,
 * `skipped`). A partial index holds only the messages in these statuses: a message on its usual way (queued,
 * sending, sent, delivered) enters it once, moves in it once and leaves it, in a small part of the index that
 * stays in the cache, instead of moving in two indexes of every status at each change.
 */
export const RARE_STATUSES = [
  'queued',
  'sending',
  'failed',
  'dead',
  'unknown',
  'skipped',
] as const satisfies readonly MessageStatus[];

/** `status IN ('a', 'b')`: statuses of the closed list, written as literals. */
function statusIn(statuses: readonly MessageStatus[]): string {
  return `status IN (${statuses.map((status) => `'${status}'`).join(', ')})`;
}

/**
 * The condition of the partial index on {@link RARE_STATUSES}, word for word. SQLite uses a partial index only
 * when the query's WHERE clause holds the index's condition as written (it does not see that `status = 'dead'`
 * implies it), so {@link statusCondition} adds this text to an SQLite filter on these statuses.
 */
export const RARE_STATUS_CONDITION = statusIn(RARE_STATUSES);

/**
 * The SQL condition of a status filter. Statuses are checked against the closed list of statuses and written as
 * literals, so the planner can use the partial indexes (`WHERE status = 'sent'`), which a bound parameter would
 * hide from it. For SQLite, a filter within {@link RARE_STATUSES} also carries {@link RARE_STATUS_CONDITION};
 * PostgreSQL proves that itself, and the repeated condition would only mislead its estimate of the rows found
 * (it then reads every match and sorts them instead of reading the index in order up to the page's end).
 * @param statuses - the statuses a row may have; none, or none known, matches nothing
 * @param dialect - the SQL flavour
 */
export function statusCondition(statuses: readonly MessageStatus[], dialect: SqlDialect): string {
  const known = statuses.filter((status) => MESSAGE_STATUSES.includes(status));
  if (known.length === 0) return '1 = 0';
  const condition = known.length === 1 ? `status = '${known[0]}'` : statusIn(known);
  const rare = known.every((status) => (RARE_STATUSES as readonly MessageStatus[]).includes(status));
  return dialect === 'sqlite' && rare ? `${condition} AND ${RARE_STATUS_CONDITION}` : condition;
}

/**
 * Schema version 7: the outbox's indexes cut to what its queries use. Version 2 indexed every status twice
 * (`(shop_id, status, created_at)` and `(status, created_at)`), so each status change of every message moved two
 * index entries; the statuses the console looks up among many messages now have one partial index, and the others
 * are read through the indexes on the time (the log is newest first) or the dispatcher's partial indexes. The
 * recipient's reversed digits lead one index with the shop and the time, which serves both the search by the
 * last digits and the missed-call follow-up's lookup of a number's recent order (the latter had an index of its
 * own, on `(shop_id, recipient, created_at)`, both written at a random place for every message).
 * The changes are the same in both SQL flavours; PostgreSQL makes them concurrently, so that webhooks are accepted
 * and messages sent while a large outbox is indexed. None of these indexes is UNIQUE, so a concurrent build changes
 * nothing writers see. Built so, a UNIQUE index would refuse other transactions' duplicates before it is valid, and
 * a duplicate already stored would make its build fail and leave an invalid index behind, which every start would
 * drop and fail to build again until the duplicate is gone.
 */
export function outboxIndexMigration(): IndexChange[] {
  // The new indexes are built before the old ones go, so that the instances still serving (PostgreSQL builds
  // concurrently) keep an index for the console's filters and the follow-up's lookup throughout.
  return [
    {
      create: 'outbox_shop_rare_status',
      on: `{prefix}outbox_messages (shop_id, status, created_at)
       WHERE ${RARE_STATUS_CONDITION}`,
    },
    {
      create: 'outbox_recipient_tail_shop',
      on: '{prefix}outbox_messages (recipient_tail, shop_id, created_at)',
    },
    { drop: 'outbox_shop_status' },
    { drop: 'outbox_status_created' },
    { drop: 'outbox_recipient' },
    { drop: 'outbox_recipient_tail' },
  ];
}
