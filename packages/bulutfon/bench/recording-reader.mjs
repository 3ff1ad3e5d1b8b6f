// Reads the 50 MB bench recording in a fresh process, and reports the peak RSS growth over the
// baseline taken after a full GC. Each run gets its own process so that both readers (a bare `fetch` body and
// `callRecords.stream()`) start from the same heap and GC state.
// Usage (from bench.mjs):
//   node --expose-gc bench/recording-reader.mjs <bare|client> <url> <token> <bytes> [reads]
// Each read is measured twice: with the collector left alone, and with a minor GC after every MB read.
import { createBulutfonClient } from '../dist/index.js';

const [mode, url, token, expected, reads = '1'] = process.argv.slice(2);
const client = createBulutfonClient({ baseUrl: url, token, timeoutMs: 120_000 });

const open = async () =>
  mode === 'bare'
    ? (await fetch(`${url}/call-records/bench-recording/stream?access_token=${token}`)).body
    : (await client.callRecords.stream('bench-recording')).body;

// One whole read first, so that code loading, compilation and the allocator's first growth are not counted:
// the measured read is the steady state of a process that downloads recordings.
for await (const _chunk of await open());

// With gcEveryBytes > 0, a minor GC runs after every `gcEveryBytes` bytes read: RSS then shows what is held,
// not how much garbage the collector let pile up (which varies by tens of MB from run to run, for either reader).
async function measure(gcEveryBytes) {
  globalThis.gc();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 2);
  const started = performance.now();
  const reader = (await open()).getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const before = bytes;
    bytes += value.byteLength;
    peak = Math.max(peak, process.memoryUsage.rss());
    if (gcEveryBytes > 0 && Math.floor(bytes / gcEveryBytes) > Math.floor(before / gcEveryBytes)) {
      globalThis.gc({ type: 'minor' });
    }
  }
  const elapsed = performance.now() - started;
  clearInterval(sampler);
  if (bytes !== Number(expected)) throw new Error(`expected ${expected} bytes, got ${bytes}`);
  return { elapsed, rssGrowth: peak - baseline };
}

const natural = [];
const collected = [];
for (let read = 0; read < Number(reads); read++) {
  natural.push(await measure(0));
  collected.push(await measure(1024 * 1024));
}
process.send({ natural, collected });
