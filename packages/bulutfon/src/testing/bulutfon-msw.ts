import { http, type RequestHandler } from 'msw';
import type { BulutfonFakeServer } from './bulutfon-fake-server';

/**
 * msw request handlers that answer every request to the fake server's base URL from its state.
 * @param server - the fake server
 * @example
 * const fake = createBulutfonFakeServer();
 * const mswServer = setupServer(...createBulutfonMswHandlers(fake));
 */
export function createBulutfonMswHandlers(server: BulutfonFakeServer): RequestHandler[] {
  return [http.all(`${server.baseUrl}/*`, ({ request }) => server.handle(request))];
}
