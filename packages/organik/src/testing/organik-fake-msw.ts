import { HttpResponse, http, type RequestHandler } from 'msw';
import type { OrganikFakeServer } from './organik-fake-server';

/**
 * msw request handlers that route every request under the server's base URL to the fake server.
 * @param server - the fake server
 * @example
 * const organik = createOrganikFakeServer();
 * const mswServer = setupServer(...organikMswHandlers(organik));
 */
export function organikMswHandlers(server: OrganikFakeServer): RequestHandler[] {
  return [
    http.all(`${server.baseUrl}/*`, async ({ request }) => {
      const response = await server.handle(request);
      return response.type === 'error' ? HttpResponse.error() : response;
    }),
  ];
}
