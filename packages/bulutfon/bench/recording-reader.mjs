// Reads the bench recordings in a fresh process, and reports for each the peak growth of RSS and of the memory
// held by ArrayBuffers over the baseline taken after a full GC. Each run gets its own process so that both readers
// (a bare `fetch` body and `callRecords.stream()`) start from the same heap and GC state.
// Usage (from bench.mjs):
//   node --expose-gc bench/recording-reader.mjs <bare|dist folder> <url> <token> <id>:<bytes>[,<id>:<bytes>...]
// `bare` reads a plain `fetch` body; a dist folder (this build's, or an older one's) reads through its client.
// Each recording is read twice: with the collector left alone, and with a minor GC after every MB read.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [mode, url, token, list] = process.argv.slice(2);
const recordings = list.split(',').map((entry) => {
  const [id, bytes] = entry.split(':');
  return { id, bytes: Number(bytes) };
});
const client =
  mode === 'bare'
    ? undefined
    : (await import(pathToFileURL(path.join(mode, 'index.js')).href)).createBulutfonClient({
        baseUrl: url,
        token,
        timeoutMs: 120_000,
      });

const open = async (id) =>
  mode === 'bare'
    ? (await fetch(`${url}/call-records/${id}/stream?access_token=${token}`)).body
    : (await client.callRecords.stream(id)).body;

// One whole read of the first recording, so that code loading, compilation and the allocator's first growth are
// not counted: the measured reads are the steady state of a process that downloads recordings.
for await (const _chunk of await open(recordings[0].id));

// With gcEveryBytes > 0, a minor GC runs after every `gcEveryBytes` bytes read: the peaks then show what is held,
// not how much garbage the collector let pile up.
async function measure({ id, bytes: expected }, gcEveryBytes) {
  globalThis.gc();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakBuffers = baseline.arrayBuffers;
  const sample = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakBuffers = Math.max(peakBuffers, usage.arrayBuffers);
  };
  const sampler = setInterval(sample, 2);
  const started = performance.now();
  const reader = (await open(id)).getReader();
  let bytes = 0;
  let largestChunk = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const before = bytes;
    bytes += value.byteLength;
    largestChunk = Math.max(largestChunk, value.byteLength);
    sample();
    if (gcEveryBytes > 0 && Math.floor(bytes / gcEveryBytes) > Math.floor(before / gcEveryBytes)) {
      globalThis.gc({ type: 'minor' });
    }
  }
  const elapsed = performance.now() - started;
  clearInterval(sampler);
  if (bytes !== expected) throw new Error(`expected ${expected} bytes, got ${bytes}`);
  return {
    elapsed,
    rssGrowth: peakRss - baseline.rss,
    buffersGrowth: peakBuffers - baseline.arrayBuffers,
    largestChunk,
  };
}

const results = [];
for (const recording of recordings) {
  results.push({
    ...recording,
    natural: await measure(recording, 0),
    collected: await measure(recording, 1024 * 1024),
  });
}
process.send({ results });
