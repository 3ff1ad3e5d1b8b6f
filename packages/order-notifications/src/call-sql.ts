import { recipientTail } from './admin-migration';
import type {
  CallLogEntry,
  CallLogFilter,
  NewVoiceJob,
  RecentOrderRef,
  StoredCallLogEntry,
  VoiceJob,
  VoiceJobFilter,
  VoiceJobKind,
  VoiceJobPatch,
  VoiceJobStatus,
} from './call-store';
import { type SqlDialect, toNumber } from './outbox-sql';

/**
 * The tables of the voice side (see `call-store.ts`) and their row mapping, shared by the SQLite and PostgreSQL
 * call stores. `{prefix}` is replaced like in the outbox's migrations.
 */

/**
 * The statements of the voice migration: voice jobs, the calls log, the follow-up limit per number, and an index
 * that finds a number's recent orders among the outbox's messages.
 * @param dialect - the SQL flavour
 */
export function voiceMigrationStatements(dialect: SqlDialect): string[] {
  const bigint = dialect === 'postgres' ? 'BIGINT' : 'INTEGER';
  const serial = dialect === 'postgres' ? 'BIGSERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';
  return [
    `CREATE TABLE {prefix}voice_jobs (
      id TEXT PRIMARY KEY,
      dedupe_key TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL,
      shop_id TEXT NOT NULL,
      order_id TEXT,
      phone TEXT,
      state TEXT NOT NULL,
      status TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at ${bigint} NOT NULL,
      lease_until ${bigint},
      worker_id TEXT,
      created_at ${bigint} NOT NULL,
      updated_at ${bigint} NOT NULL,
      last_error TEXT
    )`,
    `CREATE INDEX voice_jobs_due ON {prefix}voice_jobs (next_attempt_at) WHERE status = 'queued'`,
    `CREATE INDEX voice_jobs_running ON {prefix}voice_jobs (lease_until) WHERE status = 'running'`,
    `CREATE INDEX voice_jobs_phone ON {prefix}voice_jobs (shop_id, kind, phone)`,
    `CREATE INDEX voice_jobs_order ON {prefix}voice_jobs (shop_id, order_id)`,
    `CREATE TABLE {prefix}call_log (
      id ${serial},
      shop_id TEXT NOT NULL,
      uuid TEXT NOT NULL,
      event_name TEXT NOT NULL,
      event_type TEXT NOT NULL,
      direction TEXT NOT NULL,
      caller TEXT NOT NULL,
      callee TEXT NOT NULL,
      talk_seconds INTEGER,
      hangup_cause TEXT,
      automatic INTEGER NOT NULL,
      order_id TEXT,
      at ${bigint} NOT NULL,
      UNIQUE (shop_id, uuid, event_name)
    )`,
    `CREATE INDEX call_log_shop ON {prefix}call_log (shop_id, id)`,
    `CREATE TABLE {prefix}call_follow_ups (
      shop_id TEXT NOT NULL,
      phone TEXT NOT NULL,
      sent_at ${bigint} NOT NULL,
      PRIMARY KEY (shop_id, phone)
    )`,
    `CREATE INDEX outbox_recipient ON {prefix}outbox_messages (shop_id, recipient, created_at)`,
  ];
}

/** Columns written when a job is inserted, in order. */
export const JOB_INSERT_COLUMNS = [
  'id',
  'dedupe_key',
  'kind',
  'shop_id',
  'order_id',
  'phone',
  'state',
  'status',
  'attempts',
  'next_attempt_at',
  'created_at',
  'updated_at',
] as const;

/** The values of {@link JOB_INSERT_COLUMNS} for one job. */
export function jobInsertValues(job: NewVoiceJob): (string | number | null)[] {
  const at = job.createdAt.getTime();
  return [
    job.id,
    job.dedupeKey,
    job.kind,
    job.shopId,
    job.orderId ?? null,
    job.phone ?? null,
    JSON.stringify(job.state),
    'queued',
    0,
    job.nextAttemptAt.getTime(),
    at,
    at,
  ];
}

/** A row as a driver returns it (PostgreSQL gives BIGINT as a string). */
export type CallRow = Record<string, unknown>;

function readState(text: unknown): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(String(text));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** Maps a row of `voice_jobs` to a {@link VoiceJob}. */
export function rowToJob(row: CallRow): VoiceJob {
  const job: VoiceJob = {
    id: String(row.id),
    dedupeKey: String(row.dedupe_key),
    kind: row.kind as VoiceJobKind,
    shopId: String(row.shop_id),
    state: readState(row.state),
    status: row.status as VoiceJobStatus,
    attempts: toNumber(row.attempts),
    nextAttemptAt: new Date(toNumber(row.next_attempt_at)),
    createdAt: new Date(toNumber(row.created_at)),
    updatedAt: new Date(toNumber(row.updated_at)),
  };
  if (row.order_id !== null && row.order_id !== undefined) job.orderId = String(row.order_id);
  if (row.phone !== null && row.phone !== undefined) job.phone = String(row.phone);
  if (row.last_error !== null && row.last_error !== undefined) job.lastError = String(row.last_error);
  return job;
}

/** Column assignments of a job patch, as `[column, value]` pairs (the claim is released unless `running`). */
export function jobPatchAssignments(patch: VoiceJobPatch, now: Date): [string, string | number | null][] {
  const pairs: [string, string | number | null][] = [['updated_at', now.getTime()]];
  if (patch.status !== undefined) {
    pairs.push(['status', patch.status]);
    if (patch.status !== 'running') pairs.push(['lease_until', null], ['worker_id', null]);
  }
  if (patch.state !== undefined) pairs.push(['state', JSON.stringify(patch.state)]);
  if (patch.nextAttemptAt !== undefined) pairs.push(['next_attempt_at', patch.nextAttemptAt.getTime()]);
  if (patch.lastError !== undefined) pairs.push(['last_error', patch.lastError]);
  return pairs;
}

/** One condition of a filter: the SQL around its parameter's marker, and the value (`undefined`: no condition). */
type Condition = [sql: (marker: string) => string, value: string | number | undefined];

/** Builds a WHERE clause of the conditions that have a value; `placeholder(n)` writes the n-th parameter. */
function whereClause(
  conditions: readonly Condition[],
  placeholder: (index: number) => string,
): { sql: string; values: (string | number)[] } {
  const parts: string[] = [];
  const values: (string | number)[] = [];
  for (const [sql, value] of conditions) {
    if (value === undefined) continue;
    values.push(value);
    parts.push(sql(placeholder(values.length)));
  }
  return { sql: parts.length === 0 ? '' : `WHERE ${parts.join(' AND ')}`, values };
}

/** The row limit of a list: `fallback` when not given, between 1 and `max`. */
function limitOf(limit: number | undefined, fallback: number, max: number): number {
  return Math.min(Math.max(Math.trunc(limit ?? fallback), 1), max);
}

/** Builds the WHERE clause of a job filter; `placeholder(n)` writes the n-th parameter (1-based). */
export function jobFilterClause(
  filter: VoiceJobFilter,
  placeholder: (index: number) => string,
): { sql: string; values: (string | number)[]; limit: number } {
  const where = whereClause(
    [
      [(marker) => `shop_id = ${marker}`, filter.shopId],
      [(marker) => `kind = ${marker}`, filter.kind],
      [(marker) => `order_id = ${marker}`, filter.orderId],
    ],
    placeholder,
  );
  return { ...where, limit: limitOf(filter.limit, 100, 1000) };
}

/** Columns written when a call event is logged, in order. */
export const CALL_INSERT_COLUMNS = [
  'shop_id',
  'uuid',
  'event_name',
  'event_type',
  'direction',
  'caller',
  'callee',
  'talk_seconds',
  'hangup_cause',
  'automatic',
  'order_id',
  'at',
] as const;

/** The values of {@link CALL_INSERT_COLUMNS} for one entry. */
export function callInsertValues(entry: CallLogEntry): (string | number | null)[] {
  return [
    entry.shopId,
    entry.uuid,
    entry.eventName,
    entry.eventType,
    entry.direction,
    entry.caller,
    entry.callee,
    entry.talkSeconds ?? null,
    entry.hangupCause ?? null,
    entry.automatic ? 1 : 0,
    entry.orderId ?? null,
    entry.at.getTime(),
  ];
}

/** Maps a row of `call_log` to a {@link StoredCallLogEntry}. */
export function rowToCall(row: CallRow): StoredCallLogEntry {
  const entry: StoredCallLogEntry = {
    id: toNumber(row.id),
    shopId: String(row.shop_id),
    uuid: String(row.uuid),
    eventName: String(row.event_name),
    eventType: String(row.event_type),
    direction: String(row.direction),
    caller: String(row.caller),
    callee: String(row.callee),
    automatic: toNumber(row.automatic) === 1,
    at: new Date(toNumber(row.at)),
  };
  if (row.talk_seconds !== null && row.talk_seconds !== undefined)
    entry.talkSeconds = toNumber(row.talk_seconds);
  if (row.hangup_cause !== null && row.hangup_cause !== undefined)
    entry.hangupCause = String(row.hangup_cause);
  if (row.order_id !== null && row.order_id !== undefined) entry.orderId = String(row.order_id);
  return entry;
}

/** Builds the WHERE clause of a calls-log filter; `placeholder(n)` writes the n-th parameter (1-based). */
export function callFilterClause(
  filter: CallLogFilter,
  placeholder: (index: number) => string,
): { sql: string; values: (string | number)[]; limit: number } {
  const where = whereClause(
    [
      [(marker) => `shop_id = ${marker}`, filter.shopId],
      [(marker) => `order_id = ${marker}`, filter.orderId],
      [(marker) => `id < ${marker}`, filter.beforeId],
    ],
    placeholder,
  );
  return { ...where, limit: limitOf(filter.limit, 50, 200) };
}

/**
 * The query of a number's most recent order among a shop's messages since a time (the missed-call follow-up's
 * lookup). A number in E.164 form is found through the index on its reversed digits, the shop and the time (the
 * reversed digits stand for exactly one E.164 number); any other form of number by the shop and the number alone.
 * @param table - the outbox's table, with its schema
 * @param shopId - the shop
 * @param phone - the number, as the messages name their recipient
 * @param since - the oldest message considered
 * @param placeholder - writes the n-th parameter (1-based)
 */
export function recentOrderQuery(
  table: string,
  shopId: string,
  phone: string,
  since: Date,
  placeholder: (index: number) => string,
): { sql: string; values: (string | number)[] } {
  const where = whereClause(
    [
      [(marker) => `recipient_tail = ${marker}`, recipientTail(phone) ?? undefined],
      [(marker) => `shop_id = ${marker}`, shopId],
      [(marker) => `recipient = ${marker}`, phone],
      [(marker) => `created_at >= ${marker}`, since.getTime()],
    ],
    placeholder,
  );
  return {
    sql: `SELECT order_id, order_number FROM ${table} ${where.sql} AND order_id IS NOT NULL
          ORDER BY created_at DESC LIMIT 1`,
    values: where.values,
  };
}

/** A row of the recent-order query: the order's id and, on messages stored since version 5, its number. */
export type RecentOrderRow = { order_id: string; order_number: string | null };

/**
 * The order a recent-order row names; the id stands for the number on rows stored before numbers were kept.
 * @param row - the row, or undefined when the query found none
 */
export function recentOrderOfRow(row: RecentOrderRow | undefined): RecentOrderRef | undefined {
  if (row === undefined) return undefined;
  return { id: row.order_id, number: row.order_number ?? row.order_id };
}
