import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createPostgresStore } from '../src/index';
import { plainStatements } from '../src/migration';
import { migrations } from '../src/outbox-sql';

const LATEST_VERSION = migrations('postgres').at(-1)?.version;

import { describeAdminStore } from './admin-store-suite';
import { describeCallStore } from './call-store-suite';
import { openPostgresHarness } from './harness';
import { describeIndexMigration } from './index-migration-suite';
import { describeOrderTimeMigration } from './order-time-migration-suite';
import { DATABASE_URL, dropSchema, openRawPostgres, randomSchema } from './postgres';
import { describeOutboxStore } from './store-suite';

describeOutboxStore('postgres', openPostgresHarness);
describeAdminStore('postgres', openPostgresHarness);
describeCallStore('postgres', openPostgresHarness);
describeIndexMigration('postgres', openRawPostgres);
describeOrderTimeMigration('postgres', openRawPostgres);

describe('createPostgresStore', () => {
  it('migrates safely when several processes start at once, recording each version once', async () => {
    const schema = randomSchema();
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      const stores = await Promise.all(
        Array.from({ length: 4 }, () => createPostgresStore({ connectionString: DATABASE_URL, schema })),
      );
      expect(await Promise.all(stores.map((store) => store.schemaVersion()))).toEqual(
        Array(4).fill(LATEST_VERSION),
      );
      const { rows } = await client.query<{ version: number }>(
        `SELECT version FROM "${schema}".schema_migrations ORDER BY version`,
      );
      expect(rows.map((row) => row.version)).toEqual(migrations('postgres').map((step) => step.version));
      await Promise.all(stores.map((store) => store.close()));
    } finally {
      await client.end();
      await dropSchema(schema);
    }
  });

  it('indexes, at the migrations to versions 2 and 4, the last digits of the numbers already stored', async () => {
    const schema = randomSchema();
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA "${schema}"`);
      await client.query(
        `CREATE TABLE "${schema}".schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`,
      );
      for (const statement of plainStatements(migrations('postgres')[0]!)) {
        await client.query(statement.replaceAll('{prefix}', `"${schema}".`));
      }
      await client.query(`INSERT INTO "${schema}".schema_migrations VALUES (1, 0)`);
      for (const [id, recipient] of [
        ['old1', '+905321234567'],
        ['old2', '+90532*****67'],
      ]) {
        await client.query(
          `INSERT INTO "${schema}".outbox_messages (id, dedupe_key, shop_id, event_type, role, recipient, text,
             provider_id, message_type, segments, status, next_attempt_at, created_at, updated_at)
           VALUES ($1, $1, 'demo', 'order.created', 'customer', $2, 'x', 'sms', 'auto', 1, 'queued', 0, 0, 0)`,
          [id, recipient],
        );
        await client.query(
          `INSERT INTO "${schema}".opt_outs (phone, source, created_at) VALUES ($1, 'local', 0)`,
          [recipient],
        );
      }
      const store = await createPostgresStore({ connectionString: DATABASE_URL, schema });
      expect(await store.schemaVersion()).toBe(LATEST_VERSION);
      const found = await store.admin.queryMessages({ phoneDigits: '4567' });
      expect(found.messages.map((message) => message.id)).toEqual(['old1']);
      const optOuts = await store.admin.queryOptOuts({ digits: '4567' });
      expect(optOuts.optOuts.map((entry) => entry.phone)).toEqual(['+905321234567']);
      expect((await store.admin.countSignInAttempt('c', new Date(0), 1000)).attempts).toBe(1);
      await store.close();
    } finally {
      await client.end();
      await dropSchema(schema);
    }
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(
      createPostgresStore({ connectionString: DATABASE_URL, schema: 'a"; DROP' }),
    ).rejects.toMatchObject({
      name: 'LoadSettingError',
    });
  });

  it('names the option and the environment variable when no connection is configured', async () => {
    const saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      await expect(createPostgresStore()).rejects.toThrow(/connectionString.*DATABASE_URL/);
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL = saved;
    }
  });
});
