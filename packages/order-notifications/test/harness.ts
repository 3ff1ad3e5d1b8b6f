import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresStore, createSqliteStore } from '../src/index';
import { DATABASE_URL, dropSchema, randomSchema } from './postgres';
import type { StoreHarness } from './store-suite';

/** A fresh SQLite store in a new folder (its file in a subfolder the store creates). */
export async function openSqliteHarness(): Promise<StoreHarness> {
  const directory = mkdtempSync(join(tmpdir(), 'outbox-sqlite-'));
  const filename = join(directory, 'nested', 'outbox.db');
  const store = await createSqliteStore({ filename });
  return {
    store,
    reopen: () => createSqliteStore({ filename }),
    async cleanup() {
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A fresh PostgreSQL store in a schema of its own, dropped at cleanup. */
export async function openPostgresHarness(): Promise<StoreHarness> {
  const schema = randomSchema();
  const store = await createPostgresStore({ connectionString: DATABASE_URL, schema });
  return {
    store,
    reopen: () => createPostgresStore({ connectionString: DATABASE_URL, schema }),
    async cleanup() {
      await store.close();
      await dropSchema(schema);
    },
  };
}
