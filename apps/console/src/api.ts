/** The console's one way to the admin API: same-origin fetch with the session cookie and the CSRF header. */

/** An error answer of the API: `{ error: { code, message } }` with its HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Query values; `undefined` and empty strings are left out. */
export type Query = Record<string, string | number | undefined>;

/** A client of the admin API bound to one session. */
export interface Api {
  get<T>(path: string, query?: Query): Promise<T>;
  send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, contentType?: string): Promise<T>;
}

/**
 * The URL of an API path relative to the console's own (`/admin/`), so that the console works under any prefix
 * a proxy puts in front of it.
 * @param path - an API path without a leading slash (`messages`, `shops/demo/templates`)
 * @param query - query values
 */
export function apiUrl(path: string, query: Query = {}): string {
  const url = new URL(path, document.baseURI);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
  }
  return url.pathname + url.search;
}

async function answer<T>(response: Response, onUnauthorized: () => void): Promise<T> {
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) return body as T;
  const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
  const retry = Number(response.headers.get('retry-after'));
  if (response.status === 401) onUnauthorized();
  throw new ApiError(
    response.status,
    error?.code ?? `http_${response.status}`,
    error?.message ?? response.statusText,
    body,
    Number.isFinite(retry) && retry > 0 ? retry : undefined,
  );
}

/**
 * Creates the API client.
 * @param csrfToken - the session's CSRF token, sent as `x-csrf-token` with every state change
 * @param onUnauthorized - called on a 401 (the session ended): the console shows the sign-in page
 */
export function createApi(csrfToken: () => string | undefined, onUnauthorized: () => void): Api {
  return {
    async get<T>(path: string, query?: Query): Promise<T> {
      const response = await fetch(apiUrl(path, query), {
        credentials: 'same-origin',
        headers: { accept: 'application/json' },
      });
      return answer<T>(response, onUnauthorized);
    },
    async send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, contentType?: string) {
      const headers: Record<string, string> = { accept: 'application/json' };
      const token = csrfToken();
      if (token) headers['x-csrf-token'] = token;
      let payload: string | Blob | undefined;
      if (typeof body === 'string' || body instanceof Blob) {
        // A file goes as its bytes: the server reads its encoding (a spreadsheet's UTF-16, say).
        headers['content-type'] = contentType ?? 'text/plain';
        payload = body;
      } else if (body !== undefined) {
        headers['content-type'] = 'application/json';
        payload = JSON.stringify(body);
      }
      const response = await fetch(apiUrl(path), {
        method,
        credentials: 'same-origin',
        headers,
        ...(payload === undefined ? {} : { body: payload }),
      });
      return answer<T>(response, onUnauthorized);
    },
  };
}
