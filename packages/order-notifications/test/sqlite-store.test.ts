import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { createSqliteStore, type NewOutboxMessage, type OutboxStore } from '../src/index';
import { plainStatements } from '../src/migration';
import { RARE_STATUSES } from '../src/outbox-indexes';
import { INSERT_COLUMNS, insertValues, migrations } from '../src/outbox-sql';
import { registerSqliteFunctions } from '../src/sqlite-admin-store';
import { describeAdminStore } from './admin-store-suite';
import { describeCallStore } from './call-store-suite';
import { openSqliteHarness } from './harness';
import { describeIndexMigration, type RawDatabase } from './index-migration-suite';
import { describeOrderTimeMigration } from './order-time-migration-suite';
import { describeOutboxStore } from './store-suite';

const V1_MESSAGE: NewOutboxMessage = {
  id: 'x',
  dedupeKey: 'x',
  shopId: 'demo',
  eventType: 'order.created',
  role: 'customer',
  recipient: '',
  text: 'Merhaba',
  providerId: 'sms',
  messageType: 'auto',
  segments: 1,
  status: 'queued',
  createdAt: new Date('2026-11-23T12:00:00Z'),
};

describeOutboxStore('sqlite', openSqliteHarness);
describeAdminStore('sqlite', openSqliteHarness);
describeCallStore('sqlite', openSqliteHarness);

/** An SQLite file of its own, without a store (its migrations and rows are written by hand). */
async function openRawSqlite(): Promise<RawDatabase> {
  const directory = mkdtempSync(join(tmpdir(), 'outbox-migrate-'));
  const filename = join(directory, 'outbox.db');
  const db = new Database(filename);
  registerSqliteFunctions(db);
  return {
    dialect: 'sqlite',
    prefix: '',
    placeholder: () => '?',
    async run(sql, values = []) {
      db.prepare(sql).run(...values);
    },
    async messageIndexes() {
      const names = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox_messages'")
        .pluck()
        .all();
      return names as string[];
    },
    open: () => createSqliteStore({ filename }),
    async cleanup() {
      db.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

describeIndexMigration('sqlite', openRawSqlite);
describeOrderTimeMigration('sqlite', openRawSqlite);

describe('the SQLite migrations to versions 2, 4, 5 and 6', () => {
  it('indexes the last digits of the numbers already stored', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'outbox-migrate-'));
    const filename = join(directory, 'outbox.db');
    try {
      const db = new Database(filename);
      db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
      for (const statement of plainStatements(migrations('sqlite')[0]!))
        db.exec(statement.replaceAll('{prefix}', ''));
      db.prepare('INSERT INTO schema_migrations VALUES (1, 0)').run();
      const later = ['recipient_tail', 'order_number'];
      const columns = INSERT_COLUMNS.filter((column) => !later.includes(column));
      const insert = db.prepare(
        `INSERT INTO outbox_messages (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
      for (const [id, recipient] of [
        ['old1', '+905321234567'],
        ['old2', '+90532*****67'],
      ] as const) {
        const values = insertValues({ ...V1_MESSAGE, id, dedupeKey: id, recipient, orderId: `${id}-order` });
        insert.run(...values.slice(0, columns.length));
        db.prepare("INSERT INTO opt_outs (phone, source, created_at) VALUES (?, 'local', 0)").run(recipient);
      }
      db.close();
      const store = await createSqliteStore({ filename });
      expect(await store.schemaVersion()).toBe(migrations('sqlite').at(-1)?.version);
      const found = await store.admin.queryMessages({ phoneDigits: '4567' });
      expect(found.messages.map((message) => message.id)).toEqual(['old1']);
      const optOuts = await store.admin.queryOptOuts({ digits: '4567' });
      expect(optOuts.optOuts.map((entry) => entry.phone)).toEqual(['+905321234567']);
      // A message stored before order numbers were kept names its order by its id.
      expect(await store.calls.recentOrderOf('demo', '+905321234567', new Date(0))).toEqual({
        id: 'old1-order',
        number: 'old1-order',
      });
      // Sign-in attempts are counted from version 6 on.
      expect((await store.admin.countSignInAttempt('c', new Date(0), 1000)).attempts).toBe(1);
      await store.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

/**
 * The reads and updates of the outbox's messages that `read` prepares, each with its query plan (one line): the
 * statements the store prepares are recorded and explained with the store's own database file (which must exist
 * when `read` is done).
 */
async function plansOf(
  filename: string,
  read: () => Promise<unknown>,
): Promise<{ sql: string; plan: string }[]> {
  const statements: string[] = [];
  const prepare = Database.prototype.prepare;
  const spy = vi.spyOn(Database.prototype, 'prepare').mockImplementation(function (
    this: Database.Database,
    sql,
  ) {
    statements.push(sql);
    return prepare.call(this, sql);
  });
  try {
    await read();
  } finally {
    spy.mockRestore();
  }
  const db = new Database(filename, { readonly: true });
  try {
    return statements
      .filter((sql) => /^\s*(SELECT\b[\s\S]*\bFROM|UPDATE) outbox_messages\b/.test(sql))
      .map((sql) => {
        const parameters = Array.from(sql.matchAll(/\?/g), () => null);
        const steps = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...parameters) as { detail: string }[];
        return { sql, plan: steps.map((step) => step.detail).join('; ') };
      });
  } finally {
    db.close();
  }
}

describe('the SQLite outbox, read by the console and the missed-call follow-up', () => {
  it('claims due messages and releases expired claims through the dispatcher’s own partial indexes, which no index of the console takes over', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'outbox-plans-'));
    const filename = join(directory, 'outbox.db');
    let store: OutboxStore | undefined;
    try {
      const prepared = await plansOf(filename, async () => {
        store = await createSqliteStore({ filename });
      });
      const opened = store!;
      const claim = prepared.find((statement) =>
        statement.sql.includes("status = 'queued' AND next_attempt_at <="),
      );
      expect(claim?.plan).toContain('USING INDEX outbox_due (next_attempt_at<?)');
      expect(claim?.plan).not.toContain('TEMP B-TREE');
      const release = await plansOf(filename, () => opened.releaseExpired(new Date()));
      expect(release.find((statement) => statement.sql.includes("status = 'sending'"))?.plan).toMatch(
        /USING (COVERING )?INDEX outbox_sending \(lease_until<\?\)/,
      );
    } finally {
      await store?.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('finds the rare statuses, the attention and queue figures and a number’s recent order through an index, not by reading every message of a shop', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'outbox-plans-'));
    const filename = join(directory, 'outbox.db');
    let store: OutboxStore | undefined;
    try {
      store = await createSqliteStore({ filename });
      const opened = store;
      const plans = async (read: () => Promise<unknown>) =>
        (await plansOf(filename, read)).map((statement) => statement.plan);
      for (const status of RARE_STATUSES) {
        expect(await plans(() => opened.admin.queryMessages({ shopId: 'demo', status }))).toEqual([
          expect.stringContaining('USING INDEX outbox_shop_rare_status (shop_id=? AND status=?)'),
        ]);
        expect(await plans(() => opened.admin.queryMessages({ status }))).toEqual([
          expect.stringMatching(
            /USING INDEX (outbox_shop_rare_status|outbox_due|outbox_sending|outbox_unknown)\b/,
          ),
        ]);
      }
      const days = [new Date('2026-11-23T00:00:00Z'), new Date('2026-11-24T00:00:00Z')];
      for (const shopId of ['demo', undefined]) {
        const statements = await plansOf(filename, () => opened.admin.overview({ shopId, boundaries: days }));
        const byStatus = statements.filter((statement) => statement.sql.includes('status IN'));
        expect(byStatus).toHaveLength(4);
        for (const { plan } of byStatus)
          expect(plan).toMatch(/USING COVERING INDEX (outbox_shop_rare_status|outbox_due|outbox_unknown)\b/);
      }
      expect(await plans(() => opened.calls.recentOrderOf('demo', '+905321234567', days[0]!))).toEqual([
        expect.stringContaining(
          'USING INDEX outbox_recipient_tail_shop (recipient_tail=? AND shop_id=? AND created_at>?)',
        ),
      ]);
    } finally {
      await store?.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
