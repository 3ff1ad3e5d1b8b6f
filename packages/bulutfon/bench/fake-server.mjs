// Serves the fake Bulutfon API on a local port for the benchmark, in its own process so that the
// client's CPU and memory are measured apart from the server's.
// Usage: node bench/fake-server.mjs <cdrCount> <id>:<bytes>[,<id>:<bytes>...] (the recordings to serve)
import { createBulutfonFakeServer, startBulutfonFakeHttpServer } from '../dist/testing.js';

const cdrCount = Number(process.argv[2] ?? 100_000);
const recordings = (process.argv[3] ?? `bench-recording:${50 * 1024 * 1024}`).split(',');
const fake = createBulutfonFakeServer({ cdrCount, seed: 7 });
for (const entry of recordings) {
  const [id, size] = entry.split(':');
  fake.setRecording(id, { size: Number(size), contentType: 'audio/ogg' });
}
// Do not keep a log of 100 000 requests in the server's memory.
fake.requests.push = () => 0;
const server = await startBulutfonFakeHttpServer(fake);
process.send?.({ url: server.url, token: fake.token });
process.on('message', async (message) => {
  if (message === 'stop') {
    await server.close();
    process.exit(0);
  }
});
