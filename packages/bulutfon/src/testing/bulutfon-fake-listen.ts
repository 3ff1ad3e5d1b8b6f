import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BulutfonFakeServer } from './bulutfon-fake-types';

/** A fake server listening on a real port. */
export interface BulutfonFakeListener {
  /** `http://127.0.0.1:<port>`: use it as the client's `baseUrl`. */
  readonly url: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

async function toRequest(incoming: IncomingMessage, origin: string, signal: AbortSignal): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  let body: BodyInit | undefined;
  if (incoming.method !== 'GET' && incoming.method !== 'HEAD') {
    const chunks: Uint8Array[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Uint8Array);
    body = new Uint8Array(Buffer.concat(chunks)) as unknown as BodyInit;
  }
  return new Request(new URL(incoming.url ?? '/', origin), {
    method: incoming.method,
    headers,
    body,
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
 * Serves the fake over HTTP on `127.0.0.1` (a free port unless `port` is given), for tests that need a real
 * socket (another language, `curl`, a benchmark). Node only: `node:http` is loaded by this call, not when
 * `@x/bulutfon/testing` is imported. A fault that breaks the connection (`reset`) closes the socket.
 * @param server - the fake server (its base URL's path prefix, if any, is honoured)
 * @param options - `port` to listen on
 */
export async function listenBulutfonFakeServer(
  server: BulutfonFakeServer,
  options: { port?: number } = {},
): Promise<BulutfonFakeListener> {
  const { createServer } = await import('node:http');
  const http = createServer((incoming, outgoing) => {
    const controller = new AbortController();
    outgoing.on('close', () => controller.abort(new Error('client closed the connection')));
    toRequest(incoming, `http://${incoming.headers.host ?? '127.0.0.1'}`, controller.signal)
      .then((request) => server.handle(request))
      .then((response) => writeResponse(response, outgoing))
      .catch(() => outgoing.destroy());
  });
  await new Promise<void>((resolve) => http.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        http.closeAllConnections();
        http.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
