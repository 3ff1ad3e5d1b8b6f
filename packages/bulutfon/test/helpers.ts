import type { RequestHooks } from '@x/provider-utils';
import { createBulutfonClient } from '../src/bulutfon-client';
import type { BulutfonOAuthClient } from '../src/bulutfon-oauth';
import type { BulutfonSettings } from '../src/bulutfon-settings';
import type { BulutfonOAuthSettings } from '../src/bulutfon-token-session';
import {
  type BulutfonFakeRequest,
  type BulutfonFakeServerOptions,
  createBulutfonFakeServer,
} from '../src/testing';

/** Hooks that record every request, response and error (as its `toJSON()`) into `logs`, for the conformance kits. */
export function recordingHooks(logs: unknown[]): RequestHooks {
  return {
    onRequest: (event) => logs.push(event),
    onResponse: (event) => logs.push(event),
    onError: (event) => logs.push({ ...event, error: event.error.toJSON() }),
  };
}

/** A fake server and a client wired to it through the fake's fetch, with every hook event recorded. */
export function setup(options: BulutfonFakeServerOptions = {}, settings: BulutfonSettings = {}) {
  const fake = createBulutfonFakeServer(options);
  const logs: unknown[] = [];
  const client = createBulutfonClient({
    token: fake.token,
    baseUrl: fake.baseUrl,
    fetch: fake.fetch,
    hooks: {
      onRequest: (event) => logs.push(event),
      onResponse: (event) => logs.push(event),
      onError: (event) => logs.push({ ...event, error: { ...event.error, message: event.error.message } }),
    },
    ...settings,
  });
  return { fake, client, logs };
}

/**
 * A fake server that grants OAuth tokens to `app`, and a client on tokens it issued, its token endpoint the fake's.
 * @param app - the OAuth application
 * @param oauth - more OAuth settings of the client (`onTokens`, `expiresAt`...)
 */
export function oauthClientSetup(
  app: Omit<BulutfonOAuthClient, 'tokenUrl'>,
  oauth: Partial<BulutfonOAuthSettings> = {},
) {
  const fake = createBulutfonFakeServer({ oauth: app });
  const issued = fake.issueOAuthTokens();
  const client = createBulutfonClient({
    baseUrl: fake.baseUrl,
    fetch: fake.fetch,
    oauth: { ...app, tokenUrl: `${fake.baseUrl}/oauth/token`, ...issued, ...oauth },
  });
  return { fake, client, issued };
}

/** Everything a user could see of an error: message, enumerable fields, toJSON, cause messages. */
export function visible(error: unknown): string {
  if (!(error instanceof Error)) return JSON.stringify(error);
  const parts = [error.message, String(error), JSON.stringify(error), JSON.stringify({ ...error })];
  let cause: unknown = error.cause;
  while (cause instanceof Error) {
    parts.push(cause.message);
    cause = cause.cause;
  }
  return parts.join('\n');
}

/** Matches the request for page `number` of `GET /cdrs`. */
export function page(number: number): (request: BulutfonFakeRequest) => boolean {
  return (request) => request.path === '/cdrs' && request.query.page === String(number);
}
