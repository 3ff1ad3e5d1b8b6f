import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer } from '../src/http-server';
import { createLogger } from '../src/logger';
import { openRawConnection, readUntilClosed } from '../src/raw-http-client';

const servers: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function listen(options: { bodyDrainLimitBytes?: number } = {}) {
  const app = createHttpServer({ logger: createLogger({ level: 'silent' }), ...options });
  app.post('/echo', async () => ({ ok: true }));
  servers.push(app);
  return app.listen({ host: '127.0.0.1', port: 0 });
}

const client = fileURLToPath(new URL('./fixtures/post-large-body.mjs', import.meta.url));

/** What a plain `http.request` client in its own process, writing a 4 MiB body, sees. */
async function postDirectly(url: string, mode: 'one-write' | 'chunks') {
  const { stdout } = await promisify(execFile)(process.execPath, [client, `${url}/echo`, '4', mode]);
  return JSON.parse(stdout.trim().split('\n')[0] ?? '{}') as {
    statusCode?: number;
    connection?: string;
    body?: string;
    error?: string;
  };
}

describe('a body over the limit', () => {
  it('is answered 413 to a direct client still writing it, never a write error', async () => {
    const url = await listen();
    const outcomes = await Promise.all([postDirectly(url, 'one-write'), postDirectly(url, 'chunks')]);
    for (const outcome of outcomes) {
      expect(outcome.error).toBeUndefined();
      expect(outcome.statusCode).toBe(413);
      expect(outcome.connection).toBe('close');
      expect(JSON.parse(outcome.body ?? '')).toEqual({
        error: { code: 'body_too_large', message: 'The body is larger than the limit' },
      });
    }
  });

  it('is not read when declared larger than the drain bound: the connection closes with the 413', async () => {
    const url = await listen({ bodyDrainLimitBytes: 2 * 1_048_576 });
    const socket = await openRawConnection(url);
    const outcome = readUntilClosed(socket);
    socket.write(
      'POST /echo HTTP/1.1\r\nhost: t\r\ncontent-type: application/json\r\ncontent-length: 67108864\r\n\r\n{',
    );
    const { response } = await outcome;
    expect(response?.statusCode).toBe(413);
    expect(JSON.parse(response?.body ?? '').error.code).toBe('body_too_large');
  });
});
