import type { OrganikFakeServer } from './organik-fake-server';

/**
 * What {@link createOrganikMswHandlers} needs of msw: its `http` and `HttpResponse`, as `import { http, HttpResponse }
 * from 'msw'` gives them. Described here instead of imported, so that this package's types never need msw (an
 * optional peer dependency) to compile.
 */
export interface OrganikMswApi<Handler> {
  /** msw's `http` namespace. */
  http: {
    all(path: string, resolver: (info: { request: Request }) => Promise<Response>): Handler;
  };
  /** msw's `HttpResponse`. */
  HttpResponse: { error(): Response };
}

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
  return [
    msw.http.all(`${server.baseUrl}/*`, async ({ request }) => {
      const response = await server.handle(request);
      return response.type === 'error' ? msw.HttpResponse.error() : response;
    }),
  ];
}
