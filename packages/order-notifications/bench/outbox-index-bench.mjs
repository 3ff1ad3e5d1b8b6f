// What each index of the outbox's message table costs the writes of an accept and of a dispatch, on SQLite:
//   for each set of indexes below, a database with BENCH_HISTORY (100,000) delivered messages of 5 shops takes
//   BENCH_ROWS (20,000) new messages through the store's own writes: enqueued 16 at a time (an accept of 8
//   events), claimed 32 at a time and recorded as sent with their attempts (the dispatcher's claim and
//   markSent), then marked delivered one by one (a delivery report). The CPU time of each phase, per message, is
//   the median of BENCH_RUNS (7) runs, the sets taking turns within each run, so that a busy machine weighs on
//   all of them alike. The indexes are set by hand on the store's file, so the same script measures any build;
//   every write is the store's own, so a set's figures are the whole cost of a message's writes with it.
// Usage: node bench/outbox-index-bench.mjs (after the package's build). Environment: BENCH_HISTORY, BENCH_ROWS,
// BENCH_RUNS, BENCH_SETS (comma-separated names of the sets below; default all).
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createSqliteStore } from '../dist/index.js';

const HISTORY = Number(process.env.BENCH_HISTORY ?? 100_000);
const ROWS = Number(process.env.BENCH_ROWS ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const DAY = 86_400_000;

/** Every index the message table has had, by name (schema versions 1 to 7), besides its id and dedupe key. */
const INDEXES = {
  // version 1: the dispatcher, the delivery reports, the log by shop, order and time
  outbox_due: `(next_attempt_at) WHERE status = 'queued'`,
  outbox_sending: `(lease_until) WHERE status = 'sending'`,
  outbox_sent: `(provider_id, created_at) WHERE status = 'sent'`,
  outbox_unknown: `(provider_id, created_at) WHERE status = 'unknown'`,
  outbox_shop: '(shop_id, created_at)',
  outbox_order: '(order_id)',
  outbox_created: '(created_at)',
  outbox_provider_message: '(provider_id, provider_message_id) WHERE provider_message_id IS NOT NULL',
  // versions 2 and 3: the console and the missed-call follow-up (dropped by version 7 but outbox_sent_at)
  outbox_recipient_tail: '(recipient_tail)',
  outbox_shop_status: '(shop_id, status, created_at)',
  outbox_status_created: '(status, created_at)',
  outbox_sent_at: '(sent_at) WHERE sent_at IS NOT NULL',
  outbox_recipient: '(shop_id, recipient, created_at)',
  // version 7
  outbox_shop_rare_status: `(shop_id, status, created_at)
    WHERE status IN ('queued', 'sending', 'failed', 'dead', 'unknown', 'skipped')`,
  outbox_recipient_tail_shop: '(recipient_tail, shop_id, created_at)',
  // alternatives to version 7's partial index: the attention statuses only, and without the sends in flight
  outbox_shop_attention_status: `(shop_id, status, created_at) WHERE status IN ('failed', 'dead', 'unknown', 'skipped')`,
  outbox_shop_waiting_status: `(shop_id, status, created_at)
    WHERE status IN ('queued', 'failed', 'dead', 'unknown', 'skipped')`,
};
const VERSION_1 = [
  'outbox_due',
  'outbox_sending',
  'outbox_sent',
  'outbox_unknown',
  'outbox_shop',
  'outbox_order',
  'outbox_created',
  'outbox_provider_message',
];
const CONSOLE_5 = [
  'outbox_recipient_tail',
  'outbox_shop_status',
  'outbox_status_created',
  'outbox_sent_at',
  'outbox_recipient',
];
const VERSION_6 = [...VERSION_1, ...CONSOLE_5];
const VERSION_7 = [...VERSION_1, 'outbox_sent_at', 'outbox_shop_rare_status', 'outbox_recipient_tail_shop'];
const without = (set, name) => set.filter((index) => index !== name);

const instead = (set, name, other) => set.map((index) => (index === name ? other : index));

/** The sets measured: each version, each version without one of the indexes it added, and the alternatives. */
const SETS = {
  'versions 3 to 6': VERSION_6,
  'version 7': VERSION_7,
  'version 1 (the dispatcher and the log only)': VERSION_1,
  ...Object.fromEntries(
    CONSOLE_5.map((name) => [`versions 3 to 6 without ${name}`, without(VERSION_6, name)]),
  ),
  ...Object.fromEntries(
    ['outbox_sent_at', 'outbox_shop_rare_status', 'outbox_recipient_tail_shop'].map((name) => [
      `version 7 without ${name}`,
      without(VERSION_7, name),
    ]),
  ),
  ...Object.fromEntries(
    ['outbox_shop_attention_status', 'outbox_shop_waiting_status'].map((name) => [
      `version 7 with ${name} instead of outbox_shop_rare_status`,
      instead(VERSION_7, 'outbox_shop_rare_status', name),
    ]),
  ),
};
const chosen = process.env.BENCH_SETS ? process.env.BENCH_SETS.split(',') : Object.keys(SETS);

/** Message n: a customer's (a number of its own) or the shop owner's (one number per shop), ids in time order. */
function message(n, at) {
  const order = Math.floor(n / 2);
  const shopId = `s${order % 5}`;
  const customer = n % 2 === 0;
  return {
    id: `${at.toString(16).padStart(12, '0')}${n.toString(16).padStart(8, '0')}${((n * 2654435761) >>> 0).toString(16).padStart(8, '0')}`,
    dedupeKey: `${shopId}|order:${order}|order.created|${customer ? 'customer' : 'admin'}`,
    shopId,
    orderId: String(order),
    orderNumber: String(100_000 + order),
    eventType: 'order.created',
    role: customer ? 'customer' : 'admin',
    recipient: customer
      ? `+90532${String(1_000_000 + ((order * 7919) % 9_000_000)).padStart(7, '0')}`
      : `+9055500000${order % 5}`,
    text: 'Sayın Ayşe Yılmaz, 100123 numaralı siparişiniz alındı. Toplam: 149,90 TL',
    providerId: 'sandbox',
    messageType: 'auto',
    segments: 1,
    status: 'queued',
    createdAt: new Date(at),
  };
}

/** A database file with the history and the set's indexes, to copy for each run. */
async function template(directory, name) {
  const filename = join(directory, `${Object.keys(SETS).indexOf(name)}.db`);
  const store = await createSqliteStore({ filename });
  const start = Date.now() - 30 * DAY;
  for (let from = 0; from < HISTORY; from += 1000) {
    const part = [];
    for (let n = from; n < Math.min(HISTORY, from + 1000); n++)
      part.push(message(1e9 + n, start + Math.floor((n * 30 * DAY) / HISTORY)));
    await store.enqueue(part);
  }
  await store.close();
  const db = new Database(filename);
  db.exec("UPDATE outbox_messages SET status = 'delivered', sent_at = created_at, delivered_at = created_at");
  const existing = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox_messages' AND sql IS NOT NULL",
    )
    .pluck()
    .all();
  for (const index of existing) db.exec(`DROP INDEX ${index}`);
  for (const index of SETS[name]) db.exec(`CREATE INDEX ${index} ON outbox_messages ${INDEXES[index]}`);
  db.exec('VACUUM');
  db.close();
  return filename;
}

const cpuUsPerMessage = (since) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / ROWS;
};

/** One run on a copy of the template: µs of CPU per message for each phase. */
async function run(templateFile, directory) {
  const filename = join(directory, 'run.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${filename}${suffix}`, { force: true });
  copyFileSync(templateFile, filename);
  const store = await createSqliteStore({ filename });
  const now = Date.now();
  let started = process.cpuUsage();
  for (let from = 0; from < ROWS; from += 16) {
    const part = [];
    for (let n = from; n < Math.min(ROWS, from + 16); n++) part.push(message(n, now + n));
    await store.enqueue(part);
  }
  const writeUs = cpuUsPerMessage(started);
  started = process.cpuUsage();
  const sent = [];
  const at = new Date(now + ROWS);
  for (;;) {
    const claimed = await store.claim({ now: at, limit: 32, leaseMs: 60_000, workerId: 'w' });
    if (claimed.length === 0) break;
    await store.markSent(
      claimed.map((claim) => ({
        id: claim.id,
        workerId: 'w',
        sentAt: at,
        segments: 1,
        providerMessageId: `p${claim.id.slice(-8)}`,
        attempt: {
          attempt: 1,
          at,
          result: 'sent',
          providerMessageId: `p${claim.id.slice(-8)}`,
          durationMs: 3,
        },
      })),
    );
    sent.push(...claimed.map((claim) => claim.id));
  }
  const sendUs = cpuUsPerMessage(started);
  started = process.cpuUsage();
  for (const id of sent)
    await store.update(id, { status: 'delivered', deliveredAt: at }, { status: ['sent'] });
  const deliveredUs = cpuUsPerMessage(started);
  await store.close();
  if (sent.length !== ROWS) throw new Error(`sent ${sent.length} of ${ROWS}`);
  return { writeUs, sendUs, deliveredUs };
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
console.log(
  `# index costs: ${ROWS.toLocaleString('en')} messages written, sent and delivered over ${HISTORY.toLocaleString('en')} of history, ` +
    `${RUNS} runs; Node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)} at the start`,
);
const directory = mkdtempSync(join(tmpdir(), 'outbox-index-bench-'));
try {
  const templates = {};
  for (const name of chosen) templates[name] = await template(directory, name);
  const results = Object.fromEntries(chosen.map((name) => [name, []]));
  await run(templates[chosen[0]], directory); // warm-up
  for (let round = 0; round < RUNS; round++) {
    for (const name of chosen) results[name].push(await run(templates[name], directory));
  }
  console.log('| indexes | enqueue µs/message | send µs/message (claim + sent) | delivered µs/message |');
  console.log('|---|---:|---:|---:|');
  for (const name of chosen) {
    const pick = (key) => median(results[name].map((result) => result[key])).toFixed(1);
    console.log(`| ${name} | ${pick('writeUs')} | ${pick('sendUs')} | ${pick('deliveredUs')} |`);
  }
  console.log(`load average at the end: ${loadavg()[0].toFixed(1)}`);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
