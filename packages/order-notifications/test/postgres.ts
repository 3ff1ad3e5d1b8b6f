import pg from 'pg';
import { createPostgresStore } from '../src/index';
import type { RawDatabase } from './index-migration-suite';

/** The test server: DATABASE_URL, or the local trust-auth server. */
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema name no other run uses. */
export function randomSchema(): string {
  return `test_outbox_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
}

/** Drops a test schema and everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** A PostgreSQL schema of its own, without a store (its migrations and rows are written by hand); see {@link RawDatabase}. */
export async function openRawPostgres(): Promise<RawDatabase & { schema: string }> {
  const schema = randomSchema();
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`CREATE SCHEMA "${schema}"`);
  return {
    schema,
    dialect: 'postgres',
    prefix: `"${schema}".`,
    placeholder: (index) => `$${index}`,
    async run(sql, values = []) {
      await client.query(sql, [...values]);
    },
    async messageIndexes() {
      // Only valid indexes: one a failed concurrent build left behind is there, but unused.
      const { rows } = await client.query<{ name: string }>(
        `SELECT index.relname AS name FROM pg_index
           JOIN pg_class AS index ON index.oid = pg_index.indexrelid
         WHERE pg_index.indrelid = to_regclass($1) AND pg_index.indisvalid`,
        [`"${schema}".outbox_messages`],
      );
      return rows.map((row) => row.name);
    },
    open: () => createPostgresStore({ connectionString: DATABASE_URL, schema }),
    async cleanup() {
      await client.end();
      await dropSchema(schema);
    },
  };
}
