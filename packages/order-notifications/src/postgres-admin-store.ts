import {
  ATTEMPT_COLUMNS,
  AUDIT_COLUMNS,
  attemptValues,
  auditQueryClause,
  auditValues,
  hourOf,
  messageQueryClause,
  overviewSql,
  pageLimit,
  pageOf,
  rowToAttempt,
  rowToAudit,
  rowToRecentOrder,
  rowToSession,
  rowToSignInWindow,
  rowToTemplateVersion,
} from './admin-sql';
import type {
  AdminSessionRecord,
  AdminStore,
  AuditedChange,
  AuditQuery,
  MessageQuery,
  NewAuditEntry,
  NewTemplateVersion,
  OptOutChange,
  OverviewQuery,
  OverviewRows,
  RecentOrder,
  WebhookDelivery,
} from './admin-store';
import { createIdGenerator } from './message-id';
import {
  OPT_OUT_ORDER,
  type OptOutQuery,
  optOutPageOf,
  optOutQueryClause,
  postgresOptOutInsert,
  postgresOptOutValues,
} from './opt-out-sql';
import { type OutboxRow, patchAssignments, rowToMessage } from './outbox-sql';
import type { AttemptRecord, EnqueueResult, MessageStatus, NewOutboxMessage } from './outbox-store';
import type { PostgresPoolClient, PostgresQueryResult, PostgresRow } from './postgres-pool';

const dollar = (index: number) => `$${index}`;

/** What the admin store needs of the outbox's PostgreSQL store. */
export interface PostgresAccess {
  /** The schema, quoted, with a trailing dot. */
  prefix: string;
  /** Runs one statement (on the client of a transaction when given). */
  query<Row extends PostgresRow = OutboxRow>(
    sql: string,
    values?: unknown[],
    client?: PostgresPoolClient,
  ): Promise<PostgresQueryResult<Row>>;
  /** Runs work in one transaction. */
  transaction<T>(work: (client: PostgresPoolClient) => Promise<T>): Promise<T>;
  /** The outbox's insert of messages, on a transaction's client. */
  enqueue(messages: readonly NewOutboxMessage[], client: PostgresPoolClient): Promise<EnqueueResult>;
}

/** Column types of an attempt insert through `unnest`. */
const ATTEMPT_TYPES = ['text', 'int', 'bigint', 'text', 'text', 'text', 'text', 'text', 'int'];

/**
 * The `WITH` part of a statement that also inserts attempts: one array parameter per column of
 * {@link ATTEMPT_COLUMNS}, starting at parameter `first`. Rows whose message id is null are left out.
 */
export function attemptInsertCte(prefix: string, first: number): string {
  const arrays = ATTEMPT_TYPES.map((type, index) => `$${first + index}::${type}[]`).join(', ');
  return `recorded_attempts AS (INSERT INTO ${prefix}message_attempts (${ATTEMPT_COLUMNS.join(', ')})
    SELECT * FROM unnest(${arrays}) AS a(${ATTEMPT_COLUMNS.join(', ')}) WHERE a.message_id IS NOT NULL)`;
}

/** The array parameters of {@link attemptInsertCte} for some attempts. */
export function attemptArrays(
  attempts: readonly { messageId: string; attempt: AttemptRecord | undefined }[],
): unknown[][] {
  const rows = attempts.flatMap((entry) =>
    entry.attempt === undefined ? [] : [attemptValues(entry.messageId, entry.attempt)],
  );
  return ATTEMPT_COLUMNS.map((_, column) => rows.map((row) => row[column]));
}

/** The admin console's storage in the outbox's PostgreSQL schema. */
export class PostgresAdminStore implements AdminStore {
  readonly #db: PostgresAccess;
  readonly #newId = createIdGenerator();
  readonly #outbox: string;
  readonly #prefix: string;

  /** @param access - the outbox store's query, transaction and insert */
  constructor(access: PostgresAccess) {
    this.#db = access;
    this.#prefix = access.prefix;
    this.#outbox = `${access.prefix}outbox_messages`;
  }

  async #audit(entry: NewAuditEntry, client: PostgresPoolClient): Promise<void> {
    await this.#db.query(
      `INSERT INTO ${this.#prefix}audit_log (${AUDIT_COLUMNS.join(', ')}) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      auditValues(this.#newId(), entry),
      client,
    );
  }

  async listAttempts(messageId: string) {
    const { rows } = await this.#db.query(
      `SELECT * FROM ${this.#prefix}message_attempts WHERE message_id = $1 ORDER BY at, id`,
      [messageId],
    );
    return rows.map(rowToAttempt);
  }

  async queryMessages(query: MessageQuery) {
    const where = messageQueryClause(query, dollar, 'postgres');
    const limit = pageLimit(query.limit, 50);
    const { rows } = await this.#db.query(
      `SELECT * FROM ${this.#outbox} ${where.sql} ORDER BY created_at DESC, id DESC LIMIT ${dollar(where.values.length + 1)}`,
      [...where.values, limit + 1],
    );
    const { items, nextCursor } = pageOf(rows, limit, rowToMessage, (row) => ({
      at: row.createdAt,
      id: row.id,
    }));
    return nextCursor === undefined ? { messages: items } : { messages: items, nextCursor };
  }

  async changeMessage(change: AuditedChange) {
    const assignments = patchAssignments(change.patch, change.patch.updatedAt ?? new Date());
    const values: unknown[] = assignments.map(([, value]) => value);
    values.push(change.messageId, [...change.from]);
    const set = assignments.map(([column], index) => `${column} = ${dollar(index + 1)}`).join(', ');
    return this.#db.transaction(async (client) => {
      // READ COMMITTED rechecks the status on the row a concurrent claim may have just changed.
      const { rows } = await this.#db.query(
        `UPDATE ${this.#outbox} SET ${set} WHERE id = ${dollar(values.length - 1)}
           AND status = ANY(${dollar(values.length)}) RETURNING *`,
        values,
        client,
      );
      if (rows[0] === undefined) return undefined;
      await this.#audit(change.audit, client);
      return rowToMessage(rows[0]);
    });
  }

  async enqueueAudited(messages: readonly NewOutboxMessage[], audit: NewAuditEntry) {
    return this.#db.transaction(async (client) => {
      const result = await this.#db.enqueue(messages, client);
      if (result.inserted.length > 0) await this.#audit(audit, client);
      return result;
    });
  }

  async queryOptOuts(query: OptOutQuery) {
    const where = optOutQueryClause(query, dollar);
    const limit = pageLimit(query.limit, 50);
    const { rows } = await this.#db.query(
      `SELECT phone, source, created_at FROM ${this.#prefix}opt_outs ${where.sql} ${OPT_OUT_ORDER}
       LIMIT ${dollar(where.values.length + 1)}`,
      [...where.values, limit + 1],
    );
    return optOutPageOf(rows, limit);
  }

  async changeOptOuts(change: OptOutChange) {
    if (change.phones.length === 0) return 0;
    const table = `${this.#prefix}opt_outs`;
    return this.#db.transaction(async (client) => {
      const { rowCount } =
        change.change === 'add'
          ? await this.#db.query(
              postgresOptOutInsert(table),
              postgresOptOutValues(change.phones, change.source, change.at.getTime()),
              client,
            )
          : await this.#db.query(
              `DELETE FROM ${table} WHERE phone = ANY($1) AND source = $2`,
              [[...new Set(change.phones)], change.source],
              client,
            );
      const count = rowCount ?? 0;
      if (count > 0 && change.audit) {
        await this.#audit({ ...change.audit, details: { ...change.audit.details, count } }, client);
      }
      return count;
    });
  }

  async listAudit(query: AuditQuery) {
    const where = auditQueryClause(query, dollar);
    const limit = pageLimit(query.limit, 50);
    const { rows } = await this.#db.query(
      `SELECT * FROM ${this.#prefix}audit_log ${where.sql} ORDER BY id DESC LIMIT ${dollar(where.values.length + 1)}`,
      [...where.values, limit + 1],
    );
    const { items, nextCursor } = pageOf(rows, limit, rowToAudit, (entry) => entry);
    return nextCursor === undefined ? { entries: items } : { entries: items, nextCursor };
  }

  async saveTemplateVersion(version: NewTemplateVersion) {
    const table = `${this.#prefix}template_versions`;
    const next = version.baseVersion + 1;
    return this.#db.transaction(async (client) => {
      // The primary key (shop, version) makes one of two concurrent saves from the same base lose.
      const { rows } = await this.#db.query(
        `INSERT INTO ${table} (shop_id, version, user_name, at, settings)
         SELECT $1, $2::int, $3, $4, $5
         WHERE COALESCE((SELECT MAX(version) FROM ${table} WHERE shop_id = $1), 0) = $6
         ON CONFLICT DO NOTHING RETURNING version`,
        [
          version.shopId,
          next,
          version.user,
          version.at.getTime(),
          JSON.stringify(version.settings),
          version.baseVersion,
        ],
        client,
      );
      if (rows.length === 0) return undefined;
      await this.#audit(version.audit, client);
      return next;
    });
  }

  async getTemplateVersion(shopId: string, version: number) {
    const { rows } = await this.#db.query(
      `SELECT * FROM ${this.#prefix}template_versions WHERE shop_id = $1 AND version = $2`,
      [shopId, version],
    );
    return rows[0] === undefined ? undefined : rowToTemplateVersion(rows[0]);
  }

  async listTemplateVersions(shopId: string) {
    const { rows } = await this.#db.query(
      `SELECT * FROM ${this.#prefix}template_versions WHERE shop_id = $1 ORDER BY version DESC`,
      [shopId],
    );
    return rows.map(rowToTemplateVersion);
  }

  async latestTemplateVersions() {
    const { rows } = await this.#db.query<{ shop_id: string; version: number }>(
      `SELECT shop_id, MAX(version) AS version FROM ${this.#prefix}template_versions GROUP BY shop_id`,
    );
    return new Map(rows.map((row) => [row.shop_id, Number(row.version)]));
  }

  async overview(query: OverviewQuery): Promise<OverviewRows> {
    const spans = overviewSql(query, this.#outbox, dollar);
    const shop = query.shopId === undefined ? '' : 'shop_id = $1 AND ';
    const shopValues = query.shopId === undefined ? [] : [query.shopId];
    const [buckets, figures] = await Promise.all([
      this.#db.query(spans.sql, spans.values),
      this.#db.query(
        // The queue's count and oldest in one aggregate: a lone MIN(created_at) would be planned as a walk of the
        // index on the time from the oldest message until a queued one (the queue is the newest messages).
        `SELECT
           (SELECT COUNT(*) FROM ${this.#outbox} WHERE ${shop}status = 'failed') AS failed,
           (SELECT COUNT(*) FROM ${this.#outbox} WHERE ${shop}status = 'dead') AS dead,
           (SELECT COUNT(*) FROM ${this.#outbox} WHERE ${shop}status = 'unknown') AS unknown,
           queue.queued, queue.oldest_queued,
           (SELECT MAX(sent_at) FROM ${this.#outbox} WHERE ${shop}sent_at IS NOT NULL) AS last_sent
         FROM (SELECT COUNT(*) AS queued, MIN(created_at) AS oldest_queued FROM ${this.#outbox}
               WHERE ${shop}status = 'queued') AS queue`,
        shopValues,
      ),
    ]);
    const row = figures.rows[0]!;
    const dispatcher: OverviewRows['dispatcher'] = { queued: Number(row.queued) };
    if (row.oldest_queued !== null) dispatcher.oldestQueuedAt = new Date(Number(row.oldest_queued));
    if (row.last_sent !== null) dispatcher.lastSentAt = new Date(Number(row.last_sent));
    return {
      buckets: buckets.rows.map((bucket) => ({
        span: Number(bucket.span),
        status: bucket.status as MessageStatus,
        count: Number(bucket.count),
        segments: Number(bucket.segments),
        ...(bucket.credits === null ? {} : { credits: Number(bucket.credits) }),
      })),
      attention: { failed: Number(row.failed), dead: Number(row.dead), unknown: Number(row.unknown) },
      dispatcher,
    };
  }

  async recordWebhookDeliveries(deliveries: readonly (WebhookDelivery & { shopId: string })[]) {
    if (deliveries.length === 0) return;
    await this.#db.query(
      `INSERT INTO ${this.#prefix}webhook_deliveries AS d (shop_id, topic, at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
       ON CONFLICT (shop_id, topic) DO UPDATE SET at = GREATEST(d.at, excluded.at)`,
      [
        deliveries.map((delivery) => delivery.shopId),
        deliveries.map((delivery) => delivery.topic),
        deliveries.map((delivery) => delivery.at.getTime()),
      ],
    );
  }

  async addSignatureFailures(failures: readonly { shopId: string; at: Date; count: number }[]) {
    if (failures.length === 0) return;
    await this.#db.query(
      `INSERT INTO ${this.#prefix}signature_failures AS f (shop_id, hour, count)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[])
       ON CONFLICT (shop_id, hour) DO UPDATE SET count = f.count + excluded.count`,
      [
        failures.map((failure) => failure.shopId),
        failures.map((failure) => hourOf(failure.at)),
        failures.map((failure) => failure.count),
      ],
    );
  }

  async webhookStats(shopId: string, since: Date) {
    const [deliveries, failures] = await Promise.all([
      this.#db.query<{ topic: string; at: string }>(
        `SELECT topic, at FROM ${this.#prefix}webhook_deliveries WHERE shop_id = $1 ORDER BY topic`,
        [shopId],
      ),
      this.#db.query<{ count: string }>(
        `SELECT COALESCE(SUM(count), 0) AS count FROM ${this.#prefix}signature_failures
         WHERE shop_id = $1 AND hour >= $2`,
        [shopId, hourOf(since)],
      ),
    ]);
    return {
      lastDeliveries: deliveries.rows.map((row) => ({ topic: row.topic, at: new Date(Number(row.at)) })),
      signatureFailures: Number(failures.rows[0]?.count ?? 0),
    };
  }

  async createSession(session: AdminSessionRecord) {
    await this.#db.query(
      `INSERT INTO ${this.#prefix}admin_sessions (id_hash, user_name, csrf_token, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [
        session.idHash,
        session.user,
        session.csrfToken,
        session.createdAt.getTime(),
        session.expiresAt.getTime(),
      ],
    );
  }

  async getSession(idHash: string, now: Date) {
    const { rows } = await this.#db.query(
      `SELECT * FROM ${this.#prefix}admin_sessions WHERE id_hash = $1 AND expires_at > $2`,
      [idHash, now.getTime()],
    );
    return rows[0] === undefined ? undefined : rowToSession(rows[0]);
  }

  async deleteSession(idHash: string) {
    await this.#db.query(`DELETE FROM ${this.#prefix}admin_sessions WHERE id_hash = $1`, [idHash]);
  }

  async deleteExpiredSessions(now: Date) {
    const result = await this.#db.query(`DELETE FROM ${this.#prefix}admin_sessions WHERE expires_at <= $1`, [
      now.getTime(),
    ]);
    return result.rowCount ?? 0;
  }

  async countSignInAttempt(clientHash: string, now: Date, windowMs: number) {
    // One statement: concurrent attempts of several instances queue on the client's row, none is lost.
    const table = `${this.#prefix}admin_sign_in_attempts`;
    const { rows } = await this.#db.query(
      `INSERT INTO ${table} (client_hash, started_at, attempts) VALUES ($1, $2, 1)
       ON CONFLICT (client_hash) DO UPDATE SET
         attempts = CASE WHEN ${table}.started_at <= $3 THEN 1 ELSE ${table}.attempts + 1 END,
         started_at = CASE WHEN ${table}.started_at <= $3 THEN excluded.started_at ELSE ${table}.started_at END
       RETURNING attempts, started_at`,
      [clientHash, now.getTime(), now.getTime() - windowMs],
    );
    return rowToSignInWindow(rows[0] as OutboxRow);
  }

  async countSignInAttemptInWindow(clientHash: string, now: Date, windowMs: number) {
    // A client without an open window matches no row: nothing is written.
    const { rows } = await this.#db.query(
      `UPDATE ${this.#prefix}admin_sign_in_attempts SET attempts = attempts + 1
       WHERE client_hash = $1 AND started_at > $2
       RETURNING attempts, started_at`,
      [clientHash, now.getTime() - windowMs],
    );
    const row = rows[0] as OutboxRow | undefined;
    return row === undefined ? undefined : rowToSignInWindow(row);
  }

  async clearSignInAttempts(clientHash: string) {
    await this.#db.query(`DELETE FROM ${this.#prefix}admin_sign_in_attempts WHERE client_hash = $1`, [
      clientHash,
    ]);
  }

  async deleteStaleSignInAttempts(before: Date) {
    const result = await this.#db.query(
      `DELETE FROM ${this.#prefix}admin_sign_in_attempts WHERE started_at <= $1`,
      [before.getTime()],
    );
    return result.rowCount ?? 0;
  }

  async saveRecentOrders(orders: readonly RecentOrder[], keep: number) {
    if (orders.length === 0) return;
    const table = `${this.#prefix}recent_orders`;
    const latest = new Map(orders.map((order) => [`${order.shopId}\u0000${order.order.id}`, order]));
    const rows = [...latest.values()];
    await this.#db.transaction(async (client) => {
      await this.#db.query(
        `INSERT INTO ${table} (shop_id, order_id, at, order_json, customer_json)
         SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[])
         ON CONFLICT (shop_id, order_id) DO UPDATE SET at = excluded.at, order_json = excluded.order_json,
           customer_json = excluded.customer_json`,
        [
          rows.map((order) => order.shopId),
          rows.map((order) => order.order.id),
          rows.map((order) => order.at.getTime()),
          rows.map((order) => JSON.stringify(order.order)),
          rows.map((order) => JSON.stringify(order.customer)),
        ],
        client,
      );
      await this.#db.query(
        `DELETE FROM ${table} AS r WHERE r.shop_id = ANY($1) AND r.order_id NOT IN
           (SELECT k.order_id FROM ${table} AS k WHERE k.shop_id = r.shop_id ORDER BY k.at DESC LIMIT $2)`,
        [[...new Set(rows.map((order) => order.shopId))], keep],
        client,
      );
    });
  }

  async recentOrders(shopId: string, limit: number) {
    const { rows } = await this.#db.query(
      `SELECT * FROM ${this.#prefix}recent_orders WHERE shop_id = $1 ORDER BY at DESC LIMIT $2`,
      [shopId, Math.max(1, Math.trunc(limit))],
    );
    return rows.map(rowToRecentOrder);
  }
}
