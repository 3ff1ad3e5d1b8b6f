import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageStatus, NewOutboxMessage, OutboxStore } from '../src/index';
import { plainStatements } from '../src/migration';
import { INSERT_COLUMNS, insertValues, migrations, type SqlDialect } from '../src/outbox-sql';
import { MESSAGE_STATUSES } from '../src/outbox-store';

/** A database of one store's kind, without the store: its migrations and rows are written by hand. */
export interface RawDatabase {
  dialect: SqlDialect;
  /** The table prefix of the migrations' `{prefix}` (a quoted schema and a dot, or nothing). */
  prefix: string;
  /** Writes the n-th parameter of a statement (1-based). */
  placeholder: (index: number) => string;
  /** Runs one statement. */
  run(sql: string, values?: readonly (string | number | null)[]): Promise<void>;
  /** The names of the indexes on the outbox's message table that queries may use (on PostgreSQL: the valid ones). */
  messageIndexes(): Promise<string[]>;
  /** Opens the store on this database (which migrates it). */
  open(): Promise<OutboxStore>;
  /** Closes and removes the database. */
  cleanup(): Promise<void>;
}

const T0 = new Date('2026-11-23T12:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const PHONE = '+905321234567';
const MASKED = '+90532*****67';

/**
 * The messages of a version-6 database: two of every status (one per shop), one a second apart; the number
 * {@link PHONE} gets m000, m008 and m012 in `demo` and m005 in `other`, the masked number m003.
 */
const ROWS: { message: NewOutboxMessage; status: MessageStatus }[] = MESSAGE_STATUSES.flatMap(
  (status, index) =>
    ['demo', 'other'].map((shopId, shop) => {
      const n = index * 2 + shop;
      const recipient = n === 3 ? MASKED : [0, 5, 8, 12].includes(n) ? PHONE : `+90532765${1000 + n}`;
      return {
        status,
        message: {
          id: `m${String(n).padStart(3, '0')}`,
          dedupeKey: `k${n}`,
          shopId,
          orderId: `o${n}`,
          orderNumber: `N-${n}`,
          eventType: 'order.created',
          role: 'customer',
          recipient,
          text: 'Merhaba',
          providerId: 'sms',
          messageType: 'auto',
          segments: 1,
          status: 'queued',
          createdAt: at(n * 1000),
        },
      };
    }),
);

const idsWhere = (keep: (row: (typeof ROWS)[number]) => boolean) =>
  ROWS.filter(keep)
    .map((row) => row.message.id)
    .sort();

/** The version whose migration is tested. */
const VERSION = 7;

/** Writes the schema of every migration before `version`, and their versions, as a store of that time left it. */
export async function writeSchemaBefore(db: RawDatabase, version: number): Promise<void> {
  await db.run(
    `CREATE TABLE IF NOT EXISTS ${db.prefix}schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`,
  );
  for (const migration of migrations(db.dialect).filter((step) => step.version < version)) {
    for (const statement of plainStatements(migration))
      await db.run(statement.replaceAll('{prefix}', db.prefix));
    await db.run(`INSERT INTO ${db.prefix}schema_migrations VALUES (${db.placeholder(1)}, 0)`, [
      migration.version,
    ]);
  }
}

/** Writes a database at the schema version before {@link VERSION} with {@link ROWS}, as a store of it left it. */
export async function writeVersionBefore(db: RawDatabase): Promise<void> {
  await writeSchemaBefore(db, VERSION);
  const markers = INSERT_COLUMNS.map((_, index) => db.placeholder(index + 1)).join(', ');
  for (const { message, status } of ROWS) {
    await db.run(
      `INSERT INTO ${db.prefix}outbox_messages (${INSERT_COLUMNS.join(', ')}) VALUES (${markers})`,
      insertValues(message),
    );
    const sent = status === 'sent' || status === 'delivered' ? message.createdAt.getTime() + 500 : null;
    await db.run(
      `UPDATE ${db.prefix}outbox_messages SET status = ${db.placeholder(1)}, sent_at = ${db.placeholder(2)} WHERE id = ${db.placeholder(3)}`,
      [status, sent, message.id],
    );
  }
}

/**
 * The migration to schema version 7 (the outbox's indexes cut to what its queries use), run against SQLite and
 * PostgreSQL alike: a database written by version 6 migrates, and every query reads what it read before.
 */
export function describeIndexMigration(name: string, create: () => Promise<RawDatabase>): void {
  describe(`${name}: the migration to version ${VERSION}`, () => {
    let db: RawDatabase;
    let store: OutboxStore;

    beforeEach(async () => {
      db = await create();
      await writeVersionBefore(db);
      store = await db.open();
    });

    afterEach(async () => {
      await store.close();
      await db.cleanup();
    });

    it('replaces the indexes of every status and of the recipient with a partial index and one on the digits', async () => {
      expect(await store.schemaVersion()).toBeGreaterThanOrEqual(VERSION);
      const indexes = await db.messageIndexes();
      expect(indexes).toEqual(
        expect.arrayContaining(['outbox_shop_rare_status', 'outbox_recipient_tail_shop']),
      );
      for (const dropped of [
        'outbox_shop_status',
        'outbox_status_created',
        'outbox_recipient',
        'outbox_recipient_tail',
      ])
        expect(indexes).not.toContain(dropped);
    });

    it('finds the messages stored before by every status filter, with and without a shop', async () => {
      const filters: MessageStatus[][] = [
        ...MESSAGE_STATUSES.map((status) => [status]),
        ['failed', 'dead'],
        ['queued', 'unknown', 'skipped'],
        ['failed', 'delivered'],
      ];
      for (const shopId of [undefined, 'demo']) {
        for (const statuses of filters) {
          const query = { ...(shopId === undefined ? {} : { shopId }), status: statuses, limit: 100 };
          const expected = idsWhere(
            (row) => statuses.includes(row.status) && (shopId === undefined || row.message.shopId === shopId),
          );
          const found = (await store.admin.queryMessages(query)).messages.map((message) => message.id).sort();
          expect(found, JSON.stringify(query)).toEqual(expected);
          expect((await store.list(query)).map((message) => message.id).sort()).toEqual(expected);
        }
      }
      expect((await store.counts({ shopId: 'demo' })).failed).toBe(1);
      const figures = await store.admin.overview({ shopId: 'demo', boundaries: [at(0), at(60_000)] });
      expect(figures.attention).toEqual({ failed: 1, dead: 1, unknown: 1 });
      expect(figures.dispatcher).toEqual({ queued: 1, oldestQueuedAt: at(0), lastSentAt: at(6500) });
      const all = await store.admin.overview({ boundaries: [at(0), at(60_000)] });
      expect(all.attention).toEqual({ failed: 2, dead: 2, unknown: 2 });
      expect(all.dispatcher).toEqual({ queued: 2, oldestQueuedAt: at(0), lastSentAt: at(7500) });
    });

    it("finds a number's recent order in its shop and a search by the last digits, as before", async () => {
      expect(await store.calls.recentOrderOf('demo', PHONE, T0)).toEqual({ id: 'o12', number: 'N-12' });
      expect(await store.calls.recentOrderOf('demo', PHONE, at(12_001))).toBeUndefined();
      expect(await store.calls.recentOrderOf('other', PHONE, T0)).toEqual({ id: 'o5', number: 'N-5' });
      expect(await store.calls.recentOrderOf('other', MASKED, T0)).toEqual({ id: 'o3', number: 'N-3' });
      expect(await store.calls.recentOrderOf('demo', MASKED, T0)).toBeUndefined();
      const digits = (await store.admin.queryMessages({ phoneDigits: '4567' })).messages.map((m) => m.id);
      expect(digits).toEqual(['m012', 'm008', 'm005', 'm000']);
    });
  });
}
