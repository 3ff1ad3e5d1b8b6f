// One app instance in its own process: accepts the same order events as its siblings into a shared PostgreSQL
// outbox, then dispatches. Every send is recorded in `<schema>.sink` so that the parent can count duplicates
// at the provider. Imports the BUILT package (dist), as an app would.
//
// With `sink: 'memory'` the provider is the core's in-memory sandbox instead, and the worker reports the
// references it received so that the parent counts duplicates across processes without extra database writes.
//
// argv[2]: JSON { databaseUrl, schema, orders, expected, concurrency, workerName, accept: boolean, sink,
//            maxConnections }
// Talks to the parent over IPC: sends 'ready', waits for 'go', sends { done: true, ... } at the end.
import { createCapabilities } from '@x/messaging-core';
import { createSandboxProvider } from '@x/messaging-core/sandbox';
import pg from 'pg';
import { createNotificationEngine, createPostgresStore, parseNotificationConfig } from '../../dist/index.js';

const options = JSON.parse(process.argv[2]);
const sinkTable = `"${options.schema}".sink`;
const sinkPool = new pg.Pool({
  connectionString: options.databaseUrl,
  max: options.sink === 'memory' ? 1 : 8,
});

/** A provider that only records what it is asked to send, in a table shared by every worker. */
const tableProvider = {
  specificationVersion: 'v1',
  providerId: 'sink',
  capabilities: createCapabilities({ references: true }),
  async sendSms(request) {
    await sinkPool.query(`INSERT INTO ${sinkTable} (reference, recipient, worker) VALUES ($1, $2, $3)`, [
      request.reference,
      request.to,
      options.workerName,
    ]);
    return {
      messages: [{ to: request.to, status: 'accepted', providerMessageId: `sink-${request.reference}` }],
      type: 'normal',
      segments: 1,
      warnings: [],
    };
  },
};

const sandbox = createSandboxProvider({ providerId: 'sink', balance: 1e12 });
const provider = options.sink === 'memory' ? sandbox : tableProvider;

const store = await createPostgresStore({
  connectionString: options.databaseUrl,
  schema: options.schema,
  maxConnections: options.maxConnections ?? 8,
});
const engine = createNotificationEngine({
  store,
  config: parseNotificationConfig({
    shops: { demo: { name: 'Demo', provider: 'sink', adminPhones: ['+905559876543'] } },
  }),
  providers: { sink: provider },
});

function orderEvent(index) {
  return {
    type: 'order.created',
    shopId: 'demo',
    occurredAt: new Date('2026-11-23T12:00:00Z'),
    order: {
      id: `o${index}`,
      number: `${index}`,
      status: 'processing',
      total: '10.00',
      currency: 'TRY',
      items: [],
    },
    customer: { firstName: 'Ayşe', phone: `+90532${String(1000000 + index).slice(-7)}` },
    raw: {},
  };
}

process.send({ ready: true });
await new Promise((resolve) => process.once('message', resolve));

let duplicates = 0;
let queued = 0;
const started = performance.now();
if (options.accept) {
  for (let index = 0; index < options.orders; index += 50) {
    const batch = [];
    for (let offset = index; offset < Math.min(index + 50, options.orders); offset++) {
      batch.push(engine.accept(orderEvent(offset)));
    }
    for (const result of await Promise.all(batch)) {
      duplicates += result.duplicates;
      queued += result.queued.length;
    }
  }
}
const accepted = performance.now();
const dispatcher = engine.startDispatcher({
  concurrency: options.concurrency,
  pollIntervalMs: 20,
  ratePerSecond: Number.POSITIVE_INFINITY,
  maintenanceIntervalMs: 60_000,
  reportIntervalMs: 0,
});
for (;;) {
  const counts = await engine.messages.counts({});
  if (counts.queued === 0 && counts.sending === 0 && counts.sent >= options.expected) break;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
await dispatcher.stop();
const finished = performance.now();
const sentByMe =
  options.sink === 'memory'
    ? sandbox.sent.length
    : (
        await sinkPool.query(`SELECT COUNT(*)::int AS count FROM ${sinkTable} WHERE worker = $1`, [
          options.workerName,
        ])
      ).rows[0].count;
await engine.close();
await sinkPool.end();
process.send({
  done: true,
  queued,
  duplicates,
  sentByMe,
  references: options.sink === 'memory' ? sandbox.sent.map((message) => message.reference) : undefined,
  acceptMs: accepted - started,
  dispatchMs: finished - accepted,
});
