import { indexStatement, type Migration, plainStatements } from './migration';
import { migrations } from './outbox-sql';
import type { PostgresPool, PostgresPoolClient } from './postgres-pool';

/** How long a process waits between two tries of the migration lock, in milliseconds. */
const LOCK_RETRY_MS = 100;

/** `name` as a quoted PostgreSQL identifier. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Brings a schema to the latest version: creates it and its `schema_migrations` table if missing, then runs every
 * migration not recorded yet, each recorded once done. One connection holds a session advisory lock on the schema
 * throughout, so of several processes starting at once one migrates and the others wait, then find nothing to do.
 * A migration of plain statements runs in one transaction with its version's row; a migration of index changes
 * makes them `CONCURRENTLY`, outside a transaction, so that the tables stay writable, and records the version
 * after the last one. If anything fails, the connection is closed instead of going back to the pool: its session
 * ends, which rolls back an open transaction and frees the lock.
 * @param pool - the store's pool
 * @param schema - the schema's plain name
 */
export async function migratePostgres(pool: PostgresPool, schema: string): Promise<void> {
  const key = `x-order-notifications:${schema}`;
  const prefix = `${quoteIdentifier(schema)}.`;
  const client = await pool.connect();
  try {
    await lockMigrations(client, key);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${prefix}schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`,
    );
    const { rows } = await client.query<{ version: number | null }>(
      `SELECT MAX(version) AS version FROM ${prefix}schema_migrations`,
    );
    const current = rows[0]?.version ?? 0;
    for (const migration of migrations('postgres')) {
      if (migration.version > current) await applyMigration(client, migration, prefix);
    }
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
  } catch (error) {
    client.release(error instanceof Error ? error : true);
    throw error;
  }
  client.release();
}

/**
 * Waits for the migration lock by trying it again and again. A process waiting inside `pg_advisory_lock` would
 * hold a snapshot all along, and `CREATE INDEX CONCURRENTLY` waits for every transaction with an older snapshot to
 * end: the process building an index and one waiting for the lock would wait for each other, which PostgreSQL
 * ends as a deadlock, failing one of them. Between two tries, a waiting process holds nothing.
 */
async function lockMigrations(client: PostgresPoolClient, key: string): Promise<void> {
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
      [key],
    );
    if (rows[0]?.locked === true) return;
    await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
  }
}

/** Runs one migration and records its version (see {@link migratePostgres}). */
async function applyMigration(
  client: PostgresPoolClient,
  migration: Migration,
  prefix: string,
): Promise<void> {
  const record = () =>
    client.query(`INSERT INTO ${prefix}schema_migrations (version, applied_at) VALUES ($1, $2)`, [
      migration.version,
      Date.now(),
    ]);
  if (!('indexes' in migration)) {
    await client.query('BEGIN');
    for (const statement of plainStatements(migration)) {
      await client.query(statement.replaceAll('{prefix}', prefix));
    }
    await record();
    await client.query('COMMIT');
    return;
  }
  for (const change of migration.indexes) {
    if ('create' in change) {
      // A concurrent build that failed or was interrupted leaves an invalid index of its name behind, which
      // `IF NOT EXISTS` would keep: it is dropped and built again. A valid one is a finished build, kept.
      const { rows } = await client.query(
        'SELECT 1 FROM pg_index WHERE indexrelid = to_regclass($1) AND NOT indisvalid',
        [`${prefix}${change.create}`],
      );
      if (rows.length > 0) {
        await client.query(indexStatement({ drop: change.create }, true).replaceAll('{prefix}', prefix));
      }
    }
    await client.query(indexStatement(change, true).replaceAll('{prefix}', prefix));
  }
  await record();
}
