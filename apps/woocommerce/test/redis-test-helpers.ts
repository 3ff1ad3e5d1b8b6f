import { createServer } from 'node:net';

/** The Redis of the tests: `REDIS_URL`, or the machine's local server (which CI starts). */
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test uses; delete `<prefix>*` after the test. */
export function randomKeyPrefix(): string {
  return `test:woocommerce:${process.pid}:${Math.random().toString(36).slice(2, 10)}:`;
}

/** A local port nothing listens on (bound by the system, then released): a Redis that is down. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * Keeps the event loop busy for `ms` milliseconds, as a synchronous outbox commit on a slow disk or a busy
 * machine does: timers and replies wait meanwhile.
 */
export function blockEventLoop(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy
  }
}
