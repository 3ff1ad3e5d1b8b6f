// Benchmarks of @x/bulutfon (run with `pnpm --filter @x/bulutfon bench`, after a build):
//  1. iterating 100 000 CDRs over paginated responses: the client's iterator vs a bare fetch + JSON.parse
//     loop over the same pages, CDRs/s, overhead ratio and heap growth;
//  2. streaming a 50 MB call recording: peak RSS growth while reading it chunk by chunk, each run in a fresh
//     process (bench/recording-reader.mjs) for the bare body and for callRecords.stream() alike.
// The fake server runs in a child process. Medians of several runs are reported; the two sides alternate
// which goes first. "client CPU" is the CPU time of this process only (the server's is not counted).
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
    // Touch every record, as the iterator's consumer does.
    for (const cdr of body.cdrs) if (cdr.uuid) count++;
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
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const count = await loop();
  const elapsed = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  if (count !== CDR_COUNT) throw new Error(`expected ${CDR_COUNT} CDRs, got ${count}`);
  return { elapsed, heapGrowth: peak - baseline, cpu: (cpu.user + cpu.system) / 1000 };
}

// Warm-up (JIT, connection pool), then alternate the two loops.
await bareLoop();
await clientLoop();
const bare = [];
const ours = [];
const oursPages = [];
for (let run = 0; run < RUNS; run++) {
  const order = [
    [bare, bareLoop],
    [ours, clientLoop],
    [oursPages, clientPagesLoop],
  ];
  if (run % 2) order.reverse();
  for (const [results, loop] of order) results.push(await measure(loop));
}
const bareMs = median(bare.map((result) => result.elapsed));
const oursMs = median(ours.map((result) => result.elapsed));
const pagesMs = median(oursPages.map((result) => result.elapsed));

const readerScript = fileURLToPath(new URL('./recording-reader.mjs', import.meta.url));
function streamRecording(mode) {
  const reader = fork(readerScript, [mode, url, token, String(RECORDING_BYTES), '2'], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    reader.once('message', resolve);
    reader.once('exit', (code) => reject(new Error(`recording reader (${mode}) exited with ${code}`)));
  });
}
const bareStreams = [];
const streams = [];
for (let run = 0; run < RUNS; run++) {
  const order = [
    [bareStreams, 'bare'],
    [streams, 'client'],
  ];
  if (run % 2) order.reverse();
  for (const [results, mode] of order) results.push(await streamRecording(mode));
}
const reads = (results, kind) => results.flatMap((result) => result[kind]);
const rss = (results) => {
  const natural = reads(results, 'natural').map((read) => read.rssGrowth);
  const collected = reads(results, 'collected').map((read) => read.rssGrowth);
  return `peak RSS +${mb(median(natural))} MB (max +${mb(Math.max(...natural))} MB); minor GC every MB: +${mb(median(collected))} MB (max +${mb(Math.max(...collected))} MB)`;
};
const streamMs = (results) => median(reads(results, 'natural').map((read) => read.elapsed));

child.send('stop');

const rows = [
  [
    'CDR iteration, bare fetch + JSON.parse',
    `${Math.round(CDR_COUNT / (bareMs / 1000)).toLocaleString('en')} CDRs/s`,
    `${bareMs.toFixed(0)} ms`,
    `${median(bare.map((r) => r.cpu)).toFixed(0)} ms`,
    `heap +${mb(median(bare.map((r) => r.heapGrowth)))} MB`,
  ],
  [
    'CDR iteration, client.cdrs.iterate()',
    `${Math.round(CDR_COUNT / (oursMs / 1000)).toLocaleString('en')} CDRs/s`,
    `${oursMs.toFixed(0)} ms`,
    `${median(ours.map((r) => r.cpu)).toFixed(0)} ms`,
    `heap +${mb(median(ours.map((r) => r.heapGrowth)))} MB`,
  ],
  [
    'CDR iteration, client.cdrs.pages()',
    `${Math.round(CDR_COUNT / (pagesMs / 1000)).toLocaleString('en')} CDRs/s`,
    `${pagesMs.toFixed(0)} ms`,
    `${median(oursPages.map((r) => r.cpu)).toFixed(0)} ms`,
    `heap +${mb(median(oursPages.map((r) => r.heapGrowth)))} MB`,
  ],
  [
    'client / bare fetch (iterate, pages)',
    `${(oursMs / bareMs).toFixed(2)}x, ${(pagesMs / bareMs).toFixed(2)}x`,
    '',
    `${(median(ours.map((r) => r.cpu)) / median(bare.map((r) => r.cpu))).toFixed(2)}x, ${(median(oursPages.map((r) => r.cpu)) / median(bare.map((r) => r.cpu))).toFixed(2)}x`,
    '',
  ],
  [
    '50 MB recording, bare fetch body',
    `${mb(RECORDING_BYTES / (streamMs(bareStreams) / 1000))} MB/s`,
    `${streamMs(bareStreams).toFixed(0)} ms`,
    '',
    rss(bareStreams),
  ],
  [
    `50 MB recording, callRecords.stream()`,
    `${mb(RECORDING_BYTES / (streamMs(streams) / 1000))} MB/s`,
    `${streamMs(streams).toFixed(0)} ms`,
    '',
    rss(streams),
  ],
];
console.log(
  `@x/bulutfon bench: ${CDR_COUNT.toLocaleString('en')} CDRs in pages of ${PAGE_SIZE}, ${RUNS} runs, medians (node ${process.version})\n`,
);
console.log('| case | throughput | time | client CPU | memory |');
console.log('|---|---|---|---|---|');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
