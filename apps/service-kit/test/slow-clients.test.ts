import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServerOptions } from '../src/http-server';
import { createLogger } from '../src/logger';
import { openRawConnection, readUntilClosed } from '../src/raw-http-client';

const servers: FastifyInstance[] = [];
const sockets: Socket[] = [];
const timers: NodeJS.Timeout[] = [];
afterEach(async () => {
  for (const timer of timers.splice(0)) clearInterval(timer);
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A listening server with an echo route that counts the requests its handler saw. */
async function listen(options: Omit<HttpServerOptions, 'logger'> = {}) {
  const app = createHttpServer({ logger: createLogger({ level: 'silent' }), ...options });
  const handled: string[] = [];
  app.post('/echo', async (request) => {
    handled.push(String(request.rawBody?.length));
    return { ok: true };
  });
  servers.push(app);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url, handled };
}

async function connection(url: string): Promise<Socket> {
  const socket = await openRawConnection(url);
  sockets.push(socket);
  return socket;
}

/** Writes `text` one byte a second (the first at once) while the connection is open. */
function trickle(socket: Socket, text: string): void {
  let next = 0;
  const write = () => {
    if (next < text.length && !socket.destroyed) socket.write(text[next++]!);
  };
  write();
  timers.push(setInterval(write, 1000));
}

const postHead = (length: number) =>
  `POST /echo HTTP/1.1\r\nhost: test\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n\r\n`;

describe('slow clients', () => {
  it('answers a body sent one byte a second with 408 in the service format, and closes the connection', async () => {
    const { url, handled } = await listen({ headersTimeoutMs: 500, requestTimeoutMs: 1000 });
    const socket = await connection(url);
    const outcome = readUntilClosed(socket);
    socket.write(postHead(100));
    trickle(socket, `{"padding":"${'x'.repeat(86)}"}`);
    const { response } = await outcome;
    expect(response?.statusCode).toBe(408);
    expect(response?.headers.connection).toBe('close');
    expect(JSON.parse(response?.body ?? '')).toEqual({
      error: { code: 'request_timeout', message: 'The request was not received in time' },
    });
    expect(socket.destroyed).toBe(true);
    expect(handled).toEqual([]);
  });

  it('answers headers sent one byte a second with 408 once the headers time limit is over', async () => {
    const { url } = await listen({ headersTimeoutMs: 500, requestTimeoutMs: 60_000 });
    const socket = await connection(url);
    const outcome = readUntilClosed(socket);
    trickle(socket, postHead(2));
    const { response } = await outcome;
    expect(response?.statusCode).toBe(408);
    expect(JSON.parse(response?.body ?? '').error.code).toBe('request_timeout');
  });

  it('answers /health while 500 slow clients hold connections open', async () => {
    const { app, url } = await listen();
    let started = 0;
    const allStarted = new Promise<void>((resolve) => {
      app.server.on('request', () => {
        started += 1;
        if (started === 500) resolve();
      });
    });
    let closed = 0;
    const slow = await Promise.all(Array.from({ length: 500 }, () => connection(url)));
    for (const socket of slow) {
      socket.on('close', () => {
        closed += 1;
      });
      socket.on('error', () => undefined);
      socket.write(postHead(1000));
      trickle(socket, '{'.repeat(1000));
    }
    await allStarted;
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(closed).toBe(0);
  });

  it('closes connections beyond maxConnections at once, and serves again once one goes', async () => {
    const { app, url } = await listen({ maxConnections: 3 });
    const serverSockets: Socket[] = [];
    app.server.on('connection', (socket: Socket) => serverSockets.push(socket));
    const held = [await connection(url), await connection(url), await connection(url)];
    const refused = await connection(url);
    const outcome = await readUntilClosed(refused);
    expect(outcome.response).toBeUndefined();
    expect(serverSockets).toHaveLength(3);

    const serverSide = serverSockets[0]!;
    const gone = new Promise((resolve) => serverSide.once('close', resolve));
    held[0]!.destroy();
    await gone;
    const health = await fetch(`${url}/health`, { headers: { connection: 'close' } });
    expect(health.status).toBe(200);
  });
});
