// Speed of the outbox, on the built package (dist):
//   1. SQLite: accept rate and latency percentiles (synchronous=FULL and NORMAL), with one accept at a time and
//      with BENCH_IN_FLIGHT (8) callers at once (closed loop: each caller sends its next event when the last one resolved), so
//      that group commit writes the concurrent accepts in one transaction
//   2. SQLite: dispatch rate to the in-memory sandbox provider
//   3. PostgreSQL: dispatch rate with two worker processes sharing one outbox; each process sends to the core's
//      in-memory sandbox and reports the references it received, so duplicates are counted at the provider
// Each scenario runs RUNS times; the table shows medians. Usage: pnpm bench  (or node bench/outbox-bench.mjs)
// Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), BENCH_EVENTS, BENCH_RUNS.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSandboxProvider } from '@x/messaging-core/sandbox';
import pg from 'pg';
import {
  createNotificationEngine,
  createPostgresStore,
  createSqliteStore,
  parseNotificationConfig,
} from '../dist/index.js';
import { demoConfig, dispatchAll, orderEvent } from './demo-shop.mjs';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 8);
const worker = fileURLToPath(new URL('../test/support/outbox-worker.mjs', import.meta.url));

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function sqliteRun(synchronous, events = EVENTS, inFlight = 1) {
  const directory = mkdtempSync(join(tmpdir(), 'outbox-bench-'));
  try {
    const store = await createSqliteStore({ filename: join(directory, 'outbox.db'), synchronous });
    const sandbox = createSandboxProvider({ balance: 1e9 });
    let transactions = 0;
    const acceptBatch = store.acceptBatch.bind(store);
    store.acceptBatch = (units) => {
      transactions++;
      return acceptBatch(units);
    };
    const engine = createNotificationEngine({ store, config: demoConfig, providers: { sandbox } });
    const latencies = new Float64Array(events);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let next = 0;
    const caller = async () => {
      while (next < events) {
        const index = next++;
        const before = performance.now();
        await engine.accept(orderEvent(index));
        latencies[index] = performance.now() - before;
      }
    };
    await Promise.all(Array.from({ length: inFlight }, caller));
    const acceptSeconds = (performance.now() - started) / 1000;
    const acceptCpu = process.cpuUsage(cpuBefore);
    const sorted = [...latencies].sort((a, b) => a - b);
    const expected = events * 2;
    const dispatchPerSecond = await dispatchAll(engine, sandbox, expected);
    const counts = await engine.messages.counts({});
    const references = new Set(sandbox.sent.map((message) => message.reference));
    await engine.close();
    return {
      acceptPerSecond: events / acceptSeconds,
      acceptPerCpuSecond: events / ((acceptCpu.user + acceptCpu.system) / 1e6),
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      eventsPerTransaction: events / transactions,
      dispatchPerSecond,
      sent: counts.sent,
      duplicates: sandbox.sent.length - references.size,
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function startWorker(schema, name, expected) {
  const child = fork(
    worker,
    [
      JSON.stringify({
        databaseUrl: DATABASE_URL,
        schema,
        orders: 0,
        expected,
        concurrency: 32,
        workerName: name,
        accept: false,
        sink: 'memory',
        maxConnections: 16,
      }),
    ],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const ready = new Promise((resolve) => child.once('message', resolve));
  const done = new Promise((resolve, reject) => {
    child.on('message', (message) => message.done && resolve(message));
    child.on('exit', (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)));
  });
  return { child, ready, done };
}

async function postgresRun() {
  const schema = `bench_outbox_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  try {
    const store = await createPostgresStore({ connectionString: DATABASE_URL, schema, maxConnections: 16 });
    const sandbox = createSandboxProvider({ providerId: 'sink' });
    const engine = createNotificationEngine({
      store,
      config: parseNotificationConfig({
        shops: { demo: { name: 'Demo', provider: 'sink', adminPhones: ['+905559876543'] } },
      }),
      providers: { sink: sandbox },
    });
    const acceptStarted = performance.now();
    for (let index = 0; index < EVENTS; index += 16) {
      const batch = [];
      for (let offset = index; offset < Math.min(index + 16, EVENTS); offset++)
        batch.push(engine.accept(orderEvent(offset)));
      await Promise.all(batch);
    }
    const acceptSeconds = (performance.now() - acceptStarted) / 1000;
    await engine.close();
    const expected = EVENTS * 2;
    const workers = [startWorker(schema, 'w1', expected), startWorker(schema, 'w2', expected)];
    await Promise.all(workers.map((w) => w.ready));
    const started = performance.now();
    for (const w of workers) w.child.send('go');
    const reports = await Promise.all(workers.map((w) => w.done));
    const seconds = (performance.now() - started) / 1000;
    const references = reports.flatMap((report) => report.references);
    return {
      acceptPerSecond: EVENTS / acceptSeconds,
      dispatchPerSecond: expected / seconds,
      sent: references.length,
      duplicates: references.length - new Set(references).size,
      split: reports.map((report) => report.sentByMe).join(' / '),
    };
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
}

async function repeat(label, run) {
  const results = [];
  for (let index = 0; index < RUNS; index++) results.push(await run());
  const pick = (key) => median(results.map((result) => result[key]));
  console.error(`${label}: done`);
  return { label, results, pick };
}

console.log(`# outbox benchmark: ${EVENTS} events (2 messages each), ${RUNS} runs, medians`);
console.log(
  `# node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), load average ${loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')} at start\n`,
);
// FULL flushes the disk on every commit (a few milliseconds each): a fifth of the events tells the same story.
const full = await repeat('sqlite full', () => sqliteRun('full', Math.ceil(EVENTS / 5)));
const fullGrouped = await repeat('sqlite full, many in flight', () => sqliteRun('full', EVENTS, IN_FLIGHT));
const normal = await repeat('sqlite normal', () => sqliteRun('normal'));
const normalGrouped = await repeat('sqlite normal, many in flight', () =>
  sqliteRun('normal', EVENTS, IN_FLIGHT),
);
const postgres = await repeat('postgres', postgresRun);

const format = (value, digits = 0) =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
console.log(
  '| scenario | accept events/s | accept events per CPU-second | accept p50 ms | accept p99 ms | events per transaction | dispatch SMS/s | duplicates at provider |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
const labels = new Map([
  [full, `SQLite, synchronous=FULL, 1 in flight (${Math.ceil(EVENTS / 5)} events)`],
  [fullGrouped, `SQLite, synchronous=FULL, ${IN_FLIGHT} in flight (group commit)`],
  [normal, 'SQLite, synchronous=NORMAL, 1 in flight'],
  [normalGrouped, `SQLite, synchronous=NORMAL, ${IN_FLIGHT} in flight (group commit)`],
]);
for (const [scenario, label] of labels) {
  console.log(
    `| ${label} | ${format(scenario.pick('acceptPerSecond'))} | ${format(scenario.pick('acceptPerCpuSecond'))} | ${format(scenario.pick('p50'), 3)} | ${format(scenario.pick('p99'), 3)} | ${format(scenario.pick('eventsPerTransaction'), 1)} | ${format(scenario.pick('dispatchPerSecond'))} | ${Math.max(...scenario.results.map((r) => r.duplicates))} |`,
  );
}
console.log(
  `| PostgreSQL, 2 worker processes (sends split ${postgres.results.at(-1).split}) | ${format(postgres.pick('acceptPerSecond'))} (16 in flight) | | | | | ${format(postgres.pick('dispatchPerSecond'))} | ${Math.max(...postgres.results.map((r) => r.duplicates))} |`,
);
console.log(
  `\nratios: NORMAL/FULL accept ${(normal.pick('acceptPerSecond') / full.pick('acceptPerSecond')).toFixed(2)}x (1 in flight), ` +
    `${(normalGrouped.pick('acceptPerSecond') / fullGrouped.pick('acceptPerSecond')).toFixed(2)}x (${IN_FLIGHT} in flight); ` +
    `group commit FULL ${(fullGrouped.pick('acceptPerSecond') / full.pick('acceptPerSecond')).toFixed(2)}x, ` +
    `NORMAL ${(normalGrouped.pick('acceptPerSecond') / normal.pick('acceptPerSecond')).toFixed(2)}x; ` +
    `SQLite (NORMAL)/PostgreSQL dispatch ${(normal.pick('dispatchPerSecond') / postgres.pick('dispatchPerSecond')).toFixed(2)}x; ` +
    `load average ${loadavg()
      .map((value) => value.toFixed(1))
      .join(' ')} at the end`,
);
