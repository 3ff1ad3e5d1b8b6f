// Speed of the admin console's reads over a large message log, on the built package (dist):
//   fills BENCH_MESSAGES (100,000) messages over 30 days, 5 shops, 2 per order (the customer's, whose number
//   comes back for about one order in three, and the shop owner's, one number per shop), every status (about 1%
//   failed, 0.5% dead, 0.5% unknown, 4% skipped; the newest 200 queued and 20 sending; one shop's provider reports
//   no delivery, so its messages stay sent), then times each query of the console, of the missed-call follow-up
//   and of the delivery-report jobs BENCH_REPEATS (30) times and prints the median and the p90, on SQLite and on
//   PostgreSQL. SQLite's planner statistics are refreshed (`ANALYZE`) unless BENCH_ANALYZE=0: a store never runs
//   it itself, so 0 is what a database in use has. Also fills BENCH_OPT_OUTS (100,000) opt-outs (90% mirrored
//   from the provider's blacklist, 10% local, in batches of 1,000 sharing a time) and times the opt-out list's
//   pages, against the former way (the whole list read, then filtered, sorted and sliced in memory).
// Usage: pnpm bench  (or node bench/admin-bench.mjs). Environment: DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/test), BENCH_MESSAGES, BENCH_OPT_OUTS, BENCH_REPEATS, BENCH_ANALYZE,
// BENCH_STORES (default `sqlite,postgres`).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandboxProvider } from '@x/messaging-core/sandbox';
import Database from 'better-sqlite3';
import pg from 'pg';
import {
  createNotificationEngine,
  createPostgresStore,
  createSqliteStore,
  parseNotificationConfig,
} from '../dist/index.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
const OPT_OUTS = Number(process.env.BENCH_OPT_OUTS ?? 100_000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 30);
const ANALYZE = process.env.BENCH_ANALYZE !== '0';
const STORES = (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',');
const SHOPS = ['s1', 's2', 's3', 's4', 's5'];
const EVENTS = ['order.created', 'order.status_changed', 'order.shipment_added', 'order.note_added'];
const DAY = 86_400_000;
const NOW = Date.now();

/** The shop owner's number, which every admin message of the shop goes to. */
const ownerOf = (shopId) => `+90555000000${shopId.slice(1)}`;
/** A customer's number: the customers of orders 30,000 apart share one. */
const customerOf = (order) =>
  `+90532${String(1_000_000 + (((order % 30_000) * 7919) % 9_000_000)).padStart(7, '0')}`;

const config = parseNotificationConfig({
  shops: Object.fromEntries(
    SHOPS.map((id) => [
      id,
      { name: id, provider: id === 's5' ? 'quiet' : 'sandbox', adminPhones: [ownerOf(id)] },
    ]),
  ),
});

function row(index) {
  const order = Math.floor(index / 2);
  const shopId = SHOPS[order % SHOPS.length];
  const customer = index % 2 === 0;
  return {
    id: `${String(index).padStart(12, '0')}bench`,
    dedupeKey: `k${index}`,
    shopId,
    orderId: String(100_000 + order),
    orderNumber: String(100_000 + order),
    eventType: EVENTS[order % EVENTS.length],
    role: customer ? 'customer' : 'admin',
    recipient: customer ? customerOf(order) : ownerOf(shopId),
    text: 'Sayın Ayşe, 100123 numaralı siparişiniz kargoya verildi.',
    providerId: shopId === 's5' ? 'quiet' : 'sandbox',
    messageType: 'auto',
    segments: 1,
    status: 'queued',
    createdAt: new Date(NOW - Math.floor(((MESSAGES - 1 - index) / MESSAGES) * 30 * DAY)),
  };
}

/**
 * Statuses after the fill: most delivered (sent for the shop whose provider reports nothing), a few of each
 * attention status, the newest 200 queued and the 20 before them sending.
 */
const STATUS_CASE = (number) => `CASE
  WHEN ${number} >= ${MESSAGES - 200} THEN 'queued' WHEN ${number} >= ${MESSAGES - 220} THEN 'sending'
  WHEN (${number} * 37) % 10000 < 100 THEN 'failed' WHEN (${number} * 37) % 10000 < 150 THEN 'dead'
  WHEN (${number} * 37) % 10000 < 200 THEN 'unknown' WHEN (${number} * 37) % 10000 < 600 THEN 'skipped'
  WHEN shop_id = 's5' OR (${number} * 37) % 10000 < 1000 THEN 'sent' ELSE 'delivered' END`;

async function fill(store) {
  for (let start = 0; start < MESSAGES; start += 1000) {
    const rows = [];
    for (let index = start; index < Math.min(MESSAGES, start + 1000); index++) rows.push(row(index));
    await store.enqueue(rows);
  }
}

/** Opt-outs in batches of 1,000, one time per batch: every tenth batch local, the others the provider's. */
async function fillOptOuts(store) {
  for (let start = 0; start < OPT_OUTS; start += 1000) {
    const phones = [];
    for (let index = start; index < Math.min(OPT_OUTS, start + 1000); index++) {
      phones.push(`+90533${String(1_000_000 + ((index * 7919) % 9_000_000)).padStart(7, '0')}`);
    }
    const source = (start / 1000) % 10 === 0 ? 'local' : 'sandbox';
    await store.admin.changeOptOuts({ change: 'add', phones, source, at: new Date(NOW - OPT_OUTS + start) });
  }
}

/** The opt-out list as the route read it before: all of it, filtered, sorted and sliced. */
async function optOutsInMemory(engine, digits, offset) {
  const all = (await engine.optOuts.list())
    .filter((entry) => (digits ? entry.phone.includes(digits) : true))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || a.phone.localeCompare(b.phone));
  return all.slice(offset, offset + 50);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const p90 = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.9)];

async function optOutCursor(engine, pages) {
  let cursor;
  for (let page = 0; page < pages; page++) {
    cursor = (await engine.optOuts.query({ limit: 50, ...(cursor ? { cursor } : {}) })).nextCursor;
  }
  return cursor;
}

/** The queries timed, each a function of the engine and its store. */
function queries(engine, store) {
  const cursorOf = async (pages) => {
    let cursor;
    for (let page = 0; page < pages; page++) {
      cursor = (await engine.messages.query({ limit: 50, ...(cursor ? { cursor } : {}) })).nextCursor;
    }
    return cursor;
  };
  const shopQuery = (shopId, status) => () => engine.messages.query({ shopId, status, limit: 50 });
  const monthAgo = new Date(NOW - 30 * DAY);
  let deepCursor;
  let deepOptOut;
  return [
    ['newest 50, no filter', () => engine.messages.query({ limit: 50 })],
    ['one shop', () => engine.messages.query({ shopId: 's3', limit: 50 })],
    ['one shop, failed', shopQuery('s3', 'failed')],
    ['one shop, failed + dead', shopQuery('s3', ['failed', 'dead'])],
    ['one shop, unknown', shopQuery('s3', 'unknown')],
    ['one shop, skipped', shopQuery('s3', 'skipped')],
    ['one shop, queued', shopQuery('s3', 'queued')],
    ['one shop, sending', shopQuery('s3', 'sending')],
    ['one shop, sent', shopQuery('s3', 'sent')],
    ['one shop, delivered', shopQuery('s3', 'delivered')],
    ['one shop, delivered (none: its provider reports nothing)', shopQuery('s5', 'delivered')],
    ['failed, all shops', () => engine.messages.query({ status: 'failed', limit: 50 })],
    ['queued, all shops', () => engine.messages.query({ status: 'queued', limit: 50 })],
    [
      'one shop, one event type',
      () => engine.messages.query({ shopId: 's2', eventType: 'order.note_added', limit: 50 }),
    ],
    ['last 4 digits of the phone', () => engine.messages.query({ phoneDigits: '4567', limit: 50 })],
    ['last 2 digits, one shop', () => engine.messages.query({ shopId: 's1', phoneDigits: '67', limit: 50 })],
    ['one order', () => engine.messages.query({ orderId: '123456' })],
    [
      'one day, one shop',
      () =>
        engine.messages.query({
          shopId: 's4',
          since: new Date(NOW - 10 * DAY),
          until: new Date(NOW - 9 * DAY),
          limit: 50,
        }),
    ],
    [
      'page 41 by cursor',
      async () => {
        deepCursor ??= await cursorOf(40);
        return engine.messages.query({ limit: 50, cursor: deepCursor });
      },
    ],
    ['overview, one shop (7 days)', () => engine.overview({ shopId: 's1' })],
    ['overview, all shops (7 days)', () => engine.overview()],
    ['audit log, newest 50', () => engine.audit.list({ limit: 50 })],
    ['counts per status, one shop (engine.messages.counts)', () => engine.messages.counts({ shopId: 's3' })],
    ['counts per status, all shops', () => engine.messages.counts({})],
    [
      "missed call: a customer's recent order",
      () => store.calls.recentOrderOf('s2', customerOf(12_346), monthAgo),
    ],
    [
      "missed call: the shop owner's recent order",
      () => store.calls.recentOrderOf('s2', ownerOf('s2'), monthAgo),
    ],
    [
      'missed call: a number never messaged',
      () => store.calls.recentOrderOf('s2', '+905059999999', monthAgo),
    ],
    [
      'delivery reports: sent of the last 2 days, one provider',
      () =>
        engine.messages.list({
          providerId: 'sandbox',
          status: 'sent',
          since: new Date(NOW - 2 * DAY),
          limit: 1000,
        }),
    ],
    [
      'delivery reports: unknown to reconcile',
      () => engine.messages.list({ status: 'unknown', limit: 1000 }),
    ],
    ['opt-outs, newest 50', () => engine.optOuts.query({ limit: 50 })],
    ['opt-outs, last 4 digits', () => engine.optOuts.query({ digits: '4567', limit: 50 })],
    ['opt-outs, local only', () => engine.optOuts.query({ source: 'local', limit: 50 })],
    [
      'opt-outs, page 41 by cursor',
      async () => {
        deepOptOut ??= await optOutCursor(engine, 40);
        return engine.optOuts.query({ limit: 50, cursor: deepOptOut });
      },
    ],
    ['opt-outs, newest 50, whole list in memory (before)', () => optOutsInMemory(engine, '', 0)],
    ['opt-outs, digits 4567, whole list in memory (before)', () => optOutsInMemory(engine, '4567', 0)],
  ];
}

async function measure(engine, store) {
  const results = [];
  for (const [name, run] of queries(engine, store)) {
    await run(); // warm up (statement cache, buffer pool)
    const times = [];
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      const started = performance.now();
      await run();
      times.push(performance.now() - started);
    }
    results.push({ name, median: median(times), p90: p90(times) });
  }
  return results;
}

/** Fills the store, sets the statuses and refreshes the planner's statistics (`prepare`), then measures. */
async function fillAndMeasure(store, prepare) {
  const started = performance.now();
  await fill(store);
  await fillOptOuts(store);
  await prepare();
  const fillSeconds = (performance.now() - started) / 1000;
  const providers = {
    sandbox: createSandboxProvider(),
    quiet: createSandboxProvider({ providerId: 'quiet' }),
  };
  const engine = createNotificationEngine({ store, config, providers });
  const results = await measure(engine, store);
  await engine.close();
  return { fillSeconds, results };
}

async function sqlite() {
  const directory = mkdtempSync(join(tmpdir(), 'admin-bench-'));
  try {
    const filename = join(directory, 'outbox.db');
    const store = await createSqliteStore({ filename });
    return await fillAndMeasure(store, async () => {
      const db = new Database(filename);
      db.exec(`UPDATE outbox_messages SET status = ${STATUS_CASE('CAST(substr(id, 1, 12) AS INTEGER)')}`);
      if (ANALYZE) db.exec('ANALYZE');
      // An empty log for every run: reads slow down with the frames a large log keeps (until a write restarts it).
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

async function postgres() {
  const schema = `bench_admin_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const store = await createPostgresStore({ connectionString: DATABASE_URL, schema });
    return await fillAndMeasure(store, async () => {
      await client.query(
        `UPDATE "${schema}".outbox_messages SET status = ${STATUS_CASE('CAST(substr(id, 1, 12) AS BIGINT)')}`,
      );
      await client.query(`VACUUM ANALYZE "${schema}".outbox_messages`);
      await client.query(`VACUUM ANALYZE "${schema}".opt_outs`);
    });
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
}

const format = (value) => (value === undefined ? '' : value.toFixed(2));
console.log(
  `admin console queries over ${MESSAGES.toLocaleString('en')} messages and ${OPT_OUTS.toLocaleString('en')} opt-outs, ${REPEATS} runs each; Node ${process.version}, ` +
    `${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)}; SQLite ${ANALYZE ? 'after' : 'without'} ANALYZE`,
);
const lite = STORES.includes('sqlite') ? await sqlite() : undefined;
const postgresResults = STORES.includes('postgres') ? await postgres() : undefined;
console.log(
  `fill: SQLite ${lite?.fillSeconds.toFixed(1) ?? '-'} s, PostgreSQL ${postgresResults?.fillSeconds.toFixed(1) ?? '-'} s`,
);
console.log('| query | SQLite median ms | SQLite p90 ms | PostgreSQL median ms | PostgreSQL p90 ms |');
console.log('|---|---:|---:|---:|---:|');
for (const [index, result] of (lite ?? postgresResults).results.entries()) {
  const one = lite?.results[index];
  const other = postgresResults?.results[index];
  console.log(
    `| ${result.name} | ${format(one?.median)} | ${format(one?.p90)} | ${format(other?.median)} | ${format(other?.p90)} |`,
  );
}
console.log(`load average at the end: ${loadavg()[0].toFixed(1)}`);
