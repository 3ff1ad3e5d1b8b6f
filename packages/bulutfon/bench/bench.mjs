// Benchmarks of @x/bulutfon (run with `pnpm --filter @x/bulutfon bench`, after a build):
//  1. iterating 100 000 CDRs over paginated responses: the client's iterator vs a bare fetch + JSON.parse
//     loop over the same pages, CDRs/s, overhead ratio and heap growth;
//  2. streaming a 50 MB call recording: peak RSS growth while reading it chunk by chunk.
// The fake server runs in a child process. Medians of several runs are reported.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createBulutfonClient } from '../dist/index.js';

const CDR_COUNT = Number(process.env.BENCH_CDRS ?? 100_000);
const PAGE_SIZE = 1000;
const RECORDING_BYTES = 50 * 1024 * 1024;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);
const gc = () => globalThis.gc?.();

const child = fork(
  fileURLToPath(new URL('./fake-server.mjs', import.meta.url)),
  [String(CDR_COUNT), String(RECORDING_BYTES)],
  {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  },
);
const { url, token } = await new Promise((resolve) => child.once('message', resolve));
const client = createBulutfonClient({ baseUrl: url, token, timeoutMs: 120_000 });

async function bareLoop() {
  let count = 0;
  for (let page = 1; ; page++) {
    const response = await fetch(`${url}/cdrs?page=${page}&limit=${PAGE_SIZE}&access_token=${token}`, {
      headers: { accept: 'application/json' },
    });
    const body = await response.json();
    count += body.cdrs.length;
    if (body.cdrs.length === 0 || page >= body.pagination.total_pages) return count;
  }
}

async function clientLoop() {
  let count = 0;
  for await (const cdr of client.cdrs.iterate({ limit: PAGE_SIZE })) if (cdr.uuid) count++;
  return count;
}

async function clientPagesLoop() {
  let count = 0;
  for await (const page of client.cdrs.pages({ limit: PAGE_SIZE })) count += page.cdrs.length;
  return count;
}

async function measure(loop) {
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  const started = performance.now();
  const count = await loop();
  const elapsed = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  if (count !== CDR_COUNT) throw new Error(`expected ${CDR_COUNT} CDRs, got ${count}`);
  return { elapsed, heapGrowth: peak - baseline };
}

// Warm-up (JIT, connection pool), then alternate the two loops.
await bareLoop();
await clientLoop();
const bare = [];
const ours = [];
const oursPages = [];
for (let run = 0; run < RUNS; run++) {
  bare.push(await measure(bareLoop));
  ours.push(await measure(clientLoop));
  oursPages.push(await measure(clientPagesLoop));
}
const bareMs = median(bare.map((result) => result.elapsed));
const oursMs = median(ours.map((result) => result.elapsed));
const pagesMs = median(oursPages.map((result) => result.elapsed));

async function streamRecording(bareFetch) {
  gc();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const body = bareFetch
    ? (await fetch(`${url}/call-records/bench-recording/stream?access_token=${token}`)).body
    : (await client.callRecords.stream('bench-recording')).body;
  const reader = body.getReader();
  let bytes = 0;
  const started = performance.now();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const elapsed = performance.now() - started;
  if (bytes !== RECORDING_BYTES) throw new Error(`expected ${RECORDING_BYTES} bytes, got ${bytes}`);
  return { elapsed, rssGrowth: peak - baseline };
}
await streamRecording(true);
await streamRecording(false);
const bareStreams = [];
const streams = [];
for (let run = 0; run < RUNS; run++) {
  bareStreams.push(await streamRecording(true));
  streams.push(await streamRecording(false));
}

child.send('stop');

const rows = [
  [
    'CDR iteration, bare fetch + JSON.parse',
    `${Math.round(CDR_COUNT / (bareMs / 1000)).toLocaleString('en')} CDRs/s`,
    `${bareMs.toFixed(0)} ms`,
    `heap +${mb(median(bare.map((r) => r.heapGrowth)))} MB`,
  ],
  [
    'CDR iteration, client.cdrs.iterate()',
    `${Math.round(CDR_COUNT / (oursMs / 1000)).toLocaleString('en')} CDRs/s`,
    `${oursMs.toFixed(0)} ms`,
    `heap +${mb(median(ours.map((r) => r.heapGrowth)))} MB`,
  ],
  [
    'CDR iteration, client.cdrs.pages()',
    `${Math.round(CDR_COUNT / (pagesMs / 1000)).toLocaleString('en')} CDRs/s`,
    `${pagesMs.toFixed(0)} ms`,
    `heap +${mb(median(oursPages.map((r) => r.heapGrowth)))} MB`,
  ],
  [
    'client / bare fetch (iterate, pages)',
    `${(oursMs / bareMs).toFixed(2)}x, ${(pagesMs / bareMs).toFixed(2)}x`,
    '',
    '',
  ],
  [
    '50 MB recording, bare fetch body',
    `${mb(RECORDING_BYTES / (median(bareStreams.map((r) => r.elapsed)) / 1000))} MB/s`,
    `${median(bareStreams.map((r) => r.elapsed)).toFixed(0)} ms`,
    `peak RSS +${mb(median(bareStreams.map((r) => r.rssGrowth)))} MB (max +${mb(Math.max(...bareStreams.map((r) => r.rssGrowth)))} MB)`,
  ],
  [
    `50 MB recording, callRecords.stream()`,
    `${mb(RECORDING_BYTES / (median(streams.map((r) => r.elapsed)) / 1000))} MB/s`,
    `${median(streams.map((r) => r.elapsed)).toFixed(0)} ms`,
    `peak RSS +${mb(median(streams.map((r) => r.rssGrowth)))} MB (max +${mb(Math.max(...streams.map((r) => r.rssGrowth)))} MB)`,
  ],
];
console.log(
  `@x/bulutfon bench: ${CDR_COUNT.toLocaleString('en')} CDRs in pages of ${PAGE_SIZE}, ${RUNS} runs, medians (node ${process.version})\n`,
);
console.log('| case | throughput | time | memory |');
console.log('|---|---|---|---|');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
