import { BULUTFON_AUTHORIZE_URL } from '../bulutfon-oauth';
import type { BulutfonFakeServer } from './bulutfon-fake-types';

/**
 * The part of msw's `http` namespace the handlers are built with. Pass msw's own (`import { http } from 'msw'`):
 * the handlers are then msw's, typed by your msw, and this package's types never refer to msw (an optional peer
 * dependency you may not have installed).
 */
export interface BulutfonMswHttp<Handler> {
  all(path: string, resolver: (info: { request: Request }) => Promise<Response>): Handler;
}

/**
 * msw request handlers that answer every request to the fake server's base URL (by default the client's own,
 * `https://api.bulutfon.com`) and to Bulutfon's OAuth endpoints (`https://app.bulutfon.com/oauth/...`) from the
 * fake's state.
 * @param server - the fake server
 * @param msw - msw's `http` namespace: `{ http }` from `msw`
 * @example
 * import { http } from 'msw';
 * import { setupServer } from 'msw/node';
 * const fake = createBulutfonFakeServer();
 * const mswServer = setupServer(...createBulutfonMswHandlers(fake, { http }));
 * // A client on default settings now talks to the fake.
 */
export function createBulutfonMswHandlers<Handler>(
  server: BulutfonFakeServer,
  msw: { http: BulutfonMswHttp<Handler> },
): Handler[] {
  const answer = ({ request }: { request: Request }) => server.handle(request);
  const oauthOrigin = new URL(BULUTFON_AUTHORIZE_URL).origin;
  return [msw.http.all(`${server.baseUrl}/*`, answer), msw.http.all(`${oauthOrigin}/oauth/*`, answer)];
}
