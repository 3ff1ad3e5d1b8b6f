import { connect, type Socket } from 'node:net';

/** The first HTTP response read off a raw connection. */
export interface RawHttpResponse {
  statusCode: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

/** What a raw connection received before it closed. */
export interface RawConnectionOutcome {
  /** Every byte received, as latin1 text. */
  text: string;
  /** The first response in `text`, when there is one. */
  response: RawHttpResponse | undefined;
  /** The code of the error that ended the connection (`ECONNRESET`, `EPIPE`), if any. */
  errorCode: string | undefined;
}

/** One HTTP/1.1 request, as {@link rawHttpRequest} writes it. */
export interface RawHttpRequest {
  method: string;
  /** The path and query (`/webhooks/woocommerce/demo`). */
  path: string;
  /** The `Host` header. */
  host: string;
  headers?: Readonly<Record<string, string>>;
  body?: string | Uint8Array;
}

/**
 * The bytes of one HTTP/1.1 request that asks the server to close the connection after its answer, with its
 * `Content-Length`: what a client opening one connection per request (a burst, the warm-up) writes.
 * @param request - method, path, host, headers and body
 * @returns the request's bytes
 */
export function rawHttpRequest(request: RawHttpRequest): Buffer {
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(request.body);
  const headers = { ...request.headers, connection: 'close', 'content-length': String(body.length) };
  const head = [
    `${request.method} ${request.path} HTTP/1.1`,
    `host: ${request.host}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ].join('\r\n');
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`), body]);
}

/**
 * Sends `raw` on a new connection to `127.0.0.1:port` and resolves once the server has answered and closed it
 * (or the connection failed). The connection's sending side ends with the request, so Node's server aborts a
 * request still pending then: a route that never answers cannot hold the caller.
 * @param port - the server's port on the loopback interface
 * @param raw - the request's bytes ({@link rawHttpRequest})
 */
export function sendOnNewConnection(port: number, raw: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
    socket.resume();
    socket.end(raw);
  });
}

/**
 * Sends `count` requests to `127.0.0.1:port`, each on a new connection ({@link sendOnNewConnection}), taking
 * `raws` in turn, `concurrency` connections at a time: a small burst after another, as webhooks arrive.
 * @param port - the server's port on the loopback interface
 * @param raws - the requests' bytes ({@link rawHttpRequest}), sent round-robin
 * @param count - how many connections in all
 * @param concurrency - how many are open at once
 */
export async function sendEachOnNewConnection(
  port: number,
  raws: readonly Buffer[],
  count: number,
  concurrency: number,
): Promise<void> {
  for (let sent = 0; sent < count; sent += concurrency) {
    const batch = Math.min(concurrency, count - sent);
    await Promise.all(
      Array.from({ length: batch }, (_, index) =>
        sendOnNewConnection(port, raws[(sent + index) % raws.length]!),
      ),
    );
  }
}

/**
 * Opens a TCP connection to an HTTP server, for tests that need what a plain client cannot do: send a request
 * byte by byte, stall, or send malformed bytes.
 * @param url - the server's base URL (`http://127.0.0.1:3000`)
 * @returns the connected socket
 */
export function openRawConnection(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/**
 * Parses the first response of raw HTTP text (`Content-Length` bodies; the rest of the text otherwise).
 * @param text - the bytes received, as latin1 text
 */
export function parseRawResponse(text: string): RawHttpResponse | undefined {
  const headEnd = text.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const [statusLine = '', ...lines] = text.slice(0, headEnd).split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!status) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = Buffer.from(text.slice(headEnd + 4), 'latin1');
  const length = headers['content-length'] === undefined ? rest.length : Number(headers['content-length']);
  return { statusCode: Number(status[1]), headers, body: rest.subarray(0, length).toString('utf8') };
}

/**
 * Collects what the server sends until the connection closes.
 * @param socket - an open connection (see {@link openRawConnection})
 */
export function readUntilClosed(socket: Socket): Promise<RawConnectionOutcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let errorCode: string | undefined;
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      errorCode = error.code;
    });
    socket.once('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      resolve({ text, response: parseRawResponse(text), errorCode });
    });
  });
}
