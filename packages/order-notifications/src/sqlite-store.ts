import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { AdminStore } from './admin-store';
import { plainStatements } from './migration';
import { optOutRow, SQLITE_OPT_OUT_INSERT } from './opt-out-sql';
import {
  emptyCounts,
  filterClause,
  INSERT_COLUMNS,
  insertValues,
  isStaleRecord,
  listLimit,
  lostAttempt,
  migrations,
  newMessage,
  type OutboxRow,
  patchAssignments,
  type RecordedState,
  rowToMessage,
} from './outbox-sql';
import type {
  AcceptUnit,
  AcceptUnitOutcome,
  AttemptRecord,
  EnqueueResult,
  MessageStatus,
  NewOutboxMessage,
  OrderStateRecord,
  OutboxMessage,
  OutboxStore,
  SentOutcome,
} from './outbox-store';
import { registerSqliteFunctions, SqliteAdminStore, sqliteAttemptWriter } from './sqlite-admin-store';
import { SqliteCallStore } from './sqlite-call-store';

/** Options of {@link createSqliteStore}. */
export interface SqliteStoreOptions {
  /** Database file; its folder is created. `':memory:'` for a throwaway store. Default `./data/notifications.db`. */
  filename?: string;
  /**
   * `normal` (default, in WAL mode): every commit survives a crash of the process; a power cut or an operating
   * system crash may lose the last commits. `full` syncs every commit to disk so that it survives a power cut too,
   * at the cost of one disk flush per commit (2 to 6 times slower, see the README's benchmark).
   */
  synchronous?: 'full' | 'normal';
  /** How long to wait for another process's lock, in milliseconds (default 5000). */
  busyTimeoutMs?: number;
  /**
   * WAL pages after which a commit also checkpoints the log into the database file (default 10 000, about 40 MB).
   * A checkpoint flushes the disk, so the commit that runs it is slow: a larger value makes that rarer.
   */
  checkpointPages?: number;
}

const placeholder = () => '?';
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
  return result;
}

/**
 * Opens (creating and migrating as needed) an outbox in an SQLite file, in WAL mode. Several processes of one
 * machine may share the file; several machines need {@link createPostgresStore}. Needs the optional peer
 * dependency `better-sqlite3` (12 or later), loaded only when this function is called.
 *
 * @param options - file and durability settings
 * @example
 * ```ts
 * const store = await createSqliteStore({ filename: './data/notifications.db' });
 * ```
 */
export async function createSqliteStore(options: SqliteStoreOptions = {}): Promise<OutboxStore> {
  const filename = options.filename ?? './data/notifications.db';
  let Database: typeof BetterSqlite3;
  try {
    Database = (await import('better-sqlite3')).default;
  } catch (error) {
    throw new Error('createSqliteStore needs the better-sqlite3 package: npm i better-sqlite3', {
      cause: error,
    });
  }
  if (filename !== ':memory:' && filename !== '') mkdirSync(dirname(filename), { recursive: true });
  const db = new Database(filename);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
  db.pragma(`wal_autocheckpoint = ${Math.max(1, Math.trunc(options.checkpointPages ?? 10_000))}`);
  registerSqliteFunctions(db);
  migrate(db);
  return new SqliteStore(db);
}

function migrate(db: BetterSqlite3.Database): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)',
  );
  const apply = db.transaction(() => {
    const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as {
      version: number | null;
    };
    const current = row.version ?? 0;
    for (const migration of migrations('sqlite')) {
      if (migration.version <= current) continue;
      for (const statement of plainStatements(migration)) {
        db.exec(statement.replaceAll('{prefix}', ''));
      }
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(
        migration.version,
        Date.now(),
      );
    }
  });
  apply.immediate();
}

/**
 * Compares an order state with the stored one and writes it unless it is stale (see {@link OrderStateRecord}).
 * Runs in the caller's transaction, which SQLite begins `IMMEDIATE`: no other writer comes between the read and
 * the write.
 */
function orderStateRecorder(db: BetterSqlite3.Database): (record: OrderStateRecord) => RecordedState {
  const read = db.prepare(
    'SELECT status, modified_at FROM order_statuses WHERE shop_id = ? AND order_id = ?',
  );
  const write = db.prepare(
    `INSERT INTO order_statuses (shop_id, order_id, status, updated_at, modified_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (shop_id, order_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at,
       modified_at = COALESCE(excluded.modified_at, order_statuses.modified_at)`,
  );
  return (record) => {
    const row = read.get(record.shopId, record.key) as
      | { status: string; modified_at: number | null }
      | undefined;
    if (isStaleRecord(record.modifiedAt, row?.modified_at)) return { previous: row?.status, stale: true };
    write.run(record.shopId, record.key, record.value, Date.now(), record.modifiedAt?.getTime() ?? null);
    return { previous: row?.status, stale: false };
  };
}

class SqliteStore implements OutboxStore {
  readonly kind = 'sqlite';
  readonly calls: SqliteCallStore;
  readonly #db: BetterSqlite3.Database;
  readonly #insert: BetterSqlite3.Statement;
  readonly #isOptedOut: BetterSqlite3.Statement;
  readonly #claim: BetterSqlite3.Statement;
  readonly #markSent: BetterSqlite3.Transaction<(outcomes: readonly SentOutcome[]) => Set<string>>;
  readonly #enqueue: BetterSqlite3.Transaction<
    (messages: readonly NewOutboxMessage[]) => { inserted: OutboxMessage[]; duplicates: number }
  >;
  readonly #recordStatus: BetterSqlite3.Transaction<
    (shopId: string, orderId: string, status: string) => string | undefined
  >;
  readonly #acceptUnit: BetterSqlite3.Transaction<
    (unit: AcceptUnit) => { previous: (string | undefined)[]; result: EnqueueResult }
  >;
  readonly #acceptBatch: BetterSqlite3.Transaction<(units: readonly AcceptUnit[]) => AcceptUnitOutcome[]>;
  readonly #writeAttempt: (messageId: string, attempt: AttemptRecord) => void;
  readonly admin: AdminStore;
  #closed = false;

  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
    this.calls = new SqliteCallStore(db);
    this.#insert = db.prepare(
      `INSERT INTO outbox_messages (${INSERT_COLUMNS.join(', ')}) VALUES (${INSERT_COLUMNS.map(placeholder).join(', ')})
       ON CONFLICT (dedupe_key) DO NOTHING`,
    );
    this.#isOptedOut = db.prepare('SELECT 1 FROM opt_outs WHERE phone = ? LIMIT 1').pluck();
    const optedOut = 'EXISTS (SELECT 1 FROM opt_outs WHERE opt_outs.phone = outbox_messages.recipient)';
    this.#claim = db.prepare(
      `UPDATE outbox_messages
         SET status = CASE WHEN ${optedOut} THEN 'skipped' ELSE 'sending' END,
             reason = CASE WHEN ${optedOut} THEN 'opted-out' ELSE reason END,
             attempts = attempts + CASE WHEN ${optedOut} THEN 0 ELSE 1 END,
             lease_until = CASE WHEN ${optedOut} THEN NULL ELSE ? END,
             worker_id = CASE WHEN ${optedOut} THEN NULL ELSE ? END,
             updated_at = ?
       WHERE id IN (SELECT id FROM outbox_messages WHERE status = 'queued' AND next_attempt_at <= ?
                    ORDER BY next_attempt_at LIMIT ?)
       RETURNING *`,
    );
    const enqueueRows = (messages: readonly NewOutboxMessage[]): EnqueueResult => {
      const inserted: OutboxMessage[] = [];
      let duplicates = 0;
      for (const original of messages) {
        let message = original;
        if (message.status === 'queued' && this.#isOptedOut.get(message.recipient) !== undefined) {
          message = { ...message, status: 'skipped', reason: 'opted-out' };
        }
        const result = this.#insert.run(...insertValues(message));
        if (result.changes === 0) duplicates++;
        else inserted.push(newMessage(message));
      }
      return { inserted, duplicates };
    };
    this.#enqueue = db.transaction(enqueueRows);
    this.admin = new SqliteAdminStore(db, enqueueRows);
    this.#writeAttempt = sqliteAttemptWriter(db);
    const markOne = db.prepare(
      `UPDATE outbox_messages SET status = 'sent', sent_at = ?, segments = ?, provider_message_id = ?,
         provider_batch_id = ?, credits = ?, reason = NULL, error_kind = NULL, error_code = NULL,
         error_message = NULL, lease_until = NULL, worker_id = NULL, updated_at = ?
       WHERE id = ? AND status = 'sending' AND worker_id = ?`,
    );
    this.#markSent = db.transaction((outcomes: readonly SentOutcome[]) => {
      const changed = new Set<string>();
      for (const outcome of outcomes) {
        if (outcome.attempt !== undefined) this.#writeAttempt(outcome.id, outcome.attempt);
        const at = outcome.sentAt.getTime();
        const result = markOne.run(
          at,
          outcome.segments,
          outcome.providerMessageId ?? null,
          outcome.providerBatchId ?? null,
          outcome.credits ?? null,
          at,
          outcome.id,
          outcome.workerId,
        );
        if (result.changes > 0) changed.add(outcome.id);
      }
      return changed;
    });
    const recordState = orderStateRecorder(db);
    this.#recordStatus = db.transaction(
      (shopId: string, key: string, value: string) => recordState({ shopId, key, value }).previous,
    );
    this.#acceptUnit = db.transaction((unit: AcceptUnit) => {
      const recorded = unit.records.map(recordState);
      const previous = recorded.map((state) => state.previous);
      const messages = unit.plan(
        previous,
        recorded.map((state) => state.stale),
      );
      const result = messages.length === 0 ? { inserted: [], duplicates: 0 } : enqueueRows(messages);
      const jobs = unit.jobs?.() ?? [];
      if (jobs.length > 0) this.calls.insertJobsNow(jobs);
      return { previous, result };
    });
    // Inside the batch's transaction each unit runs in its own savepoint (a nested better-sqlite3 transaction):
    // a unit that throws is rolled back alone.
    this.#acceptBatch = db.transaction((units: readonly AcceptUnit[]) =>
      units.map((unit): AcceptUnitOutcome => {
        try {
          return { ok: true, ...this.#acceptUnit(unit) };
        } catch (error) {
          if (!db.inTransaction) throw error;
          return { ok: false, error };
        }
      }),
    );
  }

  async enqueue(messages: readonly NewOutboxMessage[]) {
    return this.#enqueue.immediate(messages);
  }

  async acceptBatch(units: readonly AcceptUnit[]): Promise<AcceptUnitOutcome[]> {
    if (units.length === 0) return [];
    try {
      return this.#acceptBatch.immediate(units);
    } catch (error) {
      if (units.length === 1) return [{ ok: false, error }];
      // The transaction could not commit (or SQLite rolled it back): nothing of it was written. Each unit
      // gets its own transaction, so one bad unit cannot fail the others.
      return units.map((unit): AcceptUnitOutcome => {
        try {
          return { ok: true, ...this.#acceptUnit.immediate(unit) };
        } catch (unitError) {
          return { ok: false, error: unitError };
        }
      });
    }
  }

  async recordOrderStatus(shopId: string, orderId: string, status: string) {
    return this.#recordStatus.immediate(shopId, orderId, status);
  }

  async claim(options: { now: Date; limit: number; leaseMs: number; workerId: string }) {
    const now = options.now.getTime();
    const rows = this.#claim.all(
      now + options.leaseMs,
      options.workerId,
      now,
      now,
      options.limit,
    ) as OutboxRow[];
    return rows.map(rowToMessage).sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime());
  }

  async releaseExpired(now: Date) {
    const release = this.#db.prepare(
      `UPDATE outbox_messages SET status = 'unknown', reason = 'lease-expired', lease_until = NULL,
         worker_id = NULL WHERE status = 'sending' AND lease_until < ? RETURNING id, attempts, updated_at`,
    );
    return this.#db
      .transaction(() => {
        const released = release.all(now.getTime()) as { id: string; attempts: number; updated_at: number }[];
        // The attempt lost with its worker is recorded as unknown, from the claim (its start).
        for (const row of released) this.#writeAttempt(row.id, lostAttempt(row.attempts, row.updated_at));
        return released.length;
      })
      .immediate();
  }

  async update(
    id: string,
    patch: Parameters<OutboxStore['update']>[1],
    guard?: Parameters<OutboxStore['update']>[2],
  ) {
    const assignments = patchAssignments(patch, patch.updatedAt ?? new Date());
    const values: (string | number | null)[] = assignments.map(([, value]) => value);
    let sql = `UPDATE outbox_messages SET ${assignments.map(([column]) => `${column} = ?`).join(', ')} WHERE id = ?`;
    values.push(id);
    if (guard?.status !== undefined) {
      sql += ` AND status IN (${guard.status.map(placeholder).join(', ')})`;
      values.push(...guard.status);
    }
    if (guard?.workerId !== undefined) {
      sql += ' AND worker_id = ?';
      values.push(guard.workerId);
    }
    const statement = this.#db.prepare(sql);
    const { attempt } = patch;
    if (attempt === undefined) return statement.run(...values).changes > 0;
    return this.#db
      .transaction(() => {
        this.#writeAttempt(id, attempt);
        return statement.run(...values).changes > 0;
      })
      .immediate();
  }

  async markSent(outcomes: readonly SentOutcome[]) {
    return outcomes.length === 0 ? new Set<string>() : this.#markSent.immediate(outcomes);
  }

  async get(ids: readonly string[]) {
    const result: OutboxMessage[] = [];
    for (const part of chunks(ids)) {
      const rows = this.#db
        .prepare(`SELECT * FROM outbox_messages WHERE id IN (${part.map(placeholder).join(', ')})`)
        .all(...part) as OutboxRow[];
      result.push(...rows.map(rowToMessage));
    }
    return result;
  }

  async findByProviderMessageIds(providerId: string, providerMessageIds: readonly string[]) {
    const result: OutboxMessage[] = [];
    for (const part of chunks(providerMessageIds)) {
      const rows = this.#db
        .prepare(
          `SELECT * FROM outbox_messages WHERE provider_id = ? AND provider_message_id IN (${part.map(placeholder).join(', ')})`,
        )
        .all(providerId, ...part) as OutboxRow[];
      result.push(...rows.map(rowToMessage));
    }
    return result;
  }

  async list(filter: Parameters<OutboxStore['list']>[0]) {
    const where = filterClause(filter, placeholder, 'sqlite');
    const { limit, offset } = listLimit(filter);
    const rows = this.#db
      .prepare(`SELECT * FROM outbox_messages ${where.sql} ORDER BY created_at DESC, id LIMIT ? OFFSET ?`)
      .all(...where.values, limit, offset) as OutboxRow[];
    return rows.map(rowToMessage);
  }

  async counts(filter: Parameters<OutboxStore['counts']>[0]) {
    const where = filterClause(filter, placeholder, 'sqlite');
    const rows = this.#db
      .prepare(`SELECT status, COUNT(*) AS count FROM outbox_messages ${where.sql} GROUP BY status`)
      .all(...where.values) as { status: MessageStatus; count: number }[];
    const counts = emptyCounts();
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  }

  async costTotals(filter: Parameters<OutboxStore['costTotals']>[0]) {
    const where = filterClause({ ...filter, status: ['sent', 'delivered'] }, placeholder, 'sqlite');
    const row = this.#db
      .prepare(
        `SELECT COALESCE(SUM(segments), 0) AS segments, SUM(credits) AS credits FROM outbox_messages ${where.sql}`,
      )
      .get(...where.values) as { segments: number; credits: number | null };
    return row.credits === null
      ? { segments: row.segments }
      : { segments: row.segments, credits: row.credits };
  }

  async addOptOuts(phones: readonly string[], source: string) {
    const insert = this.#db.prepare(SQLITE_OPT_OUT_INSERT);
    const now = Date.now();
    this.#db.transaction(() => {
      for (const phone of phones) insert.run(...optOutRow(phone, source, now));
    })();
  }

  async removeOptOuts(phones: readonly string[], source?: string) {
    const remove =
      source === undefined
        ? this.#db.prepare('DELETE FROM opt_outs WHERE phone = ?')
        : this.#db.prepare('DELETE FROM opt_outs WHERE phone = ? AND source = ?');
    this.#db.transaction(() => {
      for (const phone of phones) {
        if (source === undefined) remove.run(phone);
        else remove.run(phone, source);
      }
    })();
  }

  async replaceOptOuts(phones: readonly string[], source: string) {
    const insert = this.#db.prepare(SQLITE_OPT_OUT_INSERT);
    const now = Date.now();
    this.#db.transaction(() => {
      this.#db.prepare('DELETE FROM opt_outs WHERE source = ?').run(source);
      for (const phone of phones) insert.run(...optOutRow(phone, source, now));
    })();
  }

  async listOptOuts() {
    const rows = this.#db.prepare('SELECT * FROM opt_outs ORDER BY created_at, phone').all() as {
      phone: string;
      source: string;
      created_at: number;
    }[];
    return rows.map((row) => ({ phone: row.phone, source: row.source, createdAt: new Date(row.created_at) }));
  }

  async optedOut(phones: readonly string[]) {
    const found = new Set<string>();
    for (const part of chunks([...new Set(phones)])) {
      const rows = this.#db
        .prepare(`SELECT DISTINCT phone FROM opt_outs WHERE phone IN (${part.map(placeholder).join(', ')})`)
        .pluck()
        .all(...part) as string[];
      for (const phone of rows) found.add(phone);
    }
    return found;
  }

  async schemaVersion() {
    const row = this.#db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as {
      version: number | null;
    };
    return row.version ?? 0;
  }

  async close() {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }
}
