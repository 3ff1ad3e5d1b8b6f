import { LoadSettingError } from '@x/messaging-core';
import type { AdminStore } from './admin-store';
import { postgresOptOutInsert, postgresOptOutValues } from './opt-out-sql';
import {
  emptyCounts,
  filterClause,
  INSERT_COLUMNS,
  insertValues,
  listLimit,
  lostAttempt,
  newMessage,
  type OutboxRow,
  patchAssignments,
  type RecordedState,
  rowToMessage,
} from './outbox-sql';
import type {
  AcceptUnit,
  AcceptUnitOutcome,
  ClaimOptions,
  EnqueueResult,
  MessageFilter,
  MessageGuard,
  MessagePatch,
  MessageStatus,
  NewOutboxMessage,
  OrderStateRecord,
  OutboxStore,
  SentOutcome,
} from './outbox-store';
import { attemptArrays, attemptInsertCte, PostgresAdminStore } from './postgres-admin-store';
import { PostgresCallStore } from './postgres-call-store';
import { migratePostgres, quoteIdentifier } from './postgres-migrate';
import type { PostgresPool, PostgresPoolClient, PostgresRow } from './postgres-pool';

/** Options of {@link createPostgresStore}. */
export interface PostgresStoreOptions {
  /** A `postgres://` URL; default: the `DATABASE_URL` environment variable. Ignored when `pool` is given. */
  connectionString?: string;
  /** Your own pool (a `pg.Pool`, or anything of the same shape); the store never ends it. */
  pool?: PostgresPool;
  /** The schema holding the tables (created if missing). Default `order_notifications`. */
  schema?: string;
  /** Most connections of the pool the store creates (default 10). */
  maxConnections?: number;
}

const dollar = (index: number) => `$${index}`;

/** PostgreSQL types of the inserted columns that are not `text`. */
const COLUMN_TYPES: Partial<Record<(typeof INSERT_COLUMNS)[number], string>> = {
  segments: 'int',
  attempts: 'int',
  next_attempt_at: 'bigint',
  created_at: 'bigint',
  updated_at: 'bigint',
};

function readDatabaseUrl(): string | undefined {
  return typeof process === 'undefined' ? undefined : process.env.DATABASE_URL;
}

/**
 * Opens an outbox in PostgreSQL, creating the schema and running the versioned migrations (under an advisory
 * lock, so several processes may start at once; indexes are built concurrently, so that running processes keep
 * writing). Many app processes on many machines can share it: claims use
 * `FOR UPDATE SKIP LOCKED`, so a message is sent by one worker only. Needs the optional peer dependency `pg`
 * (8.13 or later), loaded only when this function is called.
 *
 * @param options - connection and schema
 * @throws LoadSettingError when neither `pool`, `connectionString` nor `DATABASE_URL` is given
 * @example
 * ```ts
 * const store = await createPostgresStore({ connectionString: process.env.DATABASE_URL });
 * ```
 */
export async function createPostgresStore(options: PostgresStoreOptions = {}): Promise<OutboxStore> {
  const schema = options.schema ?? 'order_notifications';
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new LoadSettingError({
      message: 'createPostgresStore: schema must be a plain identifier (letters, digits, _)',
    });
  }
  let pool = options.pool;
  let ownsPool = false;
  if (pool === undefined) {
    const connectionString = options.connectionString ?? readDatabaseUrl();
    if (connectionString === undefined || connectionString === '') {
      throw new LoadSettingError({
        message:
          'PostgreSQL connection missing: pass the connectionString option (or pool), or set the DATABASE_URL environment variable',
      });
    }
    let pg: typeof import('pg');
    try {
      const loaded = (await import('pg')) as typeof import('pg') & { default?: typeof import('pg') };
      pg = loaded.default ?? loaded;
    } catch (error) {
      throw new Error('createPostgresStore needs the pg package: npm i pg', { cause: error });
    }
    pool = new pg.Pool({ connectionString, max: options.maxConnections ?? 10 });
    ownsPool = true;
  }
  const store = new PostgresStore(pool, schema, ownsPool);
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

class PostgresStore implements OutboxStore {
  readonly kind = 'postgres';
  readonly calls: PostgresCallStore;
  readonly #pool: PostgresPool;
  readonly #schema: string;
  readonly #ownsPool: boolean;
  readonly #outbox: string;
  readonly #statuses: string;
  readonly #optOuts: string;
  readonly #migrations: string;
  readonly #prefix: string;
  readonly admin: AdminStore;
  #closed = false;

  constructor(pool: PostgresPool, schema: string, ownsPool: boolean) {
    this.#pool = pool;
    this.#schema = schema;
    this.#ownsPool = ownsPool;
    const prefix = `${quoteIdentifier(schema)}.`;
    this.#outbox = `${prefix}outbox_messages`;
    this.#statuses = `${prefix}order_statuses`;
    this.#optOuts = `${prefix}opt_outs`;
    this.#migrations = `${prefix}schema_migrations`;
    this.#prefix = prefix;
    this.admin = new PostgresAdminStore({
      prefix,
      query: (sql, values, client) => this.#query(sql, values, client),
      transaction: (work) => this.#transaction(work),
      enqueue: (messages, client) => this.#enqueue(messages, client),
    });
    this.calls = new PostgresCallStore(pool, prefix, (work) => this.#transaction(work));
  }

  async #query<Row extends PostgresRow = OutboxRow>(
    sql: string,
    values: unknown[] = [],
    client?: PostgresPoolClient,
  ) {
    return (client ?? this.#pool).query<Row>(sql, values);
  }

  async #transaction<T>(work: (client: PostgresPoolClient) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async migrate(): Promise<void> {
    await migratePostgres(this.#pool, this.#schema);
  }

  async enqueue(messages: readonly NewOutboxMessage[]) {
    return this.#enqueue(messages);
  }

  async #enqueue(messages: readonly NewOutboxMessage[], client?: PostgresPoolClient): Promise<EnqueueResult> {
    if (messages.length === 0) return { inserted: [], duplicates: 0 };
    // One statement: the opt-out check and the insert of every message, one array parameter per column.
    const rows = messages.map(insertValues);
    const arrays = INSERT_COLUMNS.map((_, column) => rows.map((row) => row[column]));
    const optedOut = `v.status = 'queued' AND EXISTS (SELECT 1 FROM ${this.#optOuts} AS opt_out WHERE opt_out.phone = v.recipient)`;
    const selected = INSERT_COLUMNS.map((column) =>
      column === 'status'
        ? `CASE WHEN ${optedOut} THEN 'skipped' ELSE v.status END`
        : column === 'reason'
          ? `CASE WHEN ${optedOut} THEN 'opted-out' ELSE v.reason END`
          : `v.${column}`,
    );
    const { rows: written } = await this.#query<{
      id: string;
      status: 'queued' | 'skipped';
      reason: string | null;
    }>(
      `INSERT INTO ${this.#outbox} (${INSERT_COLUMNS.join(', ')})
       SELECT ${selected.join(', ')}
       FROM unnest(${INSERT_COLUMNS.map((column, index) => `$${index + 1}::${COLUMN_TYPES[column] ?? 'text'}[]`).join(', ')})
         AS v(${INSERT_COLUMNS.join(', ')})
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id, status, reason`,
      arrays,
      client,
    );
    const byId = new Map(written.map((row) => [row.id, row]));
    const inserted = messages
      .filter((message) => byId.has(message.id))
      .map((message) => {
        const row = byId.get(message.id)!;
        const stored = newMessage(message);
        stored.status = row.status;
        if (row.reason !== null) stored.reason = row.reason;
        return stored;
      });
    return { inserted, duplicates: messages.length - inserted.length };
  }

  async acceptBatch(units: readonly AcceptUnit[]): Promise<AcceptUnitOutcome[]> {
    if (units.length === 0) return [];
    const outcomes: (AcceptUnitOutcome | undefined)[] = units.map(() => undefined);
    // Units that record no state are planned first and written together by ONE insert statement.
    const plain: { index: number; messages: readonly NewOutboxMessage[] }[] = [];
    const stateful: number[] = [];
    units.forEach((unit, index) => {
      // A unit with voice jobs needs a transaction for its messages and jobs together.
      if (unit.records.length > 0 || unit.jobs !== undefined) {
        stateful.push(index);
        return;
      }
      try {
        plain.push({ index, messages: unit.plan([], []) });
      } catch (error) {
        outcomes[index] = { ok: false, error };
      }
    });
    const insertPlain = async (client?: PostgresPoolClient) => {
      const all = plain.flatMap((entry) => entry.messages);
      const written = await this.#enqueue(all, client);
      const byId = new Map(written.inserted.map((message) => [message.id, message]));
      for (const entry of plain) {
        const inserted = entry.messages.flatMap((message) => byId.get(message.id) ?? []);
        outcomes[entry.index] = {
          ok: true,
          previous: [],
          result: { inserted, duplicates: entry.messages.length - inserted.length },
        };
      }
    };
    try {
      if (stateful.length === 0) {
        if (plain.length > 0) await insertPlain();
      } else {
        await this.#transaction(async (client) => {
          const isolate = units.length > 1;
          for (const index of stateful) {
            const unit = units[index]!;
            // Each unit runs in a savepoint, so a unit that fails is rolled back alone.
            if (isolate) await client.query('SAVEPOINT accept_unit');
            try {
              const previous: (string | undefined)[] = [];
              const stale: boolean[] = [];
              for (const record of unit.records) {
                const recorded = await this.#recordState(record, client);
                previous.push(recorded.previous);
                stale.push(recorded.stale);
              }
              const result = await this.#enqueue(unit.plan(previous, stale), client);
              const jobs = unit.jobs?.() ?? [];
              if (jobs.length > 0) await this.calls.insertJobsWith(jobs, client);
              if (isolate) await client.query('RELEASE SAVEPOINT accept_unit');
              outcomes[index] = { ok: true, previous, result };
            } catch (error) {
              if (!isolate) throw error;
              await client.query('ROLLBACK TO SAVEPOINT accept_unit');
              outcomes[index] = { ok: false, error };
            }
          }
          if (plain.length > 0) await insertPlain(client);
        });
      }
    } catch (error) {
      const pending = units.flatMap((_, index) =>
        outcomes[index] === undefined || outcomes[index].ok ? [index] : [],
      );
      if (units.length === 1) return [{ ok: false, error }];
      // The batch could not commit: nothing of it was written. Each unit gets its own transaction.
      const retried = await Promise.all(
        pending.map(async (index) => (await this.acceptBatch([units[index]!]))[0]!),
      );
      pending.forEach((index, position) => {
        outcomes[index] = retried[position];
      });
    }
    return outcomes.map((outcome) => outcome ?? { ok: false, error: new Error('The unit was not written') });
  }

  async recordOrderStatus(shopId: string, orderId: string, status: string): Promise<string | undefined> {
    return (await this.#recordState({ shopId, key: orderId, value: status })).previous;
  }

  /**
   * Compares a record with the stored state and writes it unless it is stale (see {@link OrderStateRecord}),
   * in one statement that locks the stored row: a concurrent writer of the same order, in another transaction
   * or another process, waits for this transaction and then compares with what it wrote.
   */
  async #recordState(record: OrderStateRecord, client?: PostgresPoolClient): Promise<RecordedState> {
    const { shopId, key, value } = record;
    const modifiedAt = record.modifiedAt?.getTime() ?? null;
    for (;;) {
      const now = Date.now();
      // A stale record writes the stored row back as it was, so the statement still returns it.
      const updated = await this.#query<{ previous: string; stale: boolean }>(
        `UPDATE ${this.#statuses} AS target
           SET status = CASE WHEN old.stale THEN old.status ELSE $3 END,
               updated_at = CASE WHEN old.stale THEN old.updated_at ELSE $4 END,
               modified_at = CASE WHEN old.stale THEN old.modified_at
                                  ELSE COALESCE($5::bigint, old.modified_at) END
         FROM (SELECT shop_id, order_id, status, updated_at, modified_at,
                      COALESCE($5::bigint < modified_at, false) AS stale
               FROM ${this.#statuses} WHERE shop_id = $1 AND order_id = $2 FOR UPDATE) AS old
         WHERE target.shop_id = old.shop_id AND target.order_id = old.order_id
         RETURNING old.status AS previous, old.stale AS stale`,
        [shopId, key, value, now, modifiedAt],
        client,
      );
      const row = updated.rows[0];
      if (row !== undefined) return { previous: row.previous, stale: row.stale };
      const inserted = await this.#query(
        `INSERT INTO ${this.#statuses} (shop_id, order_id, status, updated_at, modified_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (shop_id, order_id) DO NOTHING RETURNING shop_id`,
        [shopId, key, value, now, modifiedAt],
        client,
      );
      if (inserted.rows.length > 0) return { previous: undefined, stale: false };
    }
  }

  async claim(options: ClaimOptions) {
    const now = options.now.getTime();
    const { rows } = await this.#query(
      `WITH picked AS MATERIALIZED (
         SELECT candidate.id,
                EXISTS (SELECT 1 FROM ${this.#optOuts} AS opt_out WHERE opt_out.phone = candidate.recipient) AS opted_out
         FROM ${this.#outbox} AS candidate
         WHERE candidate.status = 'queued' AND candidate.next_attempt_at <= $3
         ORDER BY candidate.next_attempt_at LIMIT $4 FOR UPDATE OF candidate SKIP LOCKED)
       UPDATE ${this.#outbox} AS target
         SET status = CASE WHEN picked.opted_out THEN 'skipped' ELSE 'sending' END,
             reason = CASE WHEN picked.opted_out THEN 'opted-out' ELSE target.reason END,
             attempts = target.attempts + CASE WHEN picked.opted_out THEN 0 ELSE 1 END,
             lease_until = CASE WHEN picked.opted_out THEN NULL ELSE $1::bigint END,
             worker_id = CASE WHEN picked.opted_out THEN NULL ELSE $2 END,
             updated_at = $3
       FROM picked WHERE target.id = picked.id
       RETURNING target.*`,
      [now + options.leaseMs, options.workerId, now, options.limit],
    );
    return rows.map(rowToMessage).sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime());
  }

  async releaseExpired(now: Date) {
    // The attempt lost with its worker is recorded as unknown, from the claim (its start), in the same statement.
    const lost = lostAttempt(0, 0);
    const result = await this.#query(
      `WITH released AS (
         UPDATE ${this.#outbox} SET status = 'unknown', reason = 'lease-expired', lease_until = NULL,
           worker_id = NULL WHERE status = 'sending' AND lease_until < $1 RETURNING id, attempts, updated_at)
       INSERT INTO ${this.#prefix}message_attempts (message_id, attempt, at, result, error_kind, error_message)
       SELECT id, attempts, updated_at, $2, $3, $4 FROM released`,
      [now.getTime(), lost.result, lost.errorKind, lost.errorMessage],
    );
    return result.rowCount ?? 0;
  }

  async update(id: string, patch: MessagePatch, guard?: MessageGuard) {
    const assignments = patchAssignments(patch, patch.updatedAt ?? new Date());
    const values: unknown[] = assignments.map(([, value]) => value);
    let sql = `UPDATE ${this.#outbox} SET ${assignments.map(([column], index) => `${column} = ${dollar(index + 1)}`).join(', ')}`;
    values.push(id);
    sql += ` WHERE id = ${dollar(values.length)}`;
    if (guard?.status !== undefined) {
      values.push([...guard.status]);
      sql += ` AND status = ANY(${dollar(values.length)})`;
    }
    if (guard?.workerId !== undefined) {
      values.push(guard.workerId);
      sql += ` AND worker_id = ${dollar(values.length)}`;
    }
    if (patch.attempt !== undefined) {
      // One statement: the attempt is recorded whether or not the guard holds.
      sql = `WITH ${attemptInsertCte(this.#prefix, values.length + 1)} ${sql}`;
      values.push(...attemptArrays([{ messageId: id, attempt: patch.attempt }]));
    }
    const result = await this.#query(sql, values);
    return (result.rowCount ?? 0) > 0;
  }

  async markSent(outcomes: readonly SentOutcome[]) {
    if (outcomes.length === 0) return new Set<string>();
    const { rows } = await this.#query<{ id: string }>(
      `WITH ${attemptInsertCte(this.#prefix, 8)}
       UPDATE ${this.#outbox} AS target
         SET status = 'sent', sent_at = source.sent_at, segments = source.segments,
             provider_message_id = source.provider_message_id, provider_batch_id = source.provider_batch_id,
             credits = source.credits, reason = NULL, error_kind = NULL, error_code = NULL, error_message = NULL,
             lease_until = NULL, worker_id = NULL, updated_at = source.sent_at
       FROM (SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::int[], $5::text[], $6::text[],
                                  $7::double precision[])
             AS t(id, worker_id, sent_at, segments, provider_message_id, provider_batch_id, credits)) AS source
       WHERE target.id = source.id AND target.status = 'sending' AND target.worker_id = source.worker_id
       RETURNING target.id`,
      [
        outcomes.map((outcome) => outcome.id),
        outcomes.map((outcome) => outcome.workerId),
        outcomes.map((outcome) => outcome.sentAt.getTime()),
        outcomes.map((outcome) => outcome.segments),
        outcomes.map((outcome) => outcome.providerMessageId ?? null),
        outcomes.map((outcome) => outcome.providerBatchId ?? null),
        outcomes.map((outcome) => outcome.credits ?? null),
        ...attemptArrays(outcomes.map((outcome) => ({ messageId: outcome.id, attempt: outcome.attempt }))),
      ],
    );
    return new Set(rows.map((row) => row.id));
  }

  async get(ids: readonly string[]) {
    if (ids.length === 0) return [];
    const { rows } = await this.#query(`SELECT * FROM ${this.#outbox} WHERE id = ANY($1)`, [[...ids]]);
    return rows.map(rowToMessage);
  }

  async findByProviderMessageIds(providerId: string, providerMessageIds: readonly string[]) {
    if (providerMessageIds.length === 0) return [];
    const { rows } = await this.#query(
      `SELECT * FROM ${this.#outbox} WHERE provider_id = $1 AND provider_message_id = ANY($2)`,
      [providerId, [...providerMessageIds]],
    );
    return rows.map(rowToMessage);
  }

  async list(filter: MessageFilter) {
    const where = filterClause(filter, dollar, 'postgres');
    const { limit, offset } = listLimit(filter);
    const count = where.values.length;
    const { rows } = await this.#query(
      `SELECT * FROM ${this.#outbox} ${where.sql} ORDER BY created_at DESC, id LIMIT ${dollar(count + 1)} OFFSET ${dollar(count + 2)}`,
      [...where.values, limit, offset],
    );
    return rows.map(rowToMessage);
  }

  async counts(filter: MessageFilter) {
    const where = filterClause(filter, dollar, 'postgres');
    const { rows } = await this.#query<{ status: MessageStatus; count: string }>(
      `SELECT status, COUNT(*) AS count FROM ${this.#outbox} ${where.sql} GROUP BY status`,
      where.values,
    );
    const counts = emptyCounts();
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  }

  async costTotals(filter: MessageFilter) {
    const where = filterClause({ ...filter, status: ['sent', 'delivered'] }, dollar, 'postgres');
    const { rows } = await this.#query<{ segments: string; credits: number | null }>(
      `SELECT COALESCE(SUM(segments), 0) AS segments, SUM(credits) AS credits FROM ${this.#outbox} ${where.sql}`,
      where.values,
    );
    const row = rows[0]!;
    const segments = Number(row.segments);
    return row.credits === null ? { segments } : { segments, credits: Number(row.credits) };
  }

  async #insertOptOuts(phones: readonly string[], source: string, client?: PostgresPoolClient) {
    if (phones.length === 0) return;
    await this.#query(
      postgresOptOutInsert(this.#optOuts),
      postgresOptOutValues(phones, source, Date.now()),
      client,
    );
  }

  async addOptOuts(phones: readonly string[], source: string) {
    await this.#insertOptOuts(phones, source);
  }

  async removeOptOuts(phones: readonly string[], source?: string) {
    if (phones.length === 0) return;
    if (source === undefined) {
      await this.#query(`DELETE FROM ${this.#optOuts} WHERE phone = ANY($1)`, [[...phones]]);
    } else {
      await this.#query(`DELETE FROM ${this.#optOuts} WHERE phone = ANY($1) AND source = $2`, [
        [...phones],
        source,
      ]);
    }
  }

  async replaceOptOuts(phones: readonly string[], source: string) {
    await this.#transaction(async (client) => {
      await this.#query(`DELETE FROM ${this.#optOuts} WHERE source = $1`, [source], client);
      await this.#insertOptOuts(phones, source, client);
    });
  }

  async listOptOuts() {
    const { rows } = await this.#query<{ phone: string; source: string; created_at: string }>(
      `SELECT * FROM ${this.#optOuts} ORDER BY created_at, phone`,
    );
    return rows.map((row) => ({
      phone: row.phone,
      source: row.source,
      createdAt: new Date(Number(row.created_at)),
    }));
  }

  async optedOut(phones: readonly string[]) {
    if (phones.length === 0) return new Set<string>();
    const { rows } = await this.#query<{ phone: string }>(
      `SELECT DISTINCT phone FROM ${this.#optOuts} WHERE phone = ANY($1)`,
      [[...new Set(phones)]],
    );
    return new Set(rows.map((row) => row.phone));
  }

  async schemaVersion() {
    const { rows } = await this.#query<{ version: number | null }>(
      `SELECT MAX(version) AS version FROM ${this.#migrations}`,
    );
    return rows[0]?.version ?? 0;
  }

  async close() {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsPool) await this.#pool.end();
  }
}
