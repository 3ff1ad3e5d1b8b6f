/** The SQL flavour a statement is written for. */
export type SqlDialect = 'sqlite' | 'postgres';

/**
 * The admin console's tables and indexes (schema version 2): the recipient's reversed digits for a search by
 * the last digits, indexes of the log's filters, attempts, the audit log, template versions, webhook
 * statistics, sessions and recent orders. `reverse` is the SQL that reverses a text (SQLite has none built in:
 * the store registers one).
 */
export function adminMigration(dialect: SqlDialect): string[] {
  const bigint = dialect === 'postgres' ? 'BIGINT' : 'INTEGER';
  const serial = dialect === 'postgres' ? 'BIGSERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY';
  const collate = dialect === 'postgres' ? ' COLLATE "C"' : '';
  const reverse = dialect === 'postgres' ? 'reverse' : 'x_reverse';
  const isE164 =
    dialect === 'postgres'
      ? `recipient ~ '^\\+[0-9]+$'`
      : `recipient GLOB '+[0-9]*' AND recipient NOT GLOB '*[^0-9+]*'`;
  return [
    `ALTER TABLE {prefix}outbox_messages ADD COLUMN recipient_tail TEXT${collate}`,
    `UPDATE {prefix}outbox_messages SET recipient_tail = ${reverse}(substr(recipient, 2)) WHERE ${isE164}`,
    `CREATE INDEX outbox_recipient_tail ON {prefix}outbox_messages (recipient_tail)`,
    `CREATE INDEX outbox_shop_status ON {prefix}outbox_messages (shop_id, status, created_at)`,
    `CREATE INDEX outbox_status_created ON {prefix}outbox_messages (status, created_at)`,
    `CREATE INDEX outbox_sent_at ON {prefix}outbox_messages (sent_at) WHERE sent_at IS NOT NULL`,
    `CREATE TABLE {prefix}message_attempts (
      id ${serial},
      message_id TEXT NOT NULL,
      attempt INTEGER NOT NULL,
      at ${bigint} NOT NULL,
      result TEXT NOT NULL,
      error_kind TEXT,
      error_code TEXT,
      error_message TEXT,
      provider_message_id TEXT,
      duration_ms INTEGER
    )`,
    `CREATE INDEX message_attempts_message ON {prefix}message_attempts (message_id, at)`,
    `CREATE TABLE {prefix}audit_log (
      id TEXT PRIMARY KEY,
      at ${bigint} NOT NULL,
      user_name TEXT NOT NULL,
      action TEXT NOT NULL,
      shop_id TEXT,
      target TEXT NOT NULL,
      details TEXT NOT NULL
    )`,
    `CREATE INDEX audit_shop ON {prefix}audit_log (shop_id, id)`,
    `CREATE INDEX audit_target ON {prefix}audit_log (target, id)`,
    `CREATE TABLE {prefix}template_versions (
      shop_id TEXT NOT NULL,
      version INTEGER NOT NULL,
      user_name TEXT NOT NULL,
      at ${bigint} NOT NULL,
      settings TEXT NOT NULL,
      PRIMARY KEY (shop_id, version)
    )`,
    `CREATE TABLE {prefix}webhook_deliveries (
      shop_id TEXT NOT NULL,
      topic TEXT NOT NULL,
      at ${bigint} NOT NULL,
      PRIMARY KEY (shop_id, topic)
    )`,
    `CREATE TABLE {prefix}signature_failures (
      shop_id TEXT NOT NULL,
      hour ${bigint} NOT NULL,
      count INTEGER NOT NULL,
      PRIMARY KEY (shop_id, hour)
    )`,
    `CREATE TABLE {prefix}admin_sessions (
      id_hash TEXT PRIMARY KEY,
      user_name TEXT NOT NULL,
      csrf_token TEXT NOT NULL,
      created_at ${bigint} NOT NULL,
      expires_at ${bigint} NOT NULL
    )`,
    `CREATE INDEX admin_sessions_expiry ON {prefix}admin_sessions (expires_at)`,
    `CREATE TABLE {prefix}recent_orders (
      shop_id TEXT NOT NULL,
      order_id TEXT NOT NULL,
      at ${bigint} NOT NULL,
      order_json TEXT NOT NULL,
      customer_json TEXT NOT NULL,
      PRIMARY KEY (shop_id, order_id)
    )`,
    `CREATE INDEX recent_orders_shop ON {prefix}recent_orders (shop_id, at)`,
  ];
}

/** The digits of an E.164 recipient, reversed (`+905321234567` → `765432123509`); null for anything else. */
export function recipientTail(recipient: string): string | null {
  if (!/^\+\d+$/.test(recipient)) return null;
  return [...recipient.slice(1)].reverse().join('');
}
