import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OrganikFakeServer } from './organik-fake-server';

/** A running `node:http` server in front of a fake server. */
export interface OrganikFakeHttpServer {
  /** Its base URL (`http://127.0.0.1:PORT`); pass it as the client's `baseUrl`. */
  url: string;
  /** Stops it (open connections are closed). */
  close(): Promise<void>;
}

/** Options of {@link listenOrganikFakeServer}. */
export interface OrganikFakeHttpOptions {
  /** Port (default 0: any free port). */
  port?: number;
  /** Host (default `127.0.0.1`). */
  host?: string;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function answer(
  server: OrganikFakeServer,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  base: string,
) {
  const controller = new AbortController();
  outgoing.on('close', () => controller.abort());
  const method = incoming.method ?? 'GET';
  const body =
    method === 'GET' || method === 'HEAD' ? undefined : new Uint8Array(await readBody(incoming)).buffer;
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (typeof value === 'string') headers.set(name, value);
  }
  const response = await server.handle(
    new Request(new URL(incoming.url ?? '/', base), { method, headers, body, signal: controller.signal }),
  );
  if (response.type === 'error') {
    incoming.socket.destroy();
    return;
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  outgoing.writeHead(response.status, {
    ...Object.fromEntries(response.headers),
    'content-length': bytes.length,
  });
  outgoing.end(bytes);
}

/**
 * Serves a fake server over real HTTP, for code that does not use msw (another process, a demo, a browser).
 * @param server - the fake server
 * @param options - port and host
 */
export async function listenOrganikFakeServer(
  server: OrganikFakeServer,
  options: OrganikFakeHttpOptions = {},
): Promise<OrganikFakeHttpServer> {
  const host = options.host ?? '127.0.0.1';
  let base = '';
  const httpServer = createServer((incoming, outgoing) => {
    answer(server, incoming, outgoing, base).catch(() => {
      if (!outgoing.headersSent) outgoing.writeHead(500);
      outgoing.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  base = `http://${host}:${port}`;
  return {
    url: base,
    close: () =>
      new Promise<void>((resolve, reject) => {
        httpServer.closeAllConnections();
        httpServer.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
