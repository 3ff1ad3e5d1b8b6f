/**
 * What {@link createFakeServerMswHandlers} needs of msw: its `http` and `HttpResponse`, as
 * `import { http, HttpResponse } from 'msw'` gives them. Described here instead of imported, so that no package's
 * types need msw (an optional peer dependency) to compile; the handlers have msw's own type.
 */
export interface MswApi<Handler> {
  /** msw's `http` namespace. */
  http: {
    all(path: string, resolver: (info: { request: Request }) => Promise<Response>): Handler;
  };
  /** msw's `HttpResponse`. */
  HttpResponse: { error(): Response };
}

/**
 * msw request handlers that answer every request matching one of `paths` with a fake server's `handle`. A
 * broken connection (`Response.error()` from the fake) becomes msw's network error.
 * @param msw - `{ http, HttpResponse }` from `msw`
 * @param paths - msw path patterns, such as `https://api.example.com/*`
 * @param handle - the fake server's answer to one request
 */
export function createFakeServerMswHandlers<Handler>(
  msw: MswApi<Handler>,
  paths: readonly string[],
  handle: (request: Request) => Promise<Response>,
): Handler[] {
  const answer = async ({ request }: { request: Request }) => {
    const response = await handle(request);
    return response.type === 'error' ? msw.HttpResponse.error() : response;
  };
  return paths.map((path) => msw.http.all(path, answer));
}
