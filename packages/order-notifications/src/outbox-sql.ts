import { adminMigration, recipientTail, type SqlDialect } from './admin-migration';
import { voiceMigrationStatements } from './call-sql';
import type { Migration } from './migration';
import { optOutMigration } from './opt-out-sql';
import { outboxIndexMigration, statusCondition } from './outbox-indexes';
import {
  type AttemptRecord,
  MESSAGE_STATUSES,
  type MessageEventType,
  type MessageFilter,
  type MessagePatch,
  type MessageStatus,
  type NewOutboxMessage,
  type OutboxMessage,
  type OutboxMessageType,
  type RecipientRole,
} from './outbox-store';

export type { SqlDialect } from './admin-migration';

/**
 * Versioned schema migrations. `{prefix}` is replaced by the table prefix (a quoted schema plus a dot for
 * PostgreSQL, empty for SQLite). Append only: never edit a released step. A migration that only drops and builds
 * indexes lists them as `indexes`, which PostgreSQL makes concurrently (see {@link Migration}).
 */
export function migrations(dialect: SqlDialect): Migration[] {
  const bigint = dialect === 'postgres' ? 'BIGINT' : 'INTEGER';
  const real = dialect === 'postgres' ? 'DOUBLE PRECISION' : 'REAL';
  return [
    {
      version: 1,
      statements: [
        `CREATE TABLE {prefix}outbox_messages (
          id TEXT PRIMARY KEY,
          dedupe_key TEXT NOT NULL UNIQUE,
          shop_id TEXT NOT NULL,
          order_id TEXT,
          event_type TEXT NOT NULL,
          role TEXT NOT NULL,
          recipient TEXT NOT NULL,
          text TEXT NOT NULL,
          sender TEXT,
          provider_id TEXT NOT NULL,
          message_type TEXT NOT NULL,
          segments INTEGER NOT NULL,
          status TEXT NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at ${bigint} NOT NULL,
          lease_until ${bigint},
          worker_id TEXT,
          created_at ${bigint} NOT NULL,
          updated_at ${bigint} NOT NULL,
          sent_at ${bigint},
          delivered_at ${bigint},
          provider_message_id TEXT,
          provider_batch_id TEXT,
          credits ${real},
          reason TEXT,
          error_kind TEXT,
          error_code TEXT,
          error_message TEXT
        )`,
        `CREATE INDEX outbox_due ON {prefix}outbox_messages (next_attempt_at) WHERE status = 'queued'`,
        `CREATE INDEX outbox_sending ON {prefix}outbox_messages (lease_until) WHERE status = 'sending'`,
        `CREATE INDEX outbox_sent ON {prefix}outbox_messages (provider_id, created_at) WHERE status = 'sent'`,
        `CREATE INDEX outbox_unknown ON {prefix}outbox_messages (provider_id, created_at) WHERE status = 'unknown'`,
        `CREATE INDEX outbox_shop ON {prefix}outbox_messages (shop_id, created_at)`,
        `CREATE INDEX outbox_order ON {prefix}outbox_messages (order_id)`,
        `CREATE INDEX outbox_created ON {prefix}outbox_messages (created_at)`,
        `CREATE INDEX outbox_provider_message ON {prefix}outbox_messages (provider_id, provider_message_id)
           WHERE provider_message_id IS NOT NULL`,
        `CREATE TABLE {prefix}order_statuses (
          shop_id TEXT NOT NULL,
          order_id TEXT NOT NULL,
          status TEXT NOT NULL,
          updated_at ${bigint} NOT NULL,
          PRIMARY KEY (shop_id, order_id)
        )`,
        `CREATE TABLE {prefix}opt_outs (
          phone TEXT NOT NULL,
          source TEXT NOT NULL,
          created_at ${bigint} NOT NULL,
          PRIMARY KEY (phone, source)
        )`,
      ],
    },
    { version: 2, statements: adminMigration(dialect) },
    { version: 3, statements: voiceMigrationStatements(dialect) },
    { version: 4, statements: optOutMigration(dialect) },
    // The order's number beside its id, for the missed-call follow-up's {order_number}.
    { version: 5, statements: ['ALTER TABLE {prefix}outbox_messages ADD COLUMN order_number TEXT'] },
    // The console's sign-in attempts per client, counted in the store so that every instance sees them.
    {
      version: 6,
      statements: [
        `CREATE TABLE {prefix}admin_sign_in_attempts (
          client_hash TEXT PRIMARY KEY,
          started_at ${bigint} NOT NULL,
          attempts INTEGER NOT NULL
        )`,
        `CREATE INDEX admin_sign_in_attempts_started ON {prefix}admin_sign_in_attempts (started_at)`,
      ],
    },
    { version: 7, indexes: outboxIndexMigration() },
    // The order's modification time as its platform reported it, beside the recorded status or tracking number:
    // an update older than the recorded one changes nothing. NULL in rows written before, which take any update.
    { version: 8, statements: [`ALTER TABLE {prefix}order_statuses ADD COLUMN modified_at ${bigint}`] },
  ];
}

/** What recording one order state found: the value stored before, and whether the record was stale. */
export interface RecordedState {
  previous: string | undefined;
  stale: boolean;
}

/**
 * Whether a record of an order's state is older than the state stored: both times known, the record's earlier.
 * @param modifiedAt - the record's modification time, when its event carries one
 * @param stored - the `modified_at` column of the stored state (null or undefined: unknown, or no state)
 */
export function isStaleRecord(modifiedAt: Date | undefined, stored: unknown): boolean {
  return (
    modifiedAt !== undefined &&
    stored !== null &&
    stored !== undefined &&
    modifiedAt.getTime() < toNumber(stored)
  );
}

/** Columns written by an insert, in order. */
export const INSERT_COLUMNS = [
  'id',
  'dedupe_key',
  'shop_id',
  'order_id',
  'event_type',
  'role',
  'recipient',
  'text',
  'sender',
  'provider_id',
  'message_type',
  'segments',
  'status',
  'attempts',
  'next_attempt_at',
  'created_at',
  'updated_at',
  'reason',
  'recipient_tail',
  'order_number',
] as const;

/** The values of {@link INSERT_COLUMNS} for one message. */
export function insertValues(message: NewOutboxMessage): (string | number | null)[] {
  const at = message.createdAt.getTime();
  return [
    message.id,
    message.dedupeKey,
    message.shopId,
    message.orderId ?? null,
    message.eventType,
    message.role,
    message.recipient,
    message.text,
    message.sender ?? null,
    message.providerId,
    message.messageType,
    message.segments,
    message.status,
    0,
    at,
    at,
    at,
    message.reason ?? null,
    recipientTail(message.recipient),
    message.orderNumber ?? null,
  ];
}

/** A row as a driver returns it (PostgreSQL gives BIGINT as string). */
export type OutboxRow = Record<string, unknown>;

/** A number column's value (PostgreSQL gives BIGINT as a string). */
export function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

function optionalDate(value: unknown): Date | undefined {
  return value === null || value === undefined ? undefined : new Date(toNumber(value));
}

function optionalString(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}

/** Maps a row of `outbox_messages` to an {@link OutboxMessage}. */
export function rowToMessage(row: OutboxRow): OutboxMessage {
  const message: OutboxMessage = {
    id: String(row.id),
    dedupeKey: String(row.dedupe_key),
    shopId: String(row.shop_id),
    eventType: row.event_type as MessageEventType,
    role: row.role as RecipientRole,
    recipient: String(row.recipient),
    text: String(row.text),
    providerId: String(row.provider_id),
    messageType: row.message_type as OutboxMessageType,
    segments: toNumber(row.segments),
    status: row.status as MessageStatus,
    attempts: toNumber(row.attempts),
    nextAttemptAt: new Date(toNumber(row.next_attempt_at)),
    createdAt: new Date(toNumber(row.created_at)),
    updatedAt: new Date(toNumber(row.updated_at)),
  };
  const orderId = optionalString(row.order_id);
  if (orderId !== undefined) message.orderId = orderId;
  const sender = optionalString(row.sender);
  if (sender !== undefined) message.sender = sender;
  const sentAt = optionalDate(row.sent_at);
  if (sentAt !== undefined) message.sentAt = sentAt;
  const deliveredAt = optionalDate(row.delivered_at);
  if (deliveredAt !== undefined) message.deliveredAt = deliveredAt;
  const providerMessageId = optionalString(row.provider_message_id);
  if (providerMessageId !== undefined) message.providerMessageId = providerMessageId;
  const providerBatchId = optionalString(row.provider_batch_id);
  if (providerBatchId !== undefined) message.providerBatchId = providerBatchId;
  if (row.credits !== null && row.credits !== undefined) message.credits = toNumber(row.credits);
  const reason = optionalString(row.reason);
  if (reason !== undefined) message.reason = reason;
  if (row.error_kind !== null && row.error_kind !== undefined) {
    message.lastError = { kind: String(row.error_kind), message: String(row.error_message ?? '') };
    const code = optionalString(row.error_code);
    if (code !== undefined) message.lastError.code = code;
  }
  return message;
}

/** The attempt a worker lost (its claim expired): its outcome is unknown, counted from the claim. */
export function lostAttempt(attempts: unknown, claimedAt: unknown): AttemptRecord {
  return {
    attempt: toNumber(attempts),
    at: new Date(toNumber(claimedAt)),
    result: 'unknown',
    errorKind: 'lease-expired',
    errorMessage: 'The claim expired with its worker; the provider may have the message',
  };
}

/** Column assignments of a patch, as `[column, value]` pairs. */
export function patchAssignments(patch: MessagePatch, now: Date): [string, string | number | null][] {
  const pairs: [string, string | number | null][] = [['updated_at', now.getTime()]];
  const time = (value: Date | null | undefined) =>
    value === null || value === undefined ? null : value.getTime();
  if (patch.status !== undefined) {
    pairs.push(['status', patch.status]);
    if (patch.status !== 'sending') {
      pairs.push(['lease_until', null], ['worker_id', null]);
    }
  }
  if (patch.nextAttemptAt !== undefined) pairs.push(['next_attempt_at', patch.nextAttemptAt.getTime()]);
  if (patch.sentAt !== undefined) pairs.push(['sent_at', time(patch.sentAt)]);
  if (patch.deliveredAt !== undefined) pairs.push(['delivered_at', time(patch.deliveredAt)]);
  if (patch.providerMessageId !== undefined) pairs.push(['provider_message_id', patch.providerMessageId]);
  if (patch.providerBatchId !== undefined) pairs.push(['provider_batch_id', patch.providerBatchId]);
  if (patch.credits !== undefined) pairs.push(['credits', patch.credits]);
  if (patch.segments !== undefined) pairs.push(['segments', patch.segments]);
  if (patch.reason !== undefined) pairs.push(['reason', patch.reason]);
  if (patch.lastError !== undefined) {
    pairs.push(
      ['error_kind', patch.lastError?.kind ?? null],
      ['error_message', patch.lastError?.message ?? null],
      ['error_code', patch.lastError?.code ?? null],
    );
  }
  return pairs;
}

/**
 * Builds the WHERE clause of a message filter, for a dialect. `placeholder(n)` writes the n-th parameter
 * (1-based).
 */
export function filterClause(
  filter: MessageFilter,
  placeholder: (index: number) => string,
  dialect: SqlDialect,
): { sql: string; values: (string | number)[] } {
  const conditions: string[] = [];
  const values: (string | number)[] = [];
  const push = (value: string | number) => {
    const marker = placeholder(values.length + 1);
    values.push(value);
    return marker;
  };
  if (filter.shopId !== undefined) conditions.push(`shop_id = ${push(filter.shopId!)}`);
  if (filter.orderId !== undefined) conditions.push(`order_id = ${push(filter.orderId!)}`);
  if (filter.providerId !== undefined) conditions.push(`provider_id = ${push(filter.providerId!)}`);
  if (filter.role !== undefined) conditions.push(`role = ${push(filter.role!)}`);
  if (filter.since !== undefined) conditions.push(`created_at >= ${push(filter.since!.getTime())}`);
  if (filter.until !== undefined) conditions.push(`created_at < ${push(filter.until!.getTime())}`);
  if (filter.status !== undefined) {
    const statuses = typeof filter.status === 'string' ? [filter.status] : filter.status;
    conditions.push(statusCondition(statuses, dialect));
  }
  return { sql: conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`, values };
}

/** The row limit of a `list` call: default 100, at most 1000. */
export function listLimit(filter: MessageFilter): { limit: number; offset: number } {
  const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 100), 1), 1000);
  const offset = Math.max(Math.trunc(filter.offset ?? 0), 0);
  return { limit, offset };
}

/** A zeroed count per status. */
export function emptyCounts(): Record<MessageStatus, number> {
  return Object.fromEntries(MESSAGE_STATUSES.map((status) => [status, 0])) as Record<MessageStatus, number>;
}

/** The stored form of a message that was just inserted. */
export function newMessage(message: NewOutboxMessage): OutboxMessage {
  const stored: OutboxMessage = {
    id: message.id,
    dedupeKey: message.dedupeKey,
    shopId: message.shopId,
    eventType: message.eventType,
    role: message.role,
    recipient: message.recipient,
    text: message.text,
    providerId: message.providerId,
    messageType: message.messageType,
    segments: message.segments,
    status: message.status,
    attempts: 0,
    nextAttemptAt: message.createdAt,
    createdAt: message.createdAt,
    updatedAt: message.createdAt,
  };
  if (message.orderId !== undefined) stored.orderId = message.orderId;
  if (message.sender !== undefined) stored.sender = message.sender;
  if (message.reason !== undefined) stored.reason = message.reason;
  return stored;
}
