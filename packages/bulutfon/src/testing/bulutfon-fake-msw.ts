import { createFakeServerMswHandlers, type MswApi } from '@x/provider-utils';
import { BULUTFON_AUTHORIZE_URL } from '../bulutfon-oauth';
import type { BulutfonFakeServer } from './bulutfon-fake-types';

/** What {@link createBulutfonMswHandlers} needs of msw: its `http` and `HttpResponse` (see {@link MswApi}). */
export type BulutfonMswApi<Handler> = MswApi<Handler>;

/**
 * msw request handlers that answer every request to the fake server's base URL (by default the client's own,
 * `https://api.bulutfon.com`) and to Bulutfon's OAuth endpoints (`https://app.bulutfon.com/oauth/...`) from the
 * fake server. A broken connection (`reset`) is msw's network error.
 * @param server - the fake server
 * @param msw - `{ http, HttpResponse }` from `msw`
 * @example
 * import { http, HttpResponse } from 'msw';
 * import { setupServer } from 'msw/node';
 *
 * const fake = createBulutfonFakeServer();
 * const mswServer = setupServer(...createBulutfonMswHandlers(fake, { http, HttpResponse }));
 * // A client on default settings now talks to the fake.
 */
export function createBulutfonMswHandlers<Handler>(
  server: BulutfonFakeServer,
  msw: BulutfonMswApi<Handler>,
): Handler[] {
  const oauthOrigin = new URL(BULUTFON_AUTHORIZE_URL).origin;
  return createFakeServerMswHandlers(msw, [`${server.baseUrl}/*`, `${oauthOrigin}/oauth/*`], (request) =>
    server.handle(request),
  );
}
