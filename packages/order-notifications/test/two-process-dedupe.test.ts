import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../src/index';
import { DATABASE_URL, dropSchema, randomSchema } from './postgres';

const worker = fileURLToPath(new URL('./support/outbox-worker.mjs', import.meta.url));
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

interface WorkerReport {
  queued: number;
  duplicates: number;
  sentByMe: number;
}

function runWorkers(options: { schema: string; orders: number; count: number }): Promise<WorkerReport[]> {
  const children = Array.from({ length: options.count }, (_, index) =>
    fork(
      worker,
      [
        JSON.stringify({
          databaseUrl: DATABASE_URL,
          schema: options.schema,
          orders: options.orders,
          expected: options.orders * 2,
          concurrency: 8,
          workerName: `w${index}`,
          accept: true,
        }),
      ],
      { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    ),
  );
  const ready = children.map(
    (child) => new Promise<void>((resolve) => child.once('message', () => resolve())),
  );
  const reports = children.map(
    (child) =>
      new Promise<WorkerReport>((resolve, reject) => {
        child.on('message', (message: WorkerReport & { done?: boolean }) => {
          if (message.done) resolve(message);
        });
        child.on('exit', (code) => {
          if (code !== 0) reject(new Error(`worker exited with ${code}`));
        });
      }),
  );
  return Promise.all(ready).then(() => {
    for (const child of children) child.send('go');
    return Promise.all(reports);
  });
}

describe('two app processes sharing one PostgreSQL outbox', () => {
  const schema = randomSchema();

  beforeAll(async () => {
    expect(existsSync(dist), 'build the package first (pnpm turbo run build)').toBe(true);
    const store = await createPostgresStore({ connectionString: DATABASE_URL, schema });
    await store.close();
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(
      `CREATE TABLE "${schema}".sink (reference TEXT NOT NULL, recipient TEXT NOT NULL, worker TEXT NOT NULL)`,
    );
    await client.end();
  });

  afterAll(async () => {
    await dropSchema(schema);
  });

  it('sends every notification exactly once when both receive the same events at once', async () => {
    const orders = 200;
    const reports = await runWorkers({ schema, orders, count: 2 });
    // Each event is accepted by both processes: one queues each message, the other sees a duplicate.
    expect(reports.reduce((sum, report) => sum + report.queued, 0)).toBe(orders * 2);
    expect(reports.reduce((sum, report) => sum + report.duplicates, 0)).toBe(orders * 2);
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ total: number; distinct: number; recipients: number }>(
        `SELECT COUNT(*)::int AS total, COUNT(DISTINCT reference)::int AS distinct,
                COUNT(DISTINCT recipient)::int AS recipients FROM "${schema}".sink`,
      );
      expect(rows[0]).toEqual({ total: orders * 2, distinct: orders * 2, recipients: orders + 1 });
      expect(reports.reduce((sum, report) => sum + report.sentByMe, 0)).toBe(orders * 2);
      const sent = await client.query<{ count: number }>(
        `SELECT COUNT(*)::int AS count FROM "${schema}".outbox_messages WHERE status = 'sent' AND attempts = 1`,
      );
      expect(sent.rows[0]!.count).toBe(orders * 2);
    } finally {
      await client.end();
    }
  });
});
