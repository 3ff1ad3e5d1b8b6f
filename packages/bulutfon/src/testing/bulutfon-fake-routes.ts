import type { BulutfonFakeServerOptions, BulutfonFakeState } from './bulutfon-fake-types';

/**
 * How the fake's resources plug in: each resource module lists its routes (method, path with `:name`
 * parameters, and the function that answers), and the server finds the one a request is for.
 */

/** What stays the same for the life of a fake server (its options, resolved). */
export interface FakeEnvironment {
  readonly options: BulutfonFakeServerOptions;
  readonly baseUrl: string;
  readonly token: string;
  readonly seed: number;
  readonly cdrCount: number;
  readonly recordingSize: number;
  /** The PBX number of the fake account. */
  readonly pbxNumber: string;
  /** When the server was created (CDRs go back in time from here). */
  readonly epoch: number;
  readonly accessTokenTtlSeconds: number;
  now(): number;
  /** A new id, unique for the life of the server. */
  nextId(): number;
}

/** What a route's answer is computed from. */
export interface FakeContext {
  readonly env: FakeEnvironment;
  readonly state: BulutfonFakeState;
  /** The path's parameters by name (`:id` → `params.id`), decoded. */
  readonly params: Record<string, string>;
  readonly query: Record<string, string>;
  readonly body: Record<string, unknown> | undefined;
}

/** One endpoint of the fake. */
export interface FakeRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `/extensions/:id`; a JSON route also answers with `.json` appended, as Bulutfon does. */
  path: string;
  /** Answered without credentials (OAuth, token info). */
  public?: boolean;
  /** A file download: matched on the path as sent, without the `.json` form. */
  file?: boolean;
  /** One of the v1 SMS endpoints (closed with `smsDiscontinued`). */
  sms?: boolean;
  answer(context: FakeContext): Response | Promise<Response>;
}

function match(pattern: string, path: string): Record<string, string> | undefined {
  const expected = pattern.split('/');
  const actual = path.split('/');
  if (expected.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < expected.length; index++) {
    const part = expected[index]!;
    if (part.startsWith(':')) {
      if (!actual[index]) return undefined;
      params[part.slice(1)] = decodeURIComponent(actual[index]!);
    } else if (part !== actual[index]) return undefined;
  }
  return params;
}

/**
 * The route a request is for, and its path parameters.
 * @param routes - every route of the server
 * @param method - the request's method, upper case
 * @param path - the path below the base URL
 */
export function findRoute(
  routes: readonly FakeRoute[],
  method: string,
  path: string,
): { route: FakeRoute; params: Record<string, string> } | undefined {
  const jsonPath = path.replace(/\.json$/, '');
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = match(route.path, route.file ? path : jsonPath);
    if (params) return { route, params };
  }
  return undefined;
}
