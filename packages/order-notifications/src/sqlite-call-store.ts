import type BetterSqlite3 from 'better-sqlite3';
import {
  CALL_INSERT_COLUMNS,
  type CallRow,
  callFilterClause,
  callInsertValues,
  JOB_INSERT_COLUMNS,
  jobFilterClause,
  jobInsertValues,
  jobPatchAssignments,
  type RecentOrderRow,
  recentOrderOfRow,
  recentOrderQuery,
  rowToCall,
  rowToJob,
} from './call-sql';
import type {
  CallLogEntry,
  CallLogFilter,
  CallStore,
  ClaimJobsOptions,
  NewVoiceJob,
  RecordedOrderState,
  VoiceJob,
  VoiceJobFilter,
  VoiceJobKind,
  VoiceJobPatch,
} from './call-store';
import { TRACKING_KEY_SUFFIX } from './outbox-store';

const placeholder = () => '?';

/** The {@link CallStore} of an SQLite outbox: same database file, same connection. */
export class SqliteCallStore implements CallStore {
  readonly #db: BetterSqlite3.Database;
  readonly #insertJob: BetterSqlite3.Statement;

  /** @param db - the outbox's open database (migrated) */
  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
    this.#insertJob = db.prepare(
      `INSERT INTO voice_jobs (${JOB_INSERT_COLUMNS.join(', ')}) VALUES (${JOB_INSERT_COLUMNS.map(placeholder).join(', ')})
       ON CONFLICT (dedupe_key) DO NOTHING`,
    );
  }

  /**
   * Writes jobs on the current connection, inside whatever transaction is open (the outbox's accept uses it).
   * @param jobs - the jobs
   * @returns the ids written
   */
  insertJobsNow(jobs: readonly NewVoiceJob[]): Set<string> {
    const written = new Set<string>();
    for (const job of jobs) {
      if (this.#insertJob.run(...jobInsertValues(job)).changes > 0) written.add(job.id);
    }
    return written;
  }

  async insertJobs(jobs: readonly NewVoiceJob[]) {
    return this.#db.transaction(() => this.insertJobsNow(jobs)).immediate();
  }

  async claimJobs(options: ClaimJobsOptions): Promise<VoiceJob[]> {
    const now = options.now.getTime();
    const rows = this.#db
      .prepare(
        `UPDATE voice_jobs SET status = 'running', attempts = attempts + 1, lease_until = ?, worker_id = ?,
           updated_at = ?
         WHERE id IN (SELECT id FROM voice_jobs
                      WHERE (status = 'queued' AND next_attempt_at <= ?) OR (status = 'running' AND lease_until < ?)
                      ORDER BY next_attempt_at LIMIT ?)
         RETURNING *`,
      )
      .all(now + options.leaseMs, options.workerId, now, now, now, options.limit) as CallRow[];
    return rows.map(rowToJob).sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime());
  }

  async updateJob(id: string, workerId: string, patch: VoiceJobPatch, now: Date) {
    const assignments = jobPatchAssignments(patch, now);
    const sql = `UPDATE voice_jobs SET ${assignments.map(([column]) => `${column} = ?`).join(', ')}
                 WHERE id = ? AND status = 'running' AND worker_id = ?`;
    const values = [...assignments.map(([, value]) => value), id, workerId];
    return this.#db.prepare(sql).run(...values).changes > 0;
  }

  async wakeJobs(shopId: string, kind: VoiceJobKind, phone: string, now: Date) {
    const rows = this.#db
      .prepare(
        `UPDATE voice_jobs SET next_attempt_at = ?, updated_at = ?
         WHERE shop_id = ? AND kind = ? AND phone = ? AND status = 'queued' AND next_attempt_at > ?
         RETURNING *`,
      )
      .all(now.getTime(), now.getTime(), shopId, kind, phone, now.getTime()) as CallRow[];
    return rows.map(rowToJob);
  }

  async getJobs(ids: readonly string[]) {
    if (ids.length === 0) return [];
    const rows = this.#db
      .prepare(`SELECT * FROM voice_jobs WHERE id IN (${ids.map(placeholder).join(', ')})`)
      .all(...ids) as CallRow[];
    return rows.map(rowToJob);
  }

  async listJobs(filter: VoiceJobFilter) {
    const where = jobFilterClause(filter, placeholder);
    const rows = this.#db
      .prepare(`SELECT * FROM voice_jobs ${where.sql} ORDER BY created_at, id LIMIT ?`)
      .all(...where.values, where.limit) as CallRow[];
    return rows.map(rowToJob);
  }

  async recordCall(entry: CallLogEntry) {
    const result = this.#db
      .prepare(
        `INSERT INTO call_log (${CALL_INSERT_COLUMNS.join(', ')}) VALUES (${CALL_INSERT_COLUMNS.map(placeholder).join(', ')})
         ON CONFLICT (shop_id, uuid, event_name) DO NOTHING`,
      )
      .run(...callInsertValues(entry));
    return result.changes > 0;
  }

  async matchCallToOrder(shopId: string, uuid: string, orderId: string) {
    this.#db
      .prepare('UPDATE call_log SET order_id = ? WHERE shop_id = ? AND uuid = ?')
      .run(orderId, shopId, uuid);
  }

  async listCalls(filter: CallLogFilter) {
    const where = callFilterClause(filter, placeholder);
    const rows = this.#db
      .prepare(`SELECT * FROM call_log ${where.sql} ORDER BY id DESC LIMIT ?`)
      .all(...where.values, where.limit) as CallRow[];
    return rows.map(rowToCall);
  }

  async takeFollowUpSlot(shopId: string, phone: string, now: Date, periodMs: number) {
    const at = now.getTime();
    const result = this.#db
      .prepare(
        `INSERT INTO call_follow_ups (shop_id, phone, sent_at) VALUES (?, ?, ?)
         ON CONFLICT (shop_id, phone) DO UPDATE SET sent_at = excluded.sent_at
         WHERE call_follow_ups.sent_at <= ?`,
      )
      .run(shopId, phone, at, at - periodMs);
    return result.changes > 0;
  }

  async releaseFollowUpSlot(shopId: string, phone: string, takenAt: Date) {
    this.#db
      .prepare('DELETE FROM call_follow_ups WHERE shop_id = ? AND phone = ? AND sent_at = ?')
      .run(shopId, phone, takenAt.getTime());
  }

  async recentOrderOf(shopId: string, phone: string, since: Date) {
    const query = recentOrderQuery('outbox_messages', shopId, phone, since, placeholder);
    const row = this.#db.prepare(query.sql).get(...query.values) as RecentOrderRow | undefined;
    return recentOrderOfRow(row);
  }

  async orderState(shopId: string, orderId: string): Promise<RecordedOrderState> {
    const read = this.#db
      .prepare('SELECT status FROM order_statuses WHERE shop_id = ? AND order_id = ?')
      .pluck();
    const status = read.get(shopId, orderId) as string | undefined;
    const trackingNumber = read.get(shopId, `${orderId}${TRACKING_KEY_SUFFIX}`) as string | undefined;
    return {
      ...(status === undefined ? {} : { status }),
      ...(trackingNumber === undefined ? {} : { trackingNumber }),
    };
  }
}
