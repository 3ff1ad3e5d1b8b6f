import { ValidationError } from '@x/messaging-core';
import type {
  AdminSessionRecord,
  AttemptResult,
  AuditEntry,
  AuditQuery,
  MessageAttempt,
  MessageQuery,
  NewAuditEntry,
  OverviewQuery,
  RecentOrder,
  SignInWindow,
  TemplateSettings,
  TemplateVersion,
} from './admin-store';
import { filterClause, type OutboxRow, type SqlDialect, toNumber } from './outbox-sql';
import type { AttemptRecord, MessageStatus } from './outbox-store';

/** Columns of an attempt insert, in order. */
export const ATTEMPT_COLUMNS = [
  'message_id',
  'attempt',
  'at',
  'result',
  'error_kind',
  'error_code',
  'error_message',
  'provider_message_id',
  'duration_ms',
] as const;

/** The values of {@link ATTEMPT_COLUMNS} for one attempt. */
export function attemptValues(messageId: string, attempt: AttemptRecord): (string | number | null)[] {
  return [
    messageId,
    attempt.attempt,
    attempt.at.getTime(),
    attempt.result,
    attempt.errorKind ?? null,
    attempt.errorCode ?? null,
    attempt.errorMessage ?? null,
    attempt.providerMessageId ?? null,
    attempt.durationMs === undefined ? null : Math.max(0, Math.round(attempt.durationMs)),
  ];
}

const present = (value: unknown): value is string | number => value !== null && value !== undefined;

/** Maps a row of `message_attempts`. */
export function rowToAttempt(row: OutboxRow): MessageAttempt {
  const attempt: MessageAttempt = {
    messageId: String(row.message_id),
    attempt: toNumber(row.attempt),
    at: new Date(toNumber(row.at)),
    result: row.result as AttemptResult,
  };
  if (present(row.error_kind)) attempt.errorKind = String(row.error_kind);
  if (present(row.error_code)) attempt.errorCode = String(row.error_code);
  if (present(row.error_message)) attempt.errorMessage = String(row.error_message);
  if (present(row.provider_message_id)) attempt.providerMessageId = String(row.provider_message_id);
  if (present(row.duration_ms)) attempt.durationMs = toNumber(row.duration_ms);
  return attempt;
}

/** Columns of an audit insert, in order. */
export const AUDIT_COLUMNS = ['id', 'at', 'user_name', 'action', 'shop_id', 'target', 'details'] as const;

/** The values of {@link AUDIT_COLUMNS} for one entry. */
export function auditValues(id: string, entry: NewAuditEntry): (string | number | null)[] {
  return [
    id,
    entry.at.getTime(),
    entry.user,
    entry.action,
    entry.shopId ?? null,
    entry.target,
    JSON.stringify(entry.details),
  ];
}

/** Maps a row of `audit_log`. */
export function rowToAudit(row: OutboxRow): AuditEntry {
  const entry: AuditEntry = {
    id: String(row.id),
    at: new Date(toNumber(row.at)),
    user: String(row.user_name),
    action: String(row.action),
    target: String(row.target),
    details: JSON.parse(String(row.details)) as Record<string, unknown>,
  };
  if (present(row.shop_id)) entry.shopId = String(row.shop_id);
  return entry;
}

/** Maps a row of `template_versions`. */
export function rowToTemplateVersion(row: OutboxRow): TemplateVersion {
  return {
    shopId: String(row.shop_id),
    version: toNumber(row.version),
    user: String(row.user_name),
    at: new Date(toNumber(row.at)),
    settings: JSON.parse(String(row.settings)) as TemplateSettings,
  };
}

/** Maps a row of `admin_sessions`. */
export function rowToSession(row: OutboxRow): AdminSessionRecord {
  return {
    idHash: String(row.id_hash),
    user: String(row.user_name),
    csrfToken: String(row.csrf_token),
    createdAt: new Date(toNumber(row.created_at)),
    expiresAt: new Date(toNumber(row.expires_at)),
  };
}

/** Maps a row of `admin_sign_in_attempts` as a counting statement returns it. */
export function rowToSignInWindow(row: OutboxRow): SignInWindow {
  return { attempts: toNumber(row.attempts), startedAt: new Date(toNumber(row.started_at)) };
}

/** Maps a row of `recent_orders` (dates of the order come back as dates). */
export function rowToRecentOrder(row: OutboxRow): RecentOrder {
  const order = JSON.parse(String(row.order_json)) as RecentOrder['order'] & {
    createdAt?: string;
    updatedAt?: string;
  };
  const revived = { ...order } as RecentOrder['order'];
  if (order.createdAt !== undefined) revived.createdAt = new Date(order.createdAt);
  if (order.updatedAt !== undefined) revived.updatedAt = new Date(order.updatedAt);
  return {
    shopId: String(row.shop_id),
    at: new Date(toNumber(row.at)),
    order: revived,
    customer: JSON.parse(String(row.customer_json)) as RecentOrder['customer'],
  };
}

/** Rows of a page: the asked limit, bounded (default `fallback`, at most 200). */
export function pageLimit(limit: number | undefined, fallback: number): number {
  const value = Math.trunc(limit ?? fallback);
  return Number.isFinite(value) ? Math.min(Math.max(value, 1), 200) : fallback;
}

/**
 * A page of `limit` rows out of the `limit + 1` a query read: the extra row, when there is one, says that a next
 * page exists, whose cursor is the sort key of the page's last row.
 */
export function pageOf<T>(
  rows: readonly OutboxRow[],
  limit: number,
  map: (row: OutboxRow) => T,
  key: (item: T) => { at: Date; id: string },
): { items: T[]; nextCursor?: string } {
  const items = rows.slice(0, limit).map(map);
  const last = items.at(-1);
  if (rows.length <= limit || last === undefined) return { items };
  const { at, id } = key(last);
  return { items, nextCursor: encodeCursor(at.getTime(), id) };
}

/** An opaque keyset cursor: the sort key of the last row of a page. */
export function encodeCursor(at: number, id: string): string {
  return Buffer.from(`${at}.${id}`, 'utf8').toString('base64url');
}

/**
 * Reads a cursor made by {@link encodeCursor}.
 * @throws ValidationError for anything else
 */
export function decodeCursor(cursor: string): { at: number; id: string } {
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{1,100})$/.exec(text);
  if (match === null) {
    throw new ValidationError({
      message: 'Invalid cursor: give back the nextCursor of the previous page',
      issues: [{ path: ['cursor'], message: 'invalid cursor', code: 'invalid_cursor' }],
      target: 'cursor',
    });
  }
  return { at: Number(match[1]), id: match[2]! };
}

/** The last 2 to 10 digits searched for, reversed; undefined when `phoneDigits` holds fewer than 2 digits. */
export function reversedDigits(phoneDigits: string | undefined): string | undefined {
  const digits = (phoneDigits ?? '').replace(/\D/g, '').slice(-10);
  return digits.length < 2 ? undefined : [...digits].reverse().join('');
}

/** The WHERE clause of a message log query (without limit and order), for a dialect. */
export function messageQueryClause(
  query: MessageQuery,
  placeholder: (index: number) => string,
  dialect: SqlDialect,
): { sql: string; values: (string | number)[] } {
  for (const key of ['since', 'until'] as const) {
    const date = query[key];
    if (date !== undefined && !(date instanceof Date && Number.isFinite(date.getTime()))) {
      throw new ValidationError({
        message: `Invalid ${key}: expected a valid date`,
        issues: [{ path: [key], message: 'expected a valid date', code: 'invalid_date' }],
        target: 'query',
      });
    }
  }
  const base = filterClause(
    {
      ...(query.shopId === undefined ? {} : { shopId: query.shopId }),
      ...(query.orderId === undefined ? {} : { orderId: query.orderId }),
      ...(query.status === undefined ? {} : { status: query.status }),
      ...(query.since === undefined ? {} : { since: query.since }),
      ...(query.until === undefined ? {} : { until: query.until }),
    },
    placeholder,
    dialect,
  );
  const conditions = base.sql === '' ? [] : [base.sql.slice('WHERE '.length)];
  const values = [...base.values];
  const push = (value: string | number) => {
    values.push(value);
    return placeholder(values.length);
  };
  if (query.eventType !== undefined) {
    const types = typeof query.eventType === 'string' ? [query.eventType] : [...query.eventType];
    conditions.push(
      types.length === 0 ? '1 = 0' : `event_type IN (${types.map((type) => push(type)).join(', ')})`,
    );
  }
  const tail = reversedDigits(query.phoneDigits);
  if (tail !== undefined) {
    // A range on the reversed digits: the index finds every number ending in them (':' follows '9').
    conditions.push(`recipient_tail >= ${push(tail)} AND recipient_tail < ${push(`${tail}:`)}`);
  }
  if (query.cursor !== undefined) {
    const { at, id } = decodeCursor(query.cursor);
    conditions.push(`(created_at < ${push(at)} OR (created_at = ${push(at)} AND id < ${push(id)}))`);
  }
  return { sql: conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`, values };
}

/** The WHERE clause of an audit query. */
export function auditQueryClause(
  query: AuditQuery,
  placeholder: (index: number) => string,
): { sql: string; values: string[] } {
  const conditions: string[] = [];
  const values: string[] = [];
  const push = (value: string) => {
    values.push(value);
    return placeholder(values.length);
  };
  if (query.shopId !== undefined) conditions.push(`shop_id = ${push(query.shopId)}`);
  if (query.target !== undefined) conditions.push(`target = ${push(query.target)}`);
  if (query.cursor !== undefined) conditions.push(`id < ${push(decodeCursor(query.cursor).id)}`);
  return { sql: conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`, values };
}

/**
 * The overview's one query: counts, segments and credits per span and status, from the index on
 * `(shop_id, created_at)` (or `created_at`). `CASE` finds the span of each row among the boundaries.
 */
export function overviewSql(
  query: OverviewQuery,
  table: string,
  placeholder: (index: number) => string,
): { sql: string; values: (string | number)[] } {
  const values: (string | number)[] = [];
  const push = (value: string | number) => {
    values.push(value);
    return placeholder(values.length);
  };
  const bounds = query.boundaries.map((date) => date.getTime());
  const cases = bounds
    .slice(1)
    .map((bound, index) => `WHEN created_at < ${push(bound)} THEN ${index}`)
    .join(' ');
  // Pushed in the order of the text: SQLite's `?` are positional.
  const where = query.shopId === undefined ? [] : [`shop_id = ${push(query.shopId)}`];
  where.push(`created_at >= ${push(bounds[0] ?? 0)}`, `created_at < ${push(bounds.at(-1) ?? 0)}`);
  return {
    sql: `SELECT CASE ${cases} END AS span, status, COUNT(*) AS count, COALESCE(SUM(segments), 0) AS segments,
            SUM(credits) AS credits
          FROM ${table} WHERE ${where.join(' AND ')} GROUP BY 1, status`,
    values,
  };
}

/** The attention statuses, counted by the overview. */
export const ATTENTION_STATUSES = ['failed', 'dead', 'unknown'] as const satisfies readonly MessageStatus[];

/** The start of the hour of an instant, in epoch milliseconds (signature failures are counted per hour). */
export function hourOf(at: Date): number {
  return Math.floor(at.getTime() / 3_600_000) * 3_600_000;
}
