// Serves the fake Bulutfon API on a local port for the benchmark, in its own process so that the
// client's CPU and memory are measured apart from the server's.
// Usage: node bench/fake-server.mjs <cdrCount> <id>:<bytes>[,<id>:<bytes>...] (the recordings to serve)
import { createBulutfonFakeServer, listenBulutfonFakeServer } from '../dist/testing.js';

const cdrCount = Number(process.argv[2] ?? 100_000);
const recordings = (process.argv[3] ?? `bench-recording:${50 * 1024 * 1024}`).split(',');
// No log of 100 000 requests in the server's memory.
const fake = createBulutfonFakeServer({ cdrCount, seed: 7, recordRequests: false });
for (const entry of recordings) {
  const [id, size] = entry.split(':');
  fake.setRecording(id, { size: Number(size), contentType: 'audio/ogg' });
}
const server = await listenBulutfonFakeServer(fake);
process.send?.({ url: server.url, token: fake.token });
process.on('message', async (message) => {
  if (message === 'stop') {
    await server.close();
    process.exit(0);
  }
});
