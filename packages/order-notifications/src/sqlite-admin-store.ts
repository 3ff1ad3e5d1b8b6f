import type BetterSqlite3 from 'better-sqlite3';
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
  optOutRow,
  SQLITE_OPT_OUT_INSERT,
} from './opt-out-sql';
import { statusCondition } from './outbox-indexes';
import { type OutboxRow, patchAssignments, rowToMessage } from './outbox-sql';
import type { AttemptRecord, EnqueueResult, MessageStatus, NewOutboxMessage } from './outbox-store';

const placeholder = () => '?';

/** Registers the SQL functions the migrations and queries of the admin tables use (SQLite has no `reverse`). */
export function registerSqliteFunctions(db: BetterSqlite3.Database): void {
  db.function('x_reverse', { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? [...text].reverse().join('') : null,
  );
}

/** Writes an attempt row; used inside the outbox store's transactions. */
export function sqliteAttemptWriter(
  db: BetterSqlite3.Database,
): (messageId: string, attempt: AttemptRecord) => void {
  const insert = db.prepare(
    `INSERT INTO message_attempts (${ATTEMPT_COLUMNS.join(', ')}) VALUES (${ATTEMPT_COLUMNS.map(placeholder).join(', ')})`,
  );
  return (messageId, attempt) => {
    insert.run(...attemptValues(messageId, attempt));
  };
}

/** The admin console's storage in the outbox's SQLite database. */
export class SqliteAdminStore implements AdminStore {
  readonly #db: BetterSqlite3.Database;
  readonly #enqueueRows: (messages: readonly NewOutboxMessage[]) => EnqueueResult;
  readonly #newId = createIdGenerator();
  readonly #insertAudit: BetterSqlite3.Statement;

  /**
   * @param db - the outbox's database, migrated
   * @param enqueueRows - the outbox's insert of messages, run inside a transaction
   */
  constructor(
    db: BetterSqlite3.Database,
    enqueueRows: (messages: readonly NewOutboxMessage[]) => EnqueueResult,
  ) {
    this.#db = db;
    this.#enqueueRows = enqueueRows;
    this.#insertAudit = db.prepare(
      `INSERT INTO audit_log (${AUDIT_COLUMNS.join(', ')}) VALUES (${AUDIT_COLUMNS.map(placeholder).join(', ')})`,
    );
  }

  #audit(entry: NewAuditEntry): void {
    this.#insertAudit.run(...auditValues(this.#newId(), entry));
  }

  async listAttempts(messageId: string) {
    const rows = this.#db
      .prepare('SELECT * FROM message_attempts WHERE message_id = ? ORDER BY at, id')
      .all(messageId) as OutboxRow[];
    return rows.map(rowToAttempt);
  }

  async queryMessages(query: MessageQuery) {
    const where = messageQueryClause(query, placeholder, 'sqlite');
    const limit = pageLimit(query.limit, 50);
    const rows = this.#db
      .prepare(`SELECT * FROM outbox_messages ${where.sql} ORDER BY created_at DESC, id DESC LIMIT ?`)
      .all(...where.values, limit + 1) as OutboxRow[];
    const { items, nextCursor } = pageOf(rows, limit, rowToMessage, (row) => ({
      at: row.createdAt,
      id: row.id,
    }));
    return nextCursor === undefined ? { messages: items } : { messages: items, nextCursor };
  }

  async changeMessage(change: AuditedChange) {
    const assignments = patchAssignments(change.patch, change.patch.updatedAt ?? new Date());
    const statuses = change.from.map(placeholder).join(', ');
    const update = this.#db.prepare(
      `UPDATE outbox_messages SET ${assignments.map(([column]) => `${column} = ?`).join(', ')}
       WHERE id = ? AND status IN (${statuses}) RETURNING *`,
    );
    return this.#db
      .transaction(() => {
        const row = update.get(...assignments.map(([, value]) => value), change.messageId, ...change.from) as
          | OutboxRow
          | undefined;
        if (row === undefined) return undefined;
        this.#audit(change.audit);
        return rowToMessage(row);
      })
      .immediate();
  }

  async enqueueAudited(messages: readonly NewOutboxMessage[], audit: NewAuditEntry) {
    return this.#db
      .transaction(() => {
        const result = this.#enqueueRows(messages);
        if (result.inserted.length > 0) this.#audit(audit);
        return result;
      })
      .immediate();
  }

  async queryOptOuts(query: OptOutQuery) {
    const where = optOutQueryClause(query, placeholder);
    const limit = pageLimit(query.limit, 50);
    const rows = this.#db
      .prepare(`SELECT phone, source, created_at FROM opt_outs ${where.sql} ${OPT_OUT_ORDER} LIMIT ?`)
      .all(...where.values, limit + 1) as OutboxRow[];
    return optOutPageOf(rows, limit);
  }

  async changeOptOuts(change: OptOutChange) {
    const statement =
      change.change === 'add'
        ? this.#db.prepare(SQLITE_OPT_OUT_INSERT)
        : this.#db.prepare('DELETE FROM opt_outs WHERE phone = ? AND source = ?');
    const at = change.at.getTime();
    return this.#db
      .transaction(() => {
        let count = 0;
        for (const phone of new Set(change.phones)) {
          const values =
            change.change === 'add' ? optOutRow(phone, change.source, at) : [phone, change.source];
          count += statement.run(...values).changes;
        }
        if (count > 0 && change.audit)
          this.#audit({ ...change.audit, details: { ...change.audit.details, count } });
        return count;
      })
      .immediate();
  }

  async listAudit(query: AuditQuery) {
    const where = auditQueryClause(query, placeholder);
    const limit = pageLimit(query.limit, 50);
    const rows = this.#db
      .prepare(`SELECT * FROM audit_log ${where.sql} ORDER BY id DESC LIMIT ?`)
      .all(...where.values, limit + 1) as OutboxRow[];
    const { items, nextCursor } = pageOf(rows, limit, rowToAudit, (entry) => entry);
    return nextCursor === undefined ? { entries: items } : { entries: items, nextCursor };
  }

  async saveTemplateVersion(version: NewTemplateVersion) {
    const insert = this.#db.prepare(
      `INSERT INTO template_versions (shop_id, version, user_name, at, settings)
       SELECT ?, ?, ?, ?, ? WHERE COALESCE((SELECT MAX(version) FROM template_versions WHERE shop_id = ?), 0) = ?
       ON CONFLICT DO NOTHING`,
    );
    const next = version.baseVersion + 1;
    return this.#db
      .transaction(() => {
        const written = insert.run(
          version.shopId,
          next,
          version.user,
          version.at.getTime(),
          JSON.stringify(version.settings),
          version.shopId,
          version.baseVersion,
        ).changes;
        if (written === 0) return undefined;
        this.#audit(version.audit);
        return next;
      })
      .immediate();
  }

  async getTemplateVersion(shopId: string, version: number) {
    const row = this.#db
      .prepare('SELECT * FROM template_versions WHERE shop_id = ? AND version = ?')
      .get(shopId, version) as OutboxRow | undefined;
    return row === undefined ? undefined : rowToTemplateVersion(row);
  }

  async listTemplateVersions(shopId: string) {
    const rows = this.#db
      .prepare('SELECT * FROM template_versions WHERE shop_id = ? ORDER BY version DESC')
      .all(shopId) as OutboxRow[];
    return rows.map(rowToTemplateVersion);
  }

  async latestTemplateVersions() {
    const rows = this.#db
      .prepare('SELECT shop_id, MAX(version) AS version FROM template_versions GROUP BY shop_id')
      .all() as { shop_id: string; version: number }[];
    return new Map(rows.map((row) => [row.shop_id, Number(row.version)]));
  }

  async overview(query: OverviewQuery): Promise<OverviewRows> {
    const spans = overviewSql(query, 'outbox_messages', placeholder);
    const buckets = (this.#db.prepare(spans.sql).all(...spans.values) as OutboxRow[]).map((row) => ({
      span: Number(row.span),
      status: row.status as MessageStatus,
      count: Number(row.count),
      segments: Number(row.segments),
      ...(row.credits === null ? {} : { credits: Number(row.credits) }),
    }));
    const shop = query.shopId === undefined ? '' : 'shop_id = ? AND ';
    const shopValues = query.shopId === undefined ? [] : [query.shopId];
    const count = (status: MessageStatus) =>
      Number(
        this.#db
          .prepare(`SELECT COUNT(*) FROM outbox_messages WHERE ${shop}${statusCondition([status], 'sqlite')}`)
          .pluck()
          .get(...shopValues),
      );
    // The count and the oldest in one statement: a lone MIN(created_at) would have SQLite walk the index on the
    // time from the oldest message until a queued one (the queue is the newest messages), not the queue's index.
    const queue = this.#db
      .prepare(
        `SELECT COUNT(*) AS queued, MIN(created_at) AS oldest FROM outbox_messages
         WHERE ${shop}${statusCondition(['queued'], 'sqlite')}`,
      )
      .get(...shopValues) as { queued: number; oldest: number | null };
    const lastSent = this.#db
      .prepare(`SELECT MAX(sent_at) FROM outbox_messages WHERE ${shop}sent_at IS NOT NULL`)
      .pluck()
      .get(...shopValues) as number | null;
    const dispatcher: OverviewRows['dispatcher'] = { queued: Number(queue.queued) };
    if (queue.oldest !== null) dispatcher.oldestQueuedAt = new Date(queue.oldest);
    if (lastSent !== null) dispatcher.lastSentAt = new Date(lastSent);
    return {
      buckets,
      attention: { failed: count('failed'), dead: count('dead'), unknown: count('unknown') },
      dispatcher,
    };
  }

  async recordWebhookDeliveries(deliveries: readonly (WebhookDelivery & { shopId: string })[]) {
    const upsert = this.#db.prepare(
      `INSERT INTO webhook_deliveries (shop_id, topic, at) VALUES (?, ?, ?)
       ON CONFLICT (shop_id, topic) DO UPDATE SET at = MAX(at, excluded.at)`,
    );
    this.#db.transaction(() => {
      for (const delivery of deliveries) upsert.run(delivery.shopId, delivery.topic, delivery.at.getTime());
    })();
  }

  async addSignatureFailures(failures: readonly { shopId: string; at: Date; count: number }[]) {
    const upsert = this.#db.prepare(
      `INSERT INTO signature_failures (shop_id, hour, count) VALUES (?, ?, ?)
       ON CONFLICT (shop_id, hour) DO UPDATE SET count = count + excluded.count`,
    );
    this.#db.transaction(() => {
      for (const failure of failures) upsert.run(failure.shopId, hourOf(failure.at), failure.count);
    })();
  }

  async webhookStats(shopId: string, since: Date) {
    const rows = this.#db
      .prepare('SELECT topic, at FROM webhook_deliveries WHERE shop_id = ? ORDER BY topic')
      .all(shopId) as { topic: string; at: number }[];
    const failures = this.#db
      .prepare('SELECT COALESCE(SUM(count), 0) FROM signature_failures WHERE shop_id = ? AND hour >= ?')
      .pluck()
      .get(shopId, hourOf(since)) as number;
    return {
      lastDeliveries: rows.map((row) => ({ topic: row.topic, at: new Date(row.at) })),
      signatureFailures: Number(failures),
    };
  }

  async createSession(session: AdminSessionRecord) {
    this.#db
      .prepare(
        'INSERT INTO admin_sessions (id_hash, user_name, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(
        session.idHash,
        session.user,
        session.csrfToken,
        session.createdAt.getTime(),
        session.expiresAt.getTime(),
      );
  }

  async getSession(idHash: string, now: Date) {
    const row = this.#db
      .prepare('SELECT * FROM admin_sessions WHERE id_hash = ? AND expires_at > ?')
      .get(idHash, now.getTime()) as OutboxRow | undefined;
    return row === undefined ? undefined : rowToSession(row);
  }

  async deleteSession(idHash: string) {
    this.#db.prepare('DELETE FROM admin_sessions WHERE id_hash = ?').run(idHash);
  }

  async deleteExpiredSessions(now: Date) {
    return this.#db.prepare('DELETE FROM admin_sessions WHERE expires_at <= ?').run(now.getTime()).changes;
  }

  async countSignInAttempt(clientHash: string, now: Date, windowMs: number) {
    // Every expression of the update reads the row as it was: a window that started at or before the cut-off
    // starts again with this attempt.
    const row = this.#db
      .prepare(
        `INSERT INTO admin_sign_in_attempts (client_hash, started_at, attempts) VALUES (?, ?, 1)
         ON CONFLICT (client_hash) DO UPDATE SET
           attempts = CASE WHEN started_at <= ? THEN 1 ELSE attempts + 1 END,
           started_at = CASE WHEN started_at <= ? THEN excluded.started_at ELSE started_at END
         RETURNING attempts, started_at`,
      )
      .get(clientHash, now.getTime(), now.getTime() - windowMs, now.getTime() - windowMs) as OutboxRow;
    return rowToSignInWindow(row);
  }

  async countSignInAttemptInWindow(clientHash: string, now: Date, windowMs: number) {
    const cutOff = now.getTime() - windowMs;
    // Read first, so that a client without an open window (the usual case) takes no write lock; the update
    // checks the window again, for another process may have ended it since.
    const open = this.#db
      .prepare('SELECT 1 FROM admin_sign_in_attempts WHERE client_hash = ? AND started_at > ?')
      .get(clientHash, cutOff);
    if (open === undefined) return undefined;
    const row = this.#db
      .prepare(
        `UPDATE admin_sign_in_attempts SET attempts = attempts + 1 WHERE client_hash = ? AND started_at > ?
         RETURNING attempts, started_at`,
      )
      .get(clientHash, cutOff) as OutboxRow | undefined;
    return row === undefined ? undefined : rowToSignInWindow(row);
  }

  async clearSignInAttempts(clientHash: string) {
    this.#db.prepare('DELETE FROM admin_sign_in_attempts WHERE client_hash = ?').run(clientHash);
  }

  async deleteStaleSignInAttempts(before: Date) {
    return this.#db.prepare('DELETE FROM admin_sign_in_attempts WHERE started_at <= ?').run(before.getTime())
      .changes;
  }

  async saveRecentOrders(orders: readonly RecentOrder[], keep: number) {
    const upsert = this.#db.prepare(
      `INSERT INTO recent_orders (shop_id, order_id, at, order_json, customer_json) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (shop_id, order_id) DO UPDATE SET at = excluded.at, order_json = excluded.order_json,
         customer_json = excluded.customer_json`,
    );
    const trim = this.#db.prepare(
      `DELETE FROM recent_orders WHERE shop_id = ? AND order_id NOT IN
         (SELECT order_id FROM recent_orders WHERE shop_id = ? ORDER BY at DESC LIMIT ?)`,
    );
    this.#db.transaction(() => {
      for (const order of orders) {
        upsert.run(
          order.shopId,
          order.order.id,
          order.at.getTime(),
          JSON.stringify(order.order),
          JSON.stringify(order.customer),
        );
      }
      for (const shopId of new Set(orders.map((order) => order.shopId))) trim.run(shopId, shopId, keep);
    })();
  }

  async recentOrders(shopId: string, limit: number) {
    const rows = this.#db
      .prepare('SELECT * FROM recent_orders WHERE shop_id = ? ORDER BY at DESC LIMIT ?')
      .all(shopId, Math.max(1, Math.trunc(limit))) as OutboxRow[];
    return rows.map(rowToRecentOrder);
  }
}
