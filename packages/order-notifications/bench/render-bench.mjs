// Cost of a very large order, on the built package (dist): one `order.created` with N lines, accepted by an
// engine on SQLite whose customer template lists `{items}`. The accept validates and normalises the event,
// renders the message (naming the lines that fit in 7 segments) and stores it. Shown: the median time of one
// accept, and the median of the longest gap between two turns of the event loop during it (a setImmediate
// loop watches the gaps). Each size runs RUNS times after one warm-up accept. Usage: node bench/render-bench.mjs
// Environment: BENCH_RUNS (default 5).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandboxProvider } from '@x/messaging-core/sandbox';
import { createNotificationEngine, createSqliteStore, parseNotificationConfig } from '../dist/index.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SIZES = [12_000, 24_000];

const config = parseNotificationConfig({
  shops: {
    demo: {
      name: 'Demo Mağaza',
      provider: 'sandbox',
      adminPhones: ['+905559876543'],
      rules: {
        events: { 'order.created': { customerTemplate: 'Siparişiniz alındı: {items}. {shop_name}' } },
      },
    },
  },
});

function largeOrder(index, lines) {
  return {
    type: 'order.created',
    shopId: 'demo',
    occurredAt: new Date(),
    order: {
      id: `big-${index}`,
      number: `${100000 + index}`,
      status: 'processing',
      total: '149.90',
      currency: 'TRY',
      items: Array.from({ length: lines }, (_, line) => ({ name: `Ürün numarası ${line + 1}`, quantity: 1 })),
    },
    customer: { firstName: 'Ayşe', lastName: 'Yılmaz', phone: '0532 123 45 67' },
    raw: {},
  };
}

/** Starts watching the event loop; the function returned stops and gives the longest gap between turns (ms). */
function watchEventLoop() {
  let last = performance.now();
  let longest = 0;
  let watching = true;
  const turn = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (watching) setImmediate(turn);
  };
  setImmediate(turn);
  return () => {
    watching = false;
    return longest;
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function run(lines) {
  const directory = mkdtempSync(join(tmpdir(), 'render-bench-'));
  const store = await createSqliteStore({ filename: join(directory, 'outbox.db') });
  const engine = createNotificationEngine({ store, config, providers: { sandbox: createSandboxProvider() } });
  const times = [];
  const blocks = [];
  try {
    await engine.accept(largeOrder(-1, lines));
    for (let index = 0; index < RUNS; index++) {
      const event = largeOrder(index, lines);
      await new Promise((resolve) => setImmediate(resolve));
      const stop = watchEventLoop();
      const started = performance.now();
      const result = await engine.accept(event);
      times.push(performance.now() - started);
      await new Promise((resolve) => setImmediate(resolve));
      blocks.push(stop());
      if (result.queued.length !== 2)
        throw new Error(`expected 2 queued messages, got ${result.queued.length}`);
    }
  } finally {
    await engine.close();
    rmSync(directory, { recursive: true, force: true });
  }
  return { lines, accept: median(times), block: median(blocks) };
}

console.log(
  `# large-order benchmark: one order.created with N lines, {items} in the template, ${RUNS} runs, medians`,
);
console.log('| lines | accept (ms) | longest event-loop gap (ms) |');
console.log('|---:|---:|---:|');
for (const lines of SIZES) {
  const { accept, block } = await run(lines);
  console.log(`| ${lines} | ${accept.toFixed(1)} | ${block.toFixed(1)} |`);
}
