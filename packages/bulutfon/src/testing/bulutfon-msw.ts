import type { RequestHandler } from 'msw';
import type { BulutfonFakeServer } from './bulutfon-fake-server';

/**
 * msw request handlers that answer every request to the fake server's base URL from its state. `msw` (an
 * optional peer dependency) is loaded by this call, never when `@x/bulutfon/testing` is imported: the fake
 * server, its `fetch` and its node:http wrapper work without it.
 * @param server - the fake server
 * @throws Error naming the missing package when `msw` is not installed
 * @example
 * const fake = createBulutfonFakeServer();
 * const mswServer = setupServer(...(await createBulutfonMswHandlers(fake)));
 */
export async function createBulutfonMswHandlers(server: BulutfonFakeServer): Promise<RequestHandler[]> {
  let msw: typeof import('msw');
  try {
    msw = await import('msw');
  } catch (error) {
    throw new Error('createBulutfonMswHandlers needs the optional peer dependency msw (npm i -D msw@^2)', {
      cause: error,
    });
  }
  return [msw.http.all(`${server.baseUrl}/*`, ({ request }) => server.handle(request))];
}
