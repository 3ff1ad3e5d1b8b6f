import { sha1Hex } from '../bulutfon-sha1';
import { asString, error, field, json } from './bulutfon-fake-responses';
import type { FakeContext, FakeEnvironment, FakeRoute } from './bulutfon-fake-routes';
import type { BulutfonFakeState } from './bulutfon-fake-types';

/** Credentials as the fake checks them: tokens and their expiry, panel users, and the OAuth 2 endpoints. */

function randomToken(prefix: string, counter: number): string {
  return `${prefix}-${counter.toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

function expired(env: FakeEnvironment, info: { expiresAt?: number }): boolean {
  return info.expiresAt !== undefined && info.expiresAt <= env.now();
}

/**
 * The refusal for a request without valid credentials, or `undefined` when they are valid: a known token (or the
 * recording safe token `sha1(token + uuid)` on a recording), or a panel user's email and password.
 */
export function refuseCredentials(
  env: FakeEnvironment,
  state: BulutfonFakeState,
  request: { path: string; query: Record<string, string>; body: Record<string, unknown> | undefined },
): Response | undefined {
  const accessToken = asString(field(request.query, request.body, 'access_token'));
  const email = asString(field(request.query, request.body, 'email'));
  const password = asString(field(request.query, request.body, 'password'));
  if (accessToken) {
    const known = state.tokens.get(accessToken);
    if (known) return expired(env, known) ? error(401, 'Token expired') : undefined;
    const recording = /^\/call-records\/([^/]+)(?:\/stream)?$/.exec(request.path);
    if (recording) {
      for (const [candidate, info] of state.tokens) {
        if (sha1Hex(candidate + decodeURIComponent(recording[1]!)) === accessToken) {
          return expired(env, info) ? error(401, 'Token expired') : undefined;
        }
      }
    }
    return error(401, 'Invalid access token');
  }
  if (email && password) {
    const users = env.options.users ?? [];
    const known = users.some((user) => user.email === email && user.password === password);
    return known ? undefined : error(401, 'Invalid email or password');
  }
  return error(401, 'Unauthorized');
}

/** Issues an OAuth access + refresh token pair, as the token endpoint does. */
export function issueOAuthTokens(
  env: FakeEnvironment,
  state: BulutfonFakeState,
): { accessToken: string; refreshToken: string } {
  const id = env.nextId();
  const accessToken = randomToken('oauth-access', id);
  const refreshToken = randomToken('oauth-refresh', id);
  state.tokens.set(accessToken, { expiresAt: env.now() + env.accessTokenTtlSeconds * 1000, refreshToken });
  state.refreshTokens.set(refreshToken, { revoked: false });
  return { accessToken, refreshToken };
}

/** Issues an authorization code for `redirectUri`, as the consent screen does. */
export function issueAuthorizationCode(
  env: FakeEnvironment,
  state: BulutfonFakeState,
  redirectUri: string,
): string {
  const code = randomToken('code', env.nextId());
  state.authorizationCodes.set(code, { redirectUri, used: false });
  return code;
}

function tokenAnswer({ env, state }: FakeContext): Response {
  const issued = issueOAuthTokens(env, state);
  return json({
    access_token: issued.accessToken,
    token_type: 'bearer',
    expires_in: env.accessTokenTtlSeconds,
    refresh_token: issued.refreshToken,
    scope: 'cdr call_record',
    created_at: Math.floor(env.now() / 1000),
  });
}

function tokenGrant(context: FakeContext): Response {
  const { env, state, body } = context;
  const oauth = env.options.oauth;
  if (!oauth) return error(404, 'Not found');
  if (body?.client_id !== oauth.clientId || body?.client_secret !== oauth.clientSecret) {
    return json({ error: 'invalid_client', error_description: 'Client authentication failed' }, 401);
  }
  if (body.grant_type === 'authorization_code') {
    const code = state.authorizationCodes.get(String(body.code ?? ''));
    if (!code || code.used || code.redirectUri !== body.redirect_uri) {
      return json({ error: 'invalid_grant', error_description: 'The authorization code is invalid' }, 400);
    }
    code.used = true;
    return tokenAnswer(context);
  }
  if (body.grant_type === 'refresh_token') {
    const refresh = state.refreshTokens.get(String(body.refresh_token ?? ''));
    if (!refresh || refresh.revoked) {
      return json({ error: 'invalid_grant', error_description: 'The refresh token is invalid' }, 400);
    }
    refresh.revoked = true;
    return tokenAnswer(context);
  }
  return json({ error: 'unsupported_grant_type' }, 400);
}

/** The consent page: the code goes to the redirect URI, or is shown for the out-of-band flow. */
function consent({ env, state, query }: FakeContext): Response {
  const redirectUri = query.redirect_uri ?? '';
  if (query.client_id !== env.options.oauth?.clientId) return new Response('Unknown client', { status: 400 });
  const code = issueAuthorizationCode(env, state, redirectUri);
  if (redirectUri === 'urn:ietf:wg:oauth:2.0:oob') {
    return new Response(
      `<html><body><h1>Yetkilendirme kodu</h1><code id="code">${code}</code></body></html>`,
      {
        headers: { 'content-type': 'text/html; charset=utf-8' },
      },
    );
  }
  const target = new URL(redirectUri);
  target.searchParams.set('code', code);
  if (query.state) target.searchParams.set('state', query.state);
  return new Response(null, { status: 302, headers: { location: target.toString() } });
}

function tokenInfo({ env, state, params }: FakeContext): Response {
  const info = state.tokens.get(params.token!);
  if (!info) return error(404, 'Token not found');
  const expiresIn =
    info.expiresAt === undefined ? 0 : Math.max(0, Math.round((info.expiresAt - env.now()) / 1000));
  return json({
    token: params.token,
    expired: info.expiresAt !== undefined && expiresIn === 0,
    expires_in: expiresIn,
  });
}

/** The endpoints answered without credentials. */
export const authRoutes: FakeRoute[] = [
  { method: 'POST', path: '/oauth/token', public: true, answer: tokenGrant },
  { method: 'GET', path: '/oauth/authorize', public: true, answer: consent },
  { method: 'GET', path: '/token-info/:token', public: true, answer: tokenInfo },
];
