import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indexStatement } from '../src/migration';
import { outboxIndexMigration } from '../src/outbox-indexes';
import { type RawDatabase, writeVersionBefore } from './index-migration-suite';
import { DATABASE_URL, openRawPostgres } from './postgres';

/** Messages added to the version-6 database, enough that building an index on them takes a moment. */
const BULK_MESSAGES = 200_000;

/** The indexes schema version 7 builds. */
const BUILT = ['outbox_shop_rare_status', 'outbox_recipient_tail_shop'];

describe('postgres: the migration to version 7 builds its indexes concurrently', () => {
  let db: RawDatabase & { schema: string };
  let client: pg.Client;

  /** A query on a connection of the test's own, besides the raw database's and the store's. */
  const query = async <Row extends pg.QueryResultRow>(sql: string, values: unknown[] = []) =>
    (await client.query<Row>(sql, values)).rows;

  beforeEach(async () => {
    db = await openRawPostgres();
    await writeVersionBefore(db);
    client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
  });

  afterEach(async () => {
    await client.end();
    await db.cleanup();
  });

  it('lets another connection insert and update messages while the indexes are built', async () => {
    await db.run(
      `INSERT INTO ${db.prefix}outbox_messages (id, dedupe_key, shop_id, event_type, role, recipient, text,
         provider_id, message_type, segments, status, next_attempt_at, created_at, updated_at, recipient_tail)
       SELECT 'bulk' || n, 'bulk' || n, 'demo', 'order.created', 'customer', '+90532' || (1000000 + n), 'x',
         'sms', 'auto', 1, CASE WHEN n % 10 = 0 THEN 'failed' ELSE 'sent' END, n, n, n,
         reverse('90532' || (1000000 + n))
       FROM generate_series(1, ${BULK_MESSAGES}) AS n`,
    );
    const opening = db.open();
    const outcome = opening.then(
      () => 'opened',
      () => 'failed',
    );
    let settled: string | undefined;
    void outcome.then((value) => {
      settled = value;
    });
    // The build is seen in progress, by PostgreSQL's own report of it, before the store has opened.
    let building = false;
    while (!building && settled === undefined) {
      const rows = await query(
        'SELECT phase FROM pg_stat_progress_create_index WHERE relid = to_regclass($1)',
        [`${db.prefix}outbox_messages`],
      );
      building = rows.length > 0;
    }
    expect(building, `the store ${settled ?? 'opened'} before a build was seen`).toBe(true);

    const writer = new pg.Client({ connectionString: DATABASE_URL });
    await writer.connect();
    try {
      // A webhook accepted and a message claimed meanwhile: neither may wait for the build.
      await writer.query("SET lock_timeout = '100ms'");
      await writer.query(
        `INSERT INTO ${db.prefix}outbox_messages (id, dedupe_key, shop_id, event_type, role, recipient, text,
           provider_id, message_type, segments, status, next_attempt_at, created_at, updated_at)
         VALUES ('during', 'during', 'demo', 'order.created', 'customer', '+905321234567', 'x', 'sms', 'auto', 1,
           'queued', 0, 0, 0)`,
      );
      const updated = await writer.query(
        `UPDATE ${db.prefix}outbox_messages SET status = 'sending' WHERE id = 'bulk1'`,
      );
      expect(updated.rowCount).toBe(1);
    } finally {
      await writer.end();
    }

    const store = await opening;
    try {
      expect(await store.schemaVersion()).toBeGreaterThanOrEqual(7);
      expect(await db.messageIndexes()).toEqual(expect.arrayContaining(BUILT));
      expect((await store.get(['during', 'bulk1'])).map((message) => message.status).sort()).toEqual([
        'queued',
        'sending',
      ]);
    } finally {
      await store.close();
    }
  });

  it('builds again an index a failed build left invalid, and records the version once', async () => {
    // A start that stopped half-way: the changes before the second new index made, that index's build failed.
    const changes = outboxIndexMigration();
    const failed = changes.findIndex(
      (change) => 'create' in change && change.create === 'outbox_recipient_tail_shop',
    );
    for (const change of changes.slice(0, failed)) {
      await db.run(indexStatement(change, true).replaceAll('{prefix}', db.prefix));
    }
    const [kept] = await query<{ oid: number }>('SELECT to_regclass($1)::oid AS oid', [
      `${db.prefix}outbox_shop_rare_status`,
    ]);
    // A unique build over duplicate shops fails and leaves its index behind, invalid.
    await expect(
      db.run(
        `CREATE UNIQUE INDEX CONCURRENTLY outbox_recipient_tail_shop ON ${db.prefix}outbox_messages (shop_id)`,
      ),
    ).rejects.toThrow(/could not create unique index/);
    expect(await db.messageIndexes()).not.toContain('outbox_recipient_tail_shop');

    const store = await db.open();
    try {
      expect(await db.messageIndexes()).toEqual(expect.arrayContaining(BUILT));
      const [rebuilt] = await query<{ definition: string }>(
        'SELECT pg_get_indexdef(to_regclass($1)) AS definition',
        [`${db.prefix}outbox_recipient_tail_shop`],
      );
      expect(rebuilt?.definition).toMatch(/\(recipient_tail, shop_id, created_at\)$/);
      expect(rebuilt?.definition).not.toMatch(/UNIQUE/);
      const [again] = await query<{ oid: number }>('SELECT to_regclass($1)::oid AS oid', [
        `${db.prefix}outbox_shop_rare_status`,
      ]);
      expect(again?.oid).toBe(kept?.oid);
      const versions = await query<{ version: number }>(
        `SELECT version FROM ${db.prefix}schema_migrations WHERE version = 7`,
      );
      expect(versions).toHaveLength(1);
      expect((await store.admin.queryMessages({ phoneDigits: '4567' })).messages.map((m) => m.id)).toEqual([
        'm012',
        'm008',
        'm005',
        'm000',
      ]);
    } finally {
      await store.close();
    }
  });
});
