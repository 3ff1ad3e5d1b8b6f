// CPU time of an accept, warm, on SQLite (`synchronous: 'normal'`), on the built package (dist): BENCH_EVENTS
// (10,000) events of two messages each are accepted with BENCH_IN_FLIGHT (8) callers at once, no dispatcher
// running, BENCH_ROUNDS (4) times in one process, each round into a new store; the first round warms the code up
// and is left out of the median. Then the same store's dispatcher sends them (to the in-memory sandbox) and the
// rate is printed too.
// Usage: node bench/accept-cpu-bench.mjs (after the package's build). Environment: BENCH_EVENTS, BENCH_ROUNDS,
// BENCH_IN_FLIGHT.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandboxProvider } from '@x/messaging-core/sandbox';
import { createNotificationEngine, createSqliteStore } from '../dist/index.js';
import { demoConfig, dispatchAll, orderEvent } from './demo-shop.mjs';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 8);

async function round() {
  const directory = mkdtempSync(join(tmpdir(), 'accept-cpu-bench-'));
  try {
    const store = await createSqliteStore({ filename: join(directory, 'outbox.db') });
    const sandbox = createSandboxProvider({ balance: 1e9 });
    const engine = createNotificationEngine({ store, config: demoConfig, providers: { sandbox } });
    let next = 0;
    const caller = async () => {
      while (next < EVENTS) await engine.accept(orderEvent(next++));
    };
    const before = process.cpuUsage();
    await Promise.all(Array.from({ length: IN_FLIGHT }, caller));
    const cpu = process.cpuUsage(before);
    const dispatchPerSecond = await dispatchAll(engine, sandbox, EVENTS * 2);
    await engine.close();
    return { cpuUsPerEvent: (cpu.user + cpu.system) / EVENTS, dispatchPerSecond };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(
  `# accept CPU: ${EVENTS.toLocaleString('en')} events, ${IN_FLIGHT} in flight, ${ROUNDS} rounds; Node ${process.version}, ` +
    `${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)} at the start`,
);
const results = [];
for (let index = 0; index < ROUNDS; index++) {
  const result = await round();
  results.push(result);
  console.log(
    `round ${index + 1}: ${result.cpuUsPerEvent.toFixed(0)} µs of CPU per event, dispatch ${result.dispatchPerSecond.toFixed(0)} SMS/s`,
  );
}
const warm = results.slice(1);
console.log(
  `warm median: ${median(warm.map((result) => result.cpuUsPerEvent)).toFixed(0)} µs of CPU per event, dispatch ` +
    `${median(warm.map((result) => result.dispatchPerSecond)).toFixed(0)} SMS/s; load average ${loadavg()[0].toFixed(1)} at the end`,
);
