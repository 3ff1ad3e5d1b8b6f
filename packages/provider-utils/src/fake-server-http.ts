import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { joinBytes } from './read-body';

/** A fake server listening on a real port, from {@link listenFakeServer}. */
export interface FakeServerListener {
  /** `http://<host>:<port>`: the client's `baseUrl`. */
  readonly url: string;
  /** Stops listening and closes the open connections (a request left hanging is cut). */
  close(): Promise<void>;
}

/** Options of {@link listenFakeServer}. */
export interface ListenFakeServerOptions {
  /** Port (default 0: any free port). */
  port?: number;
  /** Host (default `127.0.0.1`). */
  host?: string;
}

async function toRequest(incoming: IncomingMessage, origin: string, signal: AbortSignal): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  let body: Uint8Array | undefined;
  if (incoming.method !== 'GET' && incoming.method !== 'HEAD') {
    const chunks: Uint8Array[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Uint8Array);
    body = joinBytes(chunks);
  }
  return new Request(new URL(incoming.url ?? '/', origin), {
    method: incoming.method,
    headers,
    body: body as BodyInit | undefined,
    signal,
  });
}

async function writeResponse(response: Response, outgoing: ServerResponse): Promise<void> {
  if (response.type === 'error') {
    outgoing.destroy();
    return;
  }
  outgoing.writeHead(response.status, Object.fromEntries(response.headers));
  if (!response.body) {
    outgoing.end();
    return;
  }
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!outgoing.write(value)) await new Promise((resolve) => outgoing.once('drain', resolve));
    if (outgoing.destroyed) {
      await reader.cancel();
      return;
    }
  }
  outgoing.end();
}

/**
 * Serves a fake server's `handle` (the function its msw handlers answer with, see
 * `createFakeServerMswHandlers`) over real HTTP, for what does not go through msw: another process, a
 * browser, `curl`, a benchmark. Each request reaches `handle` as a fetch `Request` whose signal aborts when the
 * client goes away; a `Response.error()` (a broken connection) closes the socket, and a `handle` that throws
 * answers 500 (or cuts the answer it had begun). Node only: `node:http` is loaded by this call, not when the
 * module is imported.
 * @param handle - the fake server's answer to one request
 * @param options - port and host
 * @example
 * const listener = await listenFakeServer((request) => fake.handle(request));
 * const client = createAcmeClient({ baseUrl: listener.url });
 * // ...
 * await listener.close();
 */
export async function listenFakeServer(
  handle: (request: Request) => Promise<Response>,
  options: ListenFakeServerOptions = {},
): Promise<FakeServerListener> {
  const { createServer } = await import('node:http');
  const host = options.host ?? '127.0.0.1';
  let origin = '';
  const server = createServer((incoming, outgoing) => {
    const controller = new AbortController();
    outgoing.on('close', () => controller.abort(new Error('the client closed the connection')));
    toRequest(incoming, origin, controller.signal)
      .then(handle)
      .then((response) => writeResponse(response, outgoing))
      .catch(() => {
        if (outgoing.headersSent || outgoing.destroyed) outgoing.destroy();
        else outgoing.writeHead(500).end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * A fake server's answer that never comes: a promise that rejects only when `signal` aborts (the client gave
 * up, or {@link listenFakeServer}'s `close()` cut the connection). For a `timeout` fault: the request is
 * processed, the answer withheld.
 * @param signal - the request's signal
 */
export function hangUntilAborted(signal: AbortSignal): Promise<never> {
  return new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
