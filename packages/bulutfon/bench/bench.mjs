// Benchmarks of @x/bulutfon (run with `pnpm --filter @x/bulutfon bench`, after a build):
//  1. iterating 100 000 CDRs over paginated responses: the client's iterator vs a bare fetch + JSON.parse
//     loop over the same pages (and the same bare loop with the next page requested ahead, as the client does),
//     CDRs/s, overhead ratio and heap growth;
//  2. streaming a 50 MB and a 200 MB call recording: peak growth of RSS and of ArrayBuffer memory while reading
//     chunk by chunk, each run in a fresh process (bench/recording-reader.mjs) for the bare body and for
//     callRecords.stream() alike. The same peak for 4x the bytes means nothing is buffered;
//  3. the client's CPU alone: the same 100 000 CDRs with the pages served from memory by a `fetch` function (no
//     server, no socket), so that what is left is the client's work (reading, mapping, the page walk).
// BENCH_PARTS=cdrs, =recordings or =memory runs one part only. BENCH_COMPARE=<another build's dist folder> (an
// older version of this package) adds its client to both parts, measured in the same runs, for before/after figures.
// The fake server runs in a child process. Medians of several runs are reported; the two sides alternate
// which goes first. "client CPU" is the CPU time of this process only (the server's is not counted).
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CDR_COUNT = Number(process.env.BENCH_CDRS ?? 100_000);
const PAGE_SIZE = 1000;
const RECORDINGS = [
  { id: 'bench-recording-50', bytes: 50 * 1024 * 1024 },
  { id: 'bench-recording-200', bytes: 200 * 1024 * 1024 },
];
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PARTS = process.env.BENCH_PARTS ?? 'cdrs,recordings,memory';
const OWN_DIST = fileURLToPath(new URL('../dist/', import.meta.url));
/** The builds measured: this one, and the one to compare with when given. */
const BUILDS = [
  { label: '', dist: OWN_DIST },
  ...(process.env.BENCH_COMPARE
    ? [{ label: ' (before)', dist: path.resolve(process.env.BENCH_COMPARE) }]
    : []),
];

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
const clients = await Promise.all(
  BUILDS.map(async (build) => {
    const { createBulutfonClient } = await import(pathToFileURL(path.join(build.dist, 'index.js')).href);
    return { ...build, client: createBulutfonClient({ baseUrl: url, token, timeoutMs: 120_000 }) };
  }),
);

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

function clientLoop(client) {
  return async () => {
    let count = 0;
    for await (const cdr of client.cdrs.iterate({ limit: PAGE_SIZE })) if (cdr.uuid) count++;
    return count;
  };
}

function clientPagesLoop(client) {
  return async () => {
    let count = 0;
    for await (const page of client.cdrs.pages({ limit: PAGE_SIZE })) count += page.cdrs.length;
    return count;
  };
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
    ...clients.flatMap(({ label, client }) => [
      [`CDR iteration, client.cdrs.iterate()${label}`, clientLoop(client)],
      [`CDR iteration, client.cdrs.pages()${label}`, clientPagesLoop(client)],
    ]),
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
  const [bare, barePrefetch] = loops.map((entry) => entry.results);
  for (const [index, { label }] of clients.entries()) {
    const ours = loops[2 + index * 2].results;
    const oursPages = loops[3 + index * 2].results;
    const ratios = (of, base) =>
      `${(of(ours) / of(base)).toFixed(2)}x, ${(of(oursPages) / of(base)).toFixed(2)}x`;
    rows.push([
      `client${label} / bare fetch (iterate, pages)`,
      ratios(msOf, bare),
      '',
      ratios(cpuOf, bare),
      '',
    ]);
    rows.push([
      `client${label} / bare fetch requested ahead (iterate, pages)`,
      ratios(msOf, barePrefetch),
      '',
      ratios(cpuOf, barePrefetch),
      '',
    ]);
  }
}

if (PARTS.includes('recordings')) {
  const readerScript = fileURLToPath(new URL('./recording-reader.mjs', import.meta.url));
  const list = RECORDINGS.map((recording) => `${recording.id}:${recording.bytes}`).join(',');
  const readers = [
    { mode: 'bare', label: 'bare fetch body' },
    ...BUILDS.map((build) => ({ mode: build.dist, label: `callRecords.stream()${build.label}` })),
  ];
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
  const runs = new Map(readers.map((reader) => [reader.mode, []]));
  for (let run = 0; run < RUNS; run++) {
    const order = run % 2 ? [...readers].reverse() : readers;
    for (const { mode } of order) runs.get(mode).push(await streamRecordings(mode));
  }
  const growth = (reads, key) => {
    const values = reads.map((read) => read[key]);
    return `+${mb(median(values))} (max +${mb(Math.max(...values))})`;
  };
  for (const [index, recording] of RECORDINGS.entries()) {
    for (const { mode, label } of readers) {
      const reads = runs.get(mode).map((results) => results[index]);
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

if (PARTS.includes('memory')) {
  // Every page once from the fake, then served from memory to each client (a fresh Response per request).
  const pages = [];
  for (let page = 1; page <= Math.ceil(CDR_COUNT / PAGE_SIZE); page++) {
    const response = await fetch(`${url}/cdrs?page=${page}&limit=${PAGE_SIZE}&access_token=${token}`);
    pages.push(await response.text());
  }
  const fromMemory = async (input) => {
    const page = Number(
      new URL(input instanceof Request ? input.url : String(input)).searchParams.get('page'),
    );
    return new Response(pages[page - 1], { headers: { 'content-type': 'application/json' } });
  };
  const bareParse = async () => {
    let count = 0;
    for (let page = 1; page <= pages.length; page++) {
      const body = await (await fromMemory(`${url}/cdrs?page=${page}`)).json();
      for (const cdr of body.cdrs) if (cdr.uuid) count++;
    }
    return count;
  };
  const loops = [
    ['CDRs from memory, bare Response.json()', bareParse],
    ...(
      await Promise.all(
        BUILDS.map(async ({ label, dist }) => {
          const { createBulutfonClient } = await import(pathToFileURL(path.join(dist, 'index.js')).href);
          const client = createBulutfonClient({ baseUrl: url, token, fetch: fromMemory });
          return [
            [`CDRs from memory, client.cdrs.iterate()${label}`, clientLoop(client)],
            [`CDRs from memory, client.cdrs.pages()${label}`, clientPagesLoop(client)],
          ];
        }),
      )
    ).flat(),
  ].map(([name, loop]) => ({ name, loop, results: [] }));
  for (const { loop } of loops) await loop();
  for (let run = 0; run < RUNS; run++) {
    const order = run % 2 ? [...loops].reverse() : loops;
    for (const { loop, results } of order) results.push(await measure(loop));
  }
  const bare = cpuOf(loops[0].results);
  for (const { name, results } of loops) {
    rows.push([name, '', '', `${cpuOf(results).toFixed(0)} ms (${(cpuOf(results) / bare).toFixed(2)}x)`, '']);
  }
}

child.send('stop');

console.log(
  `@x/bulutfon bench: ${CDR_COUNT.toLocaleString('en')} CDRs in pages of ${PAGE_SIZE}, ${RUNS} runs, medians (node ${process.version})\n`,
);
console.log('| case | throughput | time | client CPU | memory |');
console.log('|---|---|---|---|---|');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
