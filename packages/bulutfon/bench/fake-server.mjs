// Serves the fake Bulutfon API on a local port for the benchmark, in its own process so that the
// client's CPU and memory are measured apart from the server's.
import { createBulutfonFakeServer, startBulutfonFakeHttpServer } from '../dist/testing.js';

const cdrCount = Number(process.argv[2] ?? 100_000);
const recordingSize = Number(process.argv[3] ?? 50 * 1024 * 1024);
const fake = createBulutfonFakeServer({ cdrCount, seed: 7 });
fake.setRecording('bench-recording', { size: recordingSize, contentType: 'audio/ogg' });
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
