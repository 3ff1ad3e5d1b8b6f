// Benchmarks of @x/bulutfon (run with `pnpm --filter @x/bulutfon bench`, after a build):
//  1. iterating 100 000 CDRs over paginated responses: the client's iterator vs a bare fetch + JSON.parse
//     loop over the same pages (and the same bare loop with the next page requested ahead, as the client does),
//     CDRs/s, overhead ratio and heap growth;
//  2. streaming a 50 MB and a 200 MB call recording: peak growth of RSS and of ArrayBuffer memory while reading
//     chunk by chunk, each run in a fresh process (bench/recording-reader.mjs) for the bare body and for
//     callRecords.stream() alike. The same peak for 4x the bytes means nothing is buffered.
// BENCH_PARTS=cdrs or BENCH_PARTS=recordings runs one part only.
// The fake server runs in a child process. Medians of several runs are reported; the two sides alternate
// which goes first. "client CPU" is the CPU time of this process only (the server's is not counted).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createBulutfonClient } from '../dist/index.js';

const CDR_COUNT = Number(process.env.BENCH_CDRS ?? 100_000);
const PAGE_SIZE = 1000;
const RECORDINGS = [
  { id: 'bench-recording-50', bytes: 50 * 1024 * 1024 },
  { id: 'bench-recording-200', bytes: 200 * 1024 * 1024 },
];
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PARTS = process.env.BENCH_PARTS ?? 'cdrs,recordings';

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);
const gc = () => globalThis.gc?.();

const child = fork(
  fileURLToPath(new URL('./fake-server.mjs', import.meta.url)),
  [String(CDR_COUNT), RECORDINGS.map((recording) => `${recording.id}:${recording.bytes}`).join(',')],
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

// The bare loop with the client's one-page-ahead: the next page is requested once this page's body is in.
async function barePrefetchLoop() {
  const get = (page) =>
    fetch(`${url}/cdrs?page=${page}&limit=${PAGE_SIZE}&access_token=${token}`, {
      headers: { accept: 'application/json' },
    });
  let count = 0;
  let next = get(1);
  let totalPages;
  for (let page = 1; ; page++) {
    const text = await (await next).text();
    if (totalPages !== undefined && page < totalPages) next = get(page + 1);
    const body = JSON.parse(text);
    totalPages = body.pagination.total_pages;
    if (page === 1 && page < totalPages) next = get(page + 1);
    for (const cdr of body.cdrs) if (cdr.uuid) count++;
    if (body.cdrs.length === 0 || page >= totalPages) return count;
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

const rows = [];
const cpuOf = (results) => median(results.map((result) => result.cpu));
const msOf = (results) => median(results.map((result) => result.elapsed));

if (PARTS.includes('cdrs')) {
  // Warm-up (JIT, connection pool), then alternate the loops.
  const loops = [
    ['CDR iteration, bare fetch + JSON.parse', bareLoop],
    ['CDR iteration, bare, next page requested ahead', barePrefetchLoop],
    ['CDR iteration, client.cdrs.iterate()', clientLoop],
    ['CDR iteration, client.cdrs.pages()', clientPagesLoop],
  ].map(([name, loop]) => ({ name, loop, results: [] }));
  for (const { loop } of loops) await loop();
  for (let run = 0; run < RUNS; run++) {
    const order = run % 2 ? [...loops].reverse() : loops;
    for (const { loop, results } of order) results.push(await measure(loop));
  }
  for (const { name, results } of loops) {
    rows.push([
      name,
      `${Math.round(CDR_COUNT / (msOf(results) / 1000)).toLocaleString('en')} CDRs/s`,
      `${msOf(results).toFixed(0)} ms`,
      `${cpuOf(results).toFixed(0)} ms`,
      `heap +${mb(median(results.map((result) => result.heapGrowth)))} MB`,
    ]);
  }
  const [bare, barePrefetch, ours, oursPages] = loops.map((entry) => entry.results);
  const ratios = (of) => `${(of(ours) / of(bare)).toFixed(2)}x, ${(of(oursPages) / of(bare)).toFixed(2)}x`;
  rows.push(['client / bare fetch (iterate, pages)', ratios(msOf), '', ratios(cpuOf), '']);
  rows.push([
    'client / bare fetch requested ahead (iterate, pages)',
    `${(msOf(ours) / msOf(barePrefetch)).toFixed(2)}x, ${(msOf(oursPages) / msOf(barePrefetch)).toFixed(2)}x`,
    '',
    `${(cpuOf(ours) / cpuOf(barePrefetch)).toFixed(2)}x, ${(cpuOf(oursPages) / cpuOf(barePrefetch)).toFixed(2)}x`,
    '',
  ]);
}

if (PARTS.includes('recordings')) {
  const readerScript = fileURLToPath(new URL('./recording-reader.mjs', import.meta.url));
  const list = RECORDINGS.map((recording) => `${recording.id}:${recording.bytes}`).join(',');
  const streamRecordings = (mode) => {
    const reader = fork(readerScript, [mode, url, token, list], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      reader.once('message', (message) => resolve(message.results));
      reader.once('exit', (code) => reject(new Error(`recording reader (${mode}) exited with ${code}`)));
    });
  };
  const runs = { bare: [], client: [] };
  for (let run = 0; run < RUNS; run++) {
    const order = run % 2 ? ['client', 'bare'] : ['bare', 'client'];
    for (const mode of order) runs[mode].push(await streamRecordings(mode));
  }
  const growth = (reads, key) => {
    const values = reads.map((read) => read[key]);
    return `+${mb(median(values))} (max +${mb(Math.max(...values))})`;
  };
  for (const [index, recording] of RECORDINGS.entries()) {
    for (const [mode, label] of [
      ['bare', 'bare fetch body'],
      ['client', 'callRecords.stream()'],
    ]) {
      const reads = runs[mode].map((results) => results[index]);
      const natural = reads.map((read) => read.natural);
      const collected = reads.map((read) => read.collected);
      const ms = msOf(natural);
      rows.push([
        `${mb(recording.bytes).replace('.0', '')} MB recording, ${label}`,
        `${mb(recording.bytes / (ms / 1000))} MB/s`,
        `${ms.toFixed(0)} ms`,
        '',
        `peak RSS ${growth(natural, 'rssGrowth')} MB, ArrayBuffers ${growth(natural, 'buffersGrowth')} MB; ` +
          `minor GC every MB: RSS ${growth(collected, 'rssGrowth')} MB, ArrayBuffers ${growth(collected, 'buffersGrowth')} MB; ` +
          `chunks up to ${Math.max(...natural.map((read) => read.largestChunk)) / 1024} KiB`,
      ]);
    }
  }
}

child.send('stop');

console.log(
  `@x/bulutfon bench: ${CDR_COUNT.toLocaleString('en')} CDRs in pages of ${PAGE_SIZE}, ${RUNS} runs, medians (node ${process.version})\n`,
);
console.log('| case | throughput | time | client CPU | memory |');
console.log('|---|---|---|---|---|');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
