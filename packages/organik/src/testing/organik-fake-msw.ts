import { createFakeServerMswHandlers, type MswApi } from '@x/provider-utils';
import type { OrganikFakeServer } from './organik-fake-server';

/** What {@link createOrganikMswHandlers} needs of msw: its `http` and `HttpResponse` (see {@link MswApi}). */
export type OrganikMswApi<Handler> = MswApi<Handler>;

/**
 * msw request handlers that answer every request under the fake server's base URL (the client's default unless
 * told otherwise) from the fake server. Give them msw's `http` and `HttpResponse`; the handlers have msw's own
 * type.
 * @param server - the fake server
 * @param msw - `{ http, HttpResponse }` from `msw`
 * @example
 * import { http, HttpResponse } from 'msw';
 * import { setupServer } from 'msw/node';
 *
 * const fake = createOrganikFakeServer();
 * const mswServer = setupServer(...createOrganikMswHandlers(fake, { http, HttpResponse }));
 */
export function createOrganikMswHandlers<Handler>(
  server: OrganikFakeServer,
  msw: OrganikMswApi<Handler>,
): Handler[] {
  return createFakeServerMswHandlers(msw, [`${server.baseUrl}/*`], (request) => server.handle(request));
}
