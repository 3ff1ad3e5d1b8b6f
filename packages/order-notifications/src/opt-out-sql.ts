import { ValidationError } from '@x/messaging-core';
import { recipientTail, type SqlDialect } from './admin-migration';
import { reversedDigits } from './admin-sql';
import type { OutboxRow } from './outbox-sql';
import type { OptOut } from './outbox-store';

/** A page of the opt-out list, newest first: every field narrows; all but `limit` are optional. */
export interface OptOutQuery {
  /** The last digits of the number, 2 to 10 digits (anything else in the string is ignored). */
  digits?: string;
  /** One source: `'local'` or a provider key (its blacklist). */
  source?: string;
  /** Most rows returned (default 50, at most 200). */
  limit?: number;
  /** The `nextCursor` of the previous page (keyset pagination). */
  cursor?: string;
}

/** What {@link OptOutQuery} returns. */
export interface OptOutPage {
  /** Opt-outs, newest first (numbers as stored: mask them before showing). */
  optOuts: OptOut[];
  /** Give it back as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

/**
 * The opt-out list's search and keyset indexes (schema version 4): the number's reversed digits, for a search by
 * the last digits as the message log does, and `(created_at, phone, source)` with and without the source first.
 */
export function optOutMigration(dialect: SqlDialect): string[] {
  const collate = dialect === 'postgres' ? ' COLLATE "C"' : '';
  const reverse = dialect === 'postgres' ? 'reverse' : 'x_reverse';
  const isE164 =
    dialect === 'postgres' ? `phone ~ '^\\+[0-9]+$'` : `phone GLOB '+[0-9]*' AND phone NOT GLOB '*[^0-9+]*'`;
  return [
    `ALTER TABLE {prefix}opt_outs ADD COLUMN phone_tail TEXT${collate}`,
    `UPDATE {prefix}opt_outs SET phone_tail = ${reverse}(substr(phone, 2)) WHERE ${isE164}`,
    `CREATE INDEX opt_outs_tail ON {prefix}opt_outs (phone_tail)`,
    `CREATE INDEX opt_outs_created ON {prefix}opt_outs (created_at, phone, source)`,
    `CREATE INDEX opt_outs_source_created ON {prefix}opt_outs (source, created_at, phone)`,
  ];
}

/** SQLite's insert of one opt-out: values of {@link optOutRow}; a number already listed by the source stays. */
export const SQLITE_OPT_OUT_INSERT =
  'INSERT INTO opt_outs (phone, source, created_at, phone_tail) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING';

/** The values of {@link SQLITE_OPT_OUT_INSERT} for one number. */
export function optOutRow(phone: string, source: string, at: number): (string | number | null)[] {
  return [phone, source, at, recipientTail(phone)];
}

/**
 * PostgreSQL's insert of opt-outs through `unnest`: `$1` the numbers, `$2` the source, `$3` the time, `$4` their
 * reversed digits ({@link postgresOptOutValues}).
 */
export function postgresOptOutInsert(table: string): string {
  return `INSERT INTO ${table} (phone, source, created_at, phone_tail)
    SELECT p.phone, $2, $3, p.tail FROM unnest($1::text[], $4::text[]) AS p(phone, tail) ON CONFLICT DO NOTHING`;
}

/** The parameters of {@link postgresOptOutInsert} (numbers deduplicated). */
export function postgresOptOutValues(phones: readonly string[], source: string, at: number): unknown[] {
  const unique = [...new Set(phones)];
  return [unique, source, at, unique.map(recipientTail)];
}

/** Maps a row of `opt_outs`. */
export function rowToOptOut(row: OutboxRow): OptOut {
  return {
    phone: String(row.phone),
    source: String(row.source),
    createdAt: new Date(Number(row.created_at)),
  };
}

function invalidCursor(): ValidationError {
  return new ValidationError({
    message: 'Invalid cursor: give back the nextCursor of the previous page',
    issues: [{ path: ['cursor'], message: 'invalid cursor', code: 'invalid_cursor' }],
    target: 'cursor',
  });
}

/** An opaque cursor: the sort key `(created_at, phone, source)` of a page's last row. */
export function encodeOptOutCursor(optOut: OptOut): string {
  return Buffer.from(
    JSON.stringify([optOut.createdAt.getTime(), optOut.phone, optOut.source]),
    'utf8',
  ).toString('base64url');
}

/**
 * Reads a cursor made by {@link encodeOptOutCursor}.
 * @throws ValidationError for anything else
 */
export function decodeOptOutCursor(cursor: string): { at: number; phone: string; source: string } {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) throw invalidCursor();
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(key) || key.length !== 3) throw invalidCursor();
  const [at, phone, source] = key as unknown[];
  if (!Number.isSafeInteger(at) || (at as number) < 0) throw invalidCursor();
  if (typeof phone !== 'string' || phone.length > 50 || typeof source !== 'string' || source.length > 100) {
    throw invalidCursor();
  }
  return { at: at as number, phone, source };
}

/** The WHERE clause of an opt-out query (without order and limit). */
export function optOutQueryClause(
  query: OptOutQuery,
  placeholder: (index: number) => string,
): { sql: string; values: (string | number)[] } {
  const conditions: string[] = [];
  const values: (string | number)[] = [];
  const push = (value: string | number) => {
    values.push(value);
    return placeholder(values.length);
  };
  if (query.source !== undefined) conditions.push(`source = ${push(query.source)}`);
  const tail = reversedDigits(query.digits);
  if (tail !== undefined) {
    // A range on the reversed digits: the index finds every number ending in them (':' follows '9').
    conditions.push(`phone_tail >= ${push(tail)} AND phone_tail < ${push(`${tail}:`)}`);
  }
  if (query.cursor !== undefined) {
    const { at, phone, source } = decodeOptOutCursor(query.cursor);
    conditions.push(`(created_at, phone, source) < (${push(at)}, ${push(phone)}, ${push(source)})`);
  }
  return { sql: conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`, values };
}

/** The ORDER BY of an opt-out query: newest first, then by number and source (the cursor's key). */
export const OPT_OUT_ORDER = 'ORDER BY created_at DESC, phone DESC, source DESC';

/** A page of `limit` opt-outs out of the `limit + 1` rows a query read. */
export function optOutPageOf(rows: readonly OutboxRow[], limit: number): OptOutPage {
  const optOuts = rows.slice(0, limit).map(rowToOptOut);
  const last = optOuts.at(-1);
  return rows.length > limit && last !== undefined
    ? { optOuts, nextCursor: encodeOptOutCursor(last) }
    : { optOuts };
}
