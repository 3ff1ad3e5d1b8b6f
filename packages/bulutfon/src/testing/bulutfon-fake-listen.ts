import { type FakeServerListener, listenFakeServer } from '@x/provider-utils/testing';
import type { BulutfonFakeServer } from './bulutfon-fake-types';

/** A fake server listening on a real port: its `url` (`http://127.0.0.1:<port>`, the client's `baseUrl`) and `close()`. */
export type BulutfonFakeListener = FakeServerListener;

/**
 * Serves the fake over HTTP on `127.0.0.1` (a free port unless `port` is given), for tests that need a real
 * socket (another language, `curl`, a benchmark), with `@x/provider-utils`' `listenFakeServer`. Node only:
 * `node:http` is loaded by this call, not when `@x/bulutfon/testing` is imported. A fault that breaks the
 * connection (`reset`) closes the socket.
 * @param server - the fake server (its base URL's path prefix, if any, is honoured)
 * @param options - `port` to listen on
 */
export function listenBulutfonFakeServer(
  server: BulutfonFakeServer,
  options: { port?: number } = {},
): Promise<BulutfonFakeListener> {
  return listenFakeServer((request) => server.handle(request), options);
}
