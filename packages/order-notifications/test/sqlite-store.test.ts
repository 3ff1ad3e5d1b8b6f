import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createSqliteStore, type NewOutboxMessage } from '../src/index';
import { INSERT_COLUMNS, insertValues, migrations } from '../src/outbox-sql';
import { describeAdminStore } from './admin-store-suite';
import { describeCallStore } from './call-store-suite';
import { openSqliteHarness } from './harness';
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

describe('the SQLite migrations to versions 2, 4, 5 and 6', () => {
  it('indexes the last digits of the numbers already stored', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'outbox-migrate-'));
    const filename = join(directory, 'outbox.db');
    try {
      const db = new Database(filename);
      db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
      for (const statement of migrations('sqlite')[0]!.statements)
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
