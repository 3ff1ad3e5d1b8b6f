import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../src/index';
import { describeAdminStore } from './admin-store-suite';
import { describeOutboxStore } from './store-suite';

async function openSqlite() {
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

describeOutboxStore('sqlite', openSqlite);
describeAdminStore('sqlite', openSqlite);
