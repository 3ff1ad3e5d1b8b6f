import { AuthenticationError, ValidationError } from '@x/messaging-core';
import {
  createApiCallError,
  createJsonErrorResponseHandler,
  type FetchFunction,
  type RequestHooks,
  type ResponseContext,
  request,
  withUserAgentSuffix,
} from '@x/provider-utils';
import * as z from 'zod/mini';
import { BULUTFON_PROVIDER_ID } from './bulutfon-error';
import { type BulutfonOAuthTokens, oauthTokenResponseSchema } from './bulutfon-schemas';
import { BULUTFON_USER_AGENT } from './bulutfon-version';
import { timingSafeEqualStrings } from './bulutfon-webhooks';

/** Bulutfon's OAuth 2 consent page. */
export const BULUTFON_AUTHORIZE_URL = 'https://app.bulutfon.com/oauth/authorize';
/** Bulutfon's OAuth 2 token endpoint. */
export const BULUTFON_TOKEN_URL = 'https://app.bulutfon.com/oauth/token';
/** The redirect URI of the desktop (out-of-band) flow: the code is shown to the user, who pastes it. */
export const BULUTFON_OOB_REDIRECT_URI = 'urn:ietf:wg:oauth:2.0:oob';

/** An OAuth 2 application registered in Bulutfon's panel. */
export interface BulutfonOAuthClient {
  clientId: string;
  clientSecret: string;
  /** The callback registered for the app (https), or {@link BULUTFON_OOB_REDIRECT_URI}. */
  redirectUri: string;
  /** Token endpoint. Default {@link BULUTFON_TOKEN_URL}. */
  tokenUrl?: string;
  /** Consent page. Default {@link BULUTFON_AUTHORIZE_URL}. */
  authorizeUrl?: string;
}

/** Transport options of the token calls. */
export interface BulutfonTokenRequestOptions {
  fetch?: FetchFunction;
  signal?: AbortSignal;
  timeoutMs?: number;
  hooks?: RequestHooks;
}

/** Options of {@link createBulutfonAuthorizationUrl}. */
export interface BulutfonAuthorizationUrlOptions {
  clientId: string;
  redirectUri: string;
  /** Scopes; default `['cdr']` (known scopes: `cdr`, `call_record`). */
  scope?: string[];
  /** Anti-CSRF value echoed back to the callback; a random one is made when omitted. */
  state?: string;
  /** Consent page. Default {@link BULUTFON_AUTHORIZE_URL}. */
  authorizeUrl?: string;
  /** Extra parameters (`{ approval_prompt: 'auto' }`, `{ display: 'popup' }`). */
  extraParams?: Record<string, string>;
}

function randomState(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Builds the URL to send the user to for consent (authorization code flow).
 * @param options - see {@link BulutfonAuthorizationUrlOptions}
 * @returns the URL and the `state` to keep (compare it with the one the callback receives)
 */
export function createBulutfonAuthorizationUrl(options: BulutfonAuthorizationUrlOptions): {
  url: string;
  state: string;
} {
  const state = options.state ?? randomState();
  const url = new URL(options.authorizeUrl ?? BULUTFON_AUTHORIZE_URL);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', options.clientId);
  url.searchParams.set('redirect_uri', options.redirectUri);
  url.searchParams.set('scope', (options.scope ?? ['cdr']).join(' '));
  url.searchParams.set('state', state);
  for (const [name, value] of Object.entries(options.extraParams ?? {})) url.searchParams.set(name, value);
  return { url: url.toString(), state };
}

/**
 * Reads the authorization code from what the OAuth callback received, checking `state`.
 * @param callbackUrl - the full callback URL (`https://shop/callback?code=...&state=...`)
 * @param expectedState - the state returned by {@link createBulutfonAuthorizationUrl}
 * @throws AuthenticationError when the user denied access or the state does not match
 */
export function readBulutfonCallback(callbackUrl: string | URL, expectedState: string): string {
  const url = new URL(callbackUrl);
  const safeUrl = `${url.origin}${url.pathname}`;
  const fail = (message: string) =>
    new AuthenticationError({ message, url: safeUrl, providerId: BULUTFON_PROVIDER_ID });
  const denied = url.searchParams.get('error');
  if (denied) throw fail(`Bulutfon: authorization was not granted (${denied.slice(0, 60)})`);
  if (!timingSafeEqualStrings(url.searchParams.get('state') ?? '', expectedState)) {
    throw fail('Bulutfon: the OAuth state does not match (possible CSRF); start the flow again');
  }
  const code = url.searchParams.get('code');
  if (!code) throw fail('Bulutfon: the callback carries no authorization code');
  return code;
}

/**
 * Reads the code the user pasted in the desktop flow: the bare code, a URL with `?code=`, or the final URL of
 * the consent window (its path ends in `/oauth/authorize/{code}`).
 * @param pasted - what the user pasted
 * @throws ValidationError when nothing that looks like a code is found
 */
export function readBulutfonPastedCode(pasted: string): string {
  const value = pasted.trim();
  let code: string | undefined;
  if (/^https?:\/\//i.test(value)) {
    const url = new URL(value);
    code = url.searchParams.get('code') ?? /\/oauth\/authorize\/([^/?#]+)\/?$/.exec(url.pathname)?.[1];
  } else if (/^[\w.~-]+$/.test(value)) code = value;
  if (!code) {
    throw new ValidationError({
      message: 'Bulutfon: the pasted text is not an authorization code',
      issues: [{ path: ['code'], message: 'Expected the code shown after consent', code: 'custom' }],
      target: 'request',
      providerId: BULUTFON_PROVIDER_ID,
    });
  }
  return code;
}

/** Reads a token response; an unreadable one becomes an error that carries no part of the body. */
async function readTokenResponse(context: ResponseContext): Promise<BulutfonOAuthTokens> {
  const text = await context.readText();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  const parsed = oauthTokenResponseSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  // No body in the error: an answer that is not the expected JSON may still hold the new tokens.
  throw createApiCallError(context, {
    reason: 'the token endpoint answered without usable tokens',
    isRetryable: false,
    maybeDelivered: true,
  });
}

const oauthErrorSchema = z.object({ error: z.string(), error_description: z.optional(z.string()) });

/**
 * Asks the token endpoint for tokens with one grant. The client's id, secret and redirect URI are added to the
 * grant's fields; the secret and the grant's own secret (a code, a refresh token) are hidden everywhere.
 */
async function tokenRequest(
  client: BulutfonOAuthClient,
  grant: { grant_type: string } & Record<string, string>,
  grantSecret: string,
  options: BulutfonTokenRequestOptions,
): Promise<BulutfonOAuthTokens> {
  const body = new URLSearchParams({
    ...grant,
    client_id: client.clientId,
    client_secret: client.clientSecret,
    redirect_uri: client.redirectUri,
  });
  const { value } = await request({
    providerId: BULUTFON_PROVIDER_ID,
    url: client.tokenUrl ?? BULUTFON_TOKEN_URL,
    method: 'POST',
    headers: withUserAgentSuffix(
      { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      BULUTFON_USER_AGENT,
    ),
    body: body.toString(),
    secrets: [client.clientSecret, grantSecret],
    fetch: options.fetch,
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    hooks: options.hooks,
    // A grant is single-use: an unknown outcome must not be replayed blindly.
    idempotent: false,
    // Not the generic JSON handler: its error excerpt of an unreadable body could hold the new tokens.
    successfulResponseHandler: readTokenResponse,
    failedResponseHandler: createJsonErrorResponseHandler({
      schema: oauthErrorSchema,
      toError: (data, context, text) =>
        createApiCallError(
          context,
          {
            reason: `the token endpoint refused the ${grant.grant_type} grant (${data.error})`,
            body: text,
            providerCode: data.error,
          },
          AuthenticationError,
        ),
    }),
  });
  return value;
}

/**
 * Exchanges an authorization code for tokens (`grant_type=authorization_code`).
 * @param client - the OAuth application (its `redirectUri` must be the one used for consent)
 * @param code - the code from the callback (or pasted, desktop flow)
 * @param options - transport options
 * @throws AuthenticationError when the code or the client is refused
 */
export function exchangeBulutfonAuthorizationCode(
  client: BulutfonOAuthClient,
  code: string,
  options: BulutfonTokenRequestOptions = {},
): Promise<BulutfonOAuthTokens> {
  return tokenRequest(client, { grant_type: 'authorization_code', code }, code, options);
}

/**
 * Gets a new access token with a refresh token (`grant_type=refresh_token`). Bulutfon answers with a new
 * refresh token too: store both.
 * @param client - the OAuth application
 * @param refreshToken - the current refresh token
 * @param options - transport options
 * @throws AuthenticationError when the refresh token is refused (the user must consent again)
 */
export function refreshBulutfonAccessToken(
  client: BulutfonOAuthClient,
  refreshToken: string,
  options: BulutfonTokenRequestOptions = {},
): Promise<BulutfonOAuthTokens> {
  return tokenRequest(
    client,
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    refreshToken,
    options,
  );
}

/** The desktop (out-of-band) flow: open the URL, let the user paste the code shown, exchange it. */
export interface BulutfonDesktopAuth {
  /** The consent URL to open in a browser, and its state. */
  authorizationUrl(options?: { scope?: string[]; state?: string }): { url: string; state: string };
  /** Exchanges what the user pasted (a code or the final URL of the consent window) for tokens. */
  exchangePastedCode(pasted: string, options?: BulutfonTokenRequestOptions): Promise<BulutfonOAuthTokens>;
}

/**
 * Helper for desktop and CLI apps: uses the out-of-band redirect URI (`urn:ietf:wg:oauth:2.0:oob`), which must
 * be the one registered for the app. Needed once; afterwards the client refreshes the tokens.
 * @param client - client id and secret (and optional endpoint URLs)
 */
export function createBulutfonDesktopAuth(
  client: Omit<BulutfonOAuthClient, 'redirectUri'> & BulutfonTokenRequestOptions,
): BulutfonDesktopAuth {
  const full: BulutfonOAuthClient = { ...client, redirectUri: BULUTFON_OOB_REDIRECT_URI };
  return {
    authorizationUrl: (options = {}) =>
      createBulutfonAuthorizationUrl({
        clientId: client.clientId,
        redirectUri: BULUTFON_OOB_REDIRECT_URI,
        authorizeUrl: client.authorizeUrl,
        scope: options.scope,
        state: options.state,
      }),
    exchangePastedCode: (pasted, options = {}) =>
      exchangeBulutfonAuthorizationCode(full, readBulutfonPastedCode(pasted), {
        fetch: client.fetch,
        timeoutMs: client.timeoutMs,
        hooks: client.hooks,
        ...options,
      }),
  };
}
