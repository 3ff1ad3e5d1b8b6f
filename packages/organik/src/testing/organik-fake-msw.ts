import type { RequestHandler } from 'msw';
import type { OrganikFakeServer } from './organik-fake-server';

/**
 * msw request handlers that route every request under the server's base URL to the fake server. msw is loaded
 * only when this is called, so the rest of `@x/organik/testing` works without it installed.
 * @param server - the fake server
 * @example
 * const organik = createOrganikFakeServer();
 * const mswServer = setupServer(...(await organikMswHandlers(organik)));
 */
export async function organikMswHandlers(server: OrganikFakeServer): Promise<RequestHandler[]> {
  const { http, HttpResponse } = await import('msw');
  return [
    http.all(`${server.baseUrl}/*`, async ({ request }) => {
      const response = await server.handle(request);
      return response.type === 'error' ? HttpResponse.error() : response;
    }),
  ];
}
