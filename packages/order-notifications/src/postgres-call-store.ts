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
import type { PostgresPool, PostgresPoolClient, PostgresQueryable } from './postgres-pool';

/** Runs work in a transaction of the outbox's pool. */
export type PostgresTransaction = <T>(work: (client: PostgresPoolClient) => Promise<T>) => Promise<T>;

const dollar = (index: number) => `$${index}`;

/** The {@link CallStore} of a PostgreSQL outbox: same pool, same schema. */
export class PostgresCallStore implements CallStore {
  readonly #pool: PostgresPool;
  readonly #transaction: PostgresTransaction;
  readonly #jobs: string;
  readonly #calls: string;
  readonly #followUps: string;
  readonly #outbox: string;
  readonly #statuses: string;

  /**
   * @param pool - the outbox's pool
   * @param prefix - the quoted schema and a dot
   * @param transaction - the outbox's transaction runner
   */
  constructor(pool: PostgresPool, prefix: string, transaction: PostgresTransaction) {
    this.#pool = pool;
    this.#transaction = transaction;
    this.#jobs = `${prefix}voice_jobs`;
    this.#calls = `${prefix}call_log`;
    this.#followUps = `${prefix}call_follow_ups`;
    this.#outbox = `${prefix}outbox_messages`;
    this.#statuses = `${prefix}order_statuses`;
  }

  /**
   * Writes jobs through `client` (the outbox's accept passes the connection of its transaction).
   * @param jobs - the jobs
   * @param client - the connection, the pool by default
   * @returns the ids written
   */
  async insertJobsWith(jobs: readonly NewVoiceJob[], client: PostgresQueryable): Promise<Set<string>> {
    const written = new Set<string>();
    for (const job of jobs) {
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO ${this.#jobs} (${JOB_INSERT_COLUMNS.join(', ')})
         VALUES (${JOB_INSERT_COLUMNS.map((_, index) => dollar(index + 1)).join(', ')})
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
        jobInsertValues(job),
      );
      if (rows.length > 0) written.add(job.id);
    }
    return written;
  }

  async insertJobs(jobs: readonly NewVoiceJob[]) {
    if (jobs.length === 0) return new Set<string>();
    return this.#transaction((client) => this.insertJobsWith(jobs, client));
  }

  async claimJobs(options: ClaimJobsOptions): Promise<VoiceJob[]> {
    const now = options.now.getTime();
    const { rows } = await this.#pool.query<CallRow>(
      `UPDATE ${this.#jobs} SET status = 'running', attempts = attempts + 1, lease_until = $1, worker_id = $2,
         updated_at = $3
       WHERE id IN (SELECT id FROM ${this.#jobs}
                    WHERE (status = 'queued' AND next_attempt_at <= $3) OR (status = 'running' AND lease_until < $3)
                    ORDER BY next_attempt_at LIMIT $4 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [now + options.leaseMs, options.workerId, now, options.limit],
    );
    return rows.map(rowToJob).sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime());
  }

  async updateJob(id: string, workerId: string, patch: VoiceJobPatch, now: Date) {
    const assignments = jobPatchAssignments(patch, now);
    const values: unknown[] = assignments.map(([, value]) => value);
    const set = assignments.map(([column], index) => `${column} = ${dollar(index + 1)}`).join(', ');
    values.push(id, workerId);
    const result = await this.#pool.query(
      `UPDATE ${this.#jobs} SET ${set}
       WHERE id = ${dollar(values.length - 1)} AND status = 'running' AND worker_id = ${dollar(values.length)}`,
      values,
    );
    return (result.rowCount ?? 0) > 0;
  }

  async wakeJobs(shopId: string, kind: VoiceJobKind, phone: string, now: Date) {
    const { rows } = await this.#pool.query<CallRow>(
      `UPDATE ${this.#jobs} SET next_attempt_at = $1, updated_at = $1
       WHERE shop_id = $2 AND kind = $3 AND phone = $4 AND status = 'queued' AND next_attempt_at > $1
       RETURNING *`,
      [now.getTime(), shopId, kind, phone],
    );
    return rows.map(rowToJob);
  }

  async getJobs(ids: readonly string[]) {
    if (ids.length === 0) return [];
    const { rows } = await this.#pool.query<CallRow>(`SELECT * FROM ${this.#jobs} WHERE id = ANY($1)`, [
      [...ids],
    ]);
    return rows.map(rowToJob);
  }

  async listJobs(filter: VoiceJobFilter) {
    const where = jobFilterClause(filter, dollar);
    const { rows } = await this.#pool.query<CallRow>(
      `SELECT * FROM ${this.#jobs} ${where.sql} ORDER BY created_at, id LIMIT ${dollar(where.values.length + 1)}`,
      [...where.values, where.limit],
    );
    return rows.map(rowToJob);
  }

  async recordCall(entry: CallLogEntry) {
    const result = await this.#pool.query(
      `INSERT INTO ${this.#calls} (${CALL_INSERT_COLUMNS.join(', ')})
       VALUES (${CALL_INSERT_COLUMNS.map((_, index) => dollar(index + 1)).join(', ')})
       ON CONFLICT (shop_id, uuid, event_name) DO NOTHING`,
      callInsertValues(entry),
    );
    return (result.rowCount ?? 0) > 0;
  }

  async matchCallToOrder(shopId: string, uuid: string, orderId: string) {
    await this.#pool.query(`UPDATE ${this.#calls} SET order_id = $1 WHERE shop_id = $2 AND uuid = $3`, [
      orderId,
      shopId,
      uuid,
    ]);
  }

  async listCalls(filter: CallLogFilter) {
    const where = callFilterClause(filter, dollar);
    const { rows } = await this.#pool.query<CallRow>(
      `SELECT * FROM ${this.#calls} ${where.sql} ORDER BY id DESC LIMIT ${dollar(where.values.length + 1)}`,
      [...where.values, where.limit],
    );
    return rows.map(rowToCall);
  }

  async takeFollowUpSlot(shopId: string, phone: string, now: Date, periodMs: number) {
    const at = now.getTime();
    const result = await this.#pool.query(
      `INSERT INTO ${this.#followUps} AS slot (shop_id, phone, sent_at) VALUES ($1, $2, $3)
       ON CONFLICT (shop_id, phone) DO UPDATE SET sent_at = excluded.sent_at WHERE slot.sent_at <= $4`,
      [shopId, phone, at, at - periodMs],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async releaseFollowUpSlot(shopId: string, phone: string, takenAt: Date) {
    await this.#pool.query(
      `DELETE FROM ${this.#followUps} WHERE shop_id = $1 AND phone = $2 AND sent_at = $3`,
      [shopId, phone, takenAt.getTime()],
    );
  }

  async recentOrderOf(shopId: string, phone: string, since: Date) {
    const query = recentOrderQuery(this.#outbox, shopId, phone, since, dollar);
    const { rows } = await this.#pool.query<RecentOrderRow>(query.sql, query.values);
    return recentOrderOfRow(rows[0]);
  }

  async orderState(shopId: string, orderId: string): Promise<RecordedOrderState> {
    const { rows } = await this.#pool.query<{ order_id: string; status: string }>(
      `SELECT order_id, status FROM ${this.#statuses} WHERE shop_id = $1 AND order_id IN ($2, $3)`,
      [shopId, orderId, `${orderId}${TRACKING_KEY_SUFFIX}`],
    );
    const status = rows.find((row) => row.order_id === orderId)?.status;
    const trackingNumber = rows.find((row) => row.order_id !== orderId)?.status;
    return {
      ...(status === undefined ? {} : { status }),
      ...(trackingNumber === undefined ? {} : { trackingNumber }),
    };
  }
}
