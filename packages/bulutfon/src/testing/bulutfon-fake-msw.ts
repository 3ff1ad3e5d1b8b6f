import { BULUTFON_AUTHORIZE_URL } from '../bulutfon-oauth';
import type { BulutfonFakeServer } from './bulutfon-fake-types';

/**
 * What {@link createBulutfonMswHandlers} needs of msw: its `http` and `HttpResponse`, as
 * `import { http, HttpResponse } from 'msw'` gives them. Described here instead of imported, so that this
 * package's types never need msw (an optional peer dependency) to compile; the handlers have msw's own type.
 */
export interface BulutfonMswApi<Handler> {
  /** msw's `http` namespace. */
  http: {
    all(path: string, resolver: (info: { request: Request }) => Promise<Response>): Handler;
  };
  /** msw's `HttpResponse`. */
  HttpResponse: { error(): Response };
}

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
  const answer = async ({ request }: { request: Request }) => {
    const response = await server.handle(request);
    return response.type === 'error' ? msw.HttpResponse.error() : response;
  };
  const oauthOrigin = new URL(BULUTFON_AUTHORIZE_URL).origin;
  return [msw.http.all(`${server.baseUrl}/*`, answer), msw.http.all(`${oauthOrigin}/oauth/*`, answer)];
}
