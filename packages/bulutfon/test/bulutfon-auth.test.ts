import { AuthenticationError, ValidationError } from '@x/messaging-core';
import { describe, expect, it, vi } from 'vitest';
import { createBulutfonClient } from '../src/bulutfon-client';
import {
  BULUTFON_OOB_REDIRECT_URI,
  createBulutfonAuthorizationUrl,
  createBulutfonDesktopAuth,
  exchangeBulutfonAuthorizationCode,
  readBulutfonCallback,
  readBulutfonPastedCode,
} from '../src/bulutfon-oauth';
import type { BulutfonOAuthTokens } from '../src/bulutfon-schemas';
import { createBulutfonFakeServer } from '../src/testing';
import { oauthClientSetup, visible } from './helpers';

const app = {
  clientId: 'shop-app',
  clientSecret: 'client-secret-value-42',
  redirectUri: 'https://shop.test/bulutfon/callback',
};

function oauthSetup(options: { accessTokenTtlSeconds?: number; now?: () => number } = {}) {
  const fake = createBulutfonFakeServer({
    oauth: { ...app, accessTokenTtlSeconds: options.accessTokenTtlSeconds },
    now: options.now,
  });
  const tokenUrl = `${fake.baseUrl}/oauth/token`;
  const authorizeUrl = `${fake.baseUrl}/oauth/authorize`;
  const issued = fake.issueOAuthTokens();
  const saved: BulutfonOAuthTokens[] = [];
  const logs: unknown[] = [];
  const client = createBulutfonClient({
    baseUrl: fake.baseUrl,
    fetch: fake.fetch,
    hooks: {
      onRequest: (event) => logs.push(event),
      onError: (event) => logs.push({ ...event, message: event.error.message }),
    },
    oauth: {
      ...app,
      tokenUrl,
      accessToken: issued.accessToken,
      refreshToken: issued.refreshToken,
      onTokens: (tokens) => {
        saved.push(tokens);
      },
    },
  });
  return { fake, client, issued, saved, logs, tokenUrl, authorizeUrl };
}

describe('authorization code flow', () => {
  it('builds the consent URL with a random state', () => {
    const first = createBulutfonAuthorizationUrl({ clientId: 'c', redirectUri: 'https://s.test/cb' });
    const second = createBulutfonAuthorizationUrl({
      clientId: 'c',
      redirectUri: 'https://s.test/cb',
      scope: ['cdr', 'call_record'],
    });
    const url = new URL(first.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://app.bulutfon.com/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'c',
      redirect_uri: 'https://s.test/cb',
      scope: 'cdr',
      state: first.state,
    });
    expect(first.state).toMatch(/^[0-9a-f]{32}$/);
    expect(second.state).not.toBe(first.state);
    expect(new URL(second.url).searchParams.get('scope')).toBe('cdr call_record');
  });

  it('runs consent → callback → exchange, and the tokens work', async () => {
    const { fake, authorizeUrl, tokenUrl } = oauthSetup();
    const { url, state } = createBulutfonAuthorizationUrl({ ...app, authorizeUrl });
    const consent = await fake.fetch(url, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const code = readBulutfonCallback(consent.headers.get('location')!, state);
    const tokens = await exchangeBulutfonAuthorizationCode({ ...app, tokenUrl }, code, { fetch: fake.fetch });
    expect(tokens).toMatchObject({ tokenType: 'bearer', expiresIn: 7200, scope: ['cdr', 'call_record'] });
    expect(tokens.expiresAt!.getTime() - Date.now()).toBeGreaterThan(7100_000);
    const client = createBulutfonClient({
      baseUrl: fake.baseUrl,
      fetch: fake.fetch,
      oauth: { ...app, tokenUrl, ...tokens },
    });
    expect((await client.me()).pbx.name).toBe('santral');
    const grant = fake.requests.find((request) => request.path === '/oauth/token')!.body;
    expect(grant).toEqual({
      grant_type: 'authorization_code',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      code,
      redirect_uri: app.redirectUri,
    });
    const reused = await exchangeBulutfonAuthorizationCode({ ...app, tokenUrl }, code, {
      fetch: fake.fetch,
    }).catch((error) => error);
    expect(AuthenticationError.isInstance(reused)).toBe(true);
    expect(reused.providerCode).toBe('invalid_grant');
    expect(visible(reused)).not.toContain(app.clientSecret);
    expect(visible(reused)).not.toContain(code);
  });

  it('refuses a callback with a wrong state or a denial', () => {
    expect(() => readBulutfonCallback('https://shop.test/cb?code=abc&state=other', 'expected')).toThrow(
      /state/,
    );
    expect(() =>
      readBulutfonCallback('https://shop.test/cb?error=access_denied&state=expected', 'expected'),
    ).toThrow(AuthenticationError);
    expect(readBulutfonCallback('https://shop.test/cb?code=abc&state=expected', 'expected')).toBe('abc');
  });

  it('never shows a truncated token response', async () => {
    const { fake, tokenUrl } = oauthSetup();
    const code = fake.issueAuthorizationCode(app.redirectUri);
    fake.failNext(
      { status: 200, body: '{"access_token":"new-secret-access-token-123","refresh_tok' },
      { match: (request) => request.path === '/oauth/token' },
    );
    const error = await exchangeBulutfonAuthorizationCode({ ...app, tokenUrl }, code, {
      fetch: fake.fetch,
    }).catch((caught) => caught);
    expect(error.maybeDelivered).toBe(true);
    expect(visible(error)).not.toContain('new-secret-access-token-123');
    expect(error.responseBody).toBeUndefined();
  });
});

describe('desktop (out-of-band) flow', () => {
  it('reads the pasted code in every form', () => {
    expect(readBulutfonPastedCode('  a1B2c3 \n')).toBe('a1B2c3');
    expect(readBulutfonPastedCode('https://app.bulutfon.com/oauth/authorize/a1B2c3')).toBe('a1B2c3');
    expect(readBulutfonPastedCode('https://app.bulutfon.com/oauth/callback?code=zz9')).toBe('zz9');
    expect(() => readBulutfonPastedCode('not a code!')).toThrow(ValidationError);
  });

  it('opens the consent page with the oob redirect and exchanges the pasted code', async () => {
    const { fake, authorizeUrl, tokenUrl } = oauthSetup();
    const desktop = createBulutfonDesktopAuth({
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      authorizeUrl,
      tokenUrl,
      fetch: fake.fetch,
    });
    const { url } = desktop.authorizationUrl();
    expect(new URL(url).searchParams.get('redirect_uri')).toBe(BULUTFON_OOB_REDIRECT_URI);
    const page = await (await fake.fetch(url)).text();
    const code = /<code id="code">([^<]+)<\/code>/.exec(page)![1]!;
    const tokens = await desktop.exchangePastedCode(`https://app.bulutfon.com/oauth/authorize/${code}`);
    expect(tokens.accessToken).toMatch(/^oauth-access-/);
    expect(fake.requests.at(-1)?.body).toMatchObject({ redirect_uri: BULUTFON_OOB_REDIRECT_URI, code });
  });
});

describe('refresh', () => {
  it('refreshes once on an expired token, retries the call and hands both new tokens to onTokens', async () => {
    const { fake, client, issued, saved } = oauthSetup();
    fake.expireTokens();
    expect((await client.me()).pbx.name).toBe('santral');
    expect(saved).toHaveLength(1);
    expect(saved[0]!.accessToken).not.toBe(issued.accessToken);
    expect(saved[0]!.refreshToken).not.toBe(issued.refreshToken);
    expect(fake.state.refreshTokens.get(issued.refreshToken)?.revoked).toBe(true);
    expect(fake.requests.map((request) => request.path)).toEqual(['/me', '/oauth/token', '/me']);
    expect(fake.requests[1]?.body).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: issued.refreshToken,
    });
    expect(fake.requests[2]?.query.access_token).toBe(saved[0]!.accessToken);
  });

  it('shares one refresh between concurrent calls', async () => {
    const { fake, client, saved } = oauthSetup();
    fake.expireTokens();
    const results = await Promise.all([
      client.me(),
      client.dids.list(),
      client.groups.list(),
      client.extensions.list(),
      client.me(),
    ]);
    expect(results).toHaveLength(5);
    expect(fake.requests.filter((request) => request.path === '/oauth/token')).toHaveLength(1);
    expect(saved).toHaveLength(1);
  });

  it('refreshes ahead of time when expiresAt has passed', async () => {
    const { fake, client } = oauthClientSetup(app, { expiresAt: new Date(Date.now() - 1000) });
    await client.me();
    expect(fake.requests.map((request) => request.path)).toEqual(['/oauth/token', '/me']);
  });

  it('retries a write after refreshing, since the refused call did nothing', async () => {
    const { fake, client } = oauthSetup();
    fake.expireTokens();
    await client.callAndBridge({ caller: '902122222222', callee: '905321234567', destination: '1001' });
    expect(fake.state.bridgedCalls).toHaveLength(1);
  });

  it('fails with AuthenticationError when the refresh is refused, without leaking anything', async () => {
    const { fake, client, issued, saved, logs } = oauthSetup();
    fake.state.refreshTokens.get(issued.refreshToken)!.revoked = true;
    fake.expireTokens();
    const error = await client.me().catch((caught) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.providerCode).toBe('invalid_grant');
    expect(saved).toHaveLength(0);
    for (const secret of [issued.accessToken, issued.refreshToken, app.clientSecret]) {
      expect(visible(error)).not.toContain(secret);
      expect(JSON.stringify(logs)).not.toContain(secret);
    }
    expect(fake.requests.filter((request) => request.path === '/me')).toHaveLength(1);
  });

  it('gives up after one refresh when the new token is refused too', async () => {
    const { fake, client } = oauthSetup();
    fake.expireTokens();
    fake.failNext('expired-token', { times: 2, match: (request) => request.path === '/me' });
    const error = await client.me().catch((caught) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(fake.requests.map((request) => request.path)).toEqual(['/me', '/oauth/token', '/me']);
  });

  it('reports an expired token without a refresh token', async () => {
    const fake = createBulutfonFakeServer({ oauth: app });
    const issued = fake.issueOAuthTokens();
    fake.expireTokens();
    const client = createBulutfonClient({
      baseUrl: fake.baseUrl,
      fetch: fake.fetch,
      oauth: { ...app, accessToken: issued.accessToken },
    });
    const error = await client.me().catch((caught) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.providerCode).toBe('Token expired');
  });

  it('keeps going when onTokens throws, reporting the error to onTokensError', async () => {
    const fake = createBulutfonFakeServer({ oauth: app });
    const issued = fake.issueOAuthTokens();
    const onTokensError = vi.fn();
    const client = createBulutfonClient({
      baseUrl: fake.baseUrl,
      fetch: fake.fetch,
      oauth: {
        ...app,
        ...issued,
        tokenUrl: `${fake.baseUrl}/oauth/token`,
        onTokens: () => {
          throw new Error('disk full');
        },
        onTokensError,
      },
    });
    fake.expireTokens();
    expect((await client.me()).pbx.name).toBe('santral');
    expect(onTokensError).toHaveBeenCalledWith(expect.objectContaining({ message: 'disk full' }));
  });

  it('does not refresh a master token', async () => {
    const fake = createBulutfonFakeServer();
    const client = createBulutfonClient({ baseUrl: fake.baseUrl, fetch: fake.fetch, token: fake.token });
    fake.expireTokens();
    const error = await client.me().catch((caught) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/access token expired/);
    expect(fake.requests).toHaveLength(1);
  });
});
