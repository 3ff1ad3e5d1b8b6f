import { AuthenticationError, NetworkError } from '@x/messaging-core';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBulutfonClient } from '../src/bulutfon-client';
import { createBulutfon } from '../src/bulutfon-provider';
import {
  createBulutfonFakeServer,
  createBulutfonMswHandlers,
  generateCdr,
  listenBulutfonFakeServer,
} from '../src/testing';

describe('through msw', () => {
  const fake = createBulutfonFakeServer({
    cdrCount: 20,
    oauth: { clientId: 'app', clientSecret: 'app-secret' },
  });
  const server = setupServer(...createBulutfonMswHandlers(fake, { http, HttpResponse }));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => fake.reset());
  afterAll(() => server.close());

  it("answers a client on default settings: the fake is on the client's default base URL", async () => {
    const client = createBulutfonClient({ token: fake.token });
    expect((await client.cdrs.list()).pagination.totalCount).toBe(20);
    expect(fake.requests.at(-1)?.path).toBe('/cdrs');
  });

  it('answers a provider on default settings', async () => {
    const provider = createBulutfon({ token: fake.token });
    const result = await provider.sendSms({ to: '0532 123 45 67', text: 'Kargo' });
    expect(result.messages[0]?.status).toBe('accepted');
    expect(fake.sentMessages).toEqual([
      { to: '+905321234567', text: 'Kargo', from: 'TEST', messageId: 1, at: expect.any(Number) },
    ]);
  });

  it('breaks the connection for a reset, as a network error', async () => {
    const client = createBulutfonClient({ token: fake.token });
    fake.failNext('reset');
    const error = await client.me().catch((caught) => caught);
    expect(NetworkError.isInstance(error)).toBe(true);
  });

  it('answers the OAuth token endpoint at its default URL too', async () => {
    const client = createBulutfonClient({
      oauth: { ...fake.issueOAuthTokens(), clientId: 'app', clientSecret: 'app-secret', redirectUri: 'x' },
    });
    fake.expireTokens();
    await client.me();
    expect(fake.requests.map((request) => request.path)).toEqual(['/me', '/oauth/token', '/me']);
  });
});

describe('over a real port', () => {
  it('serves JSON, files and uploads through node:http', async () => {
    const fake = createBulutfonFakeServer({ cdrCount: 5 });
    const listener = await listenBulutfonFakeServer(fake);
    try {
      expect(listener.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const client = createBulutfonClient({ token: fake.token, baseUrl: listener.url });
      expect((await client.cdrs.list()).cdrs).toHaveLength(5);
      expect(
        (await client.incomingFaxes.download('5f6c9a53-8c1e-4a8e-9c35-0f1b5e7e4b11')).bytes,
      ).toHaveLength(2048);
      await client.announcements.upload({
        name: 'n',
        file: { data: new Uint8Array([1, 2]), fileName: 'n.wav' },
      });
      expect(fake.state.announcements).toHaveLength(2);
      fake.failNext('reset');
      expect(NetworkError.isInstance(await client.me().catch((caught) => caught))).toBe(true);
    } finally {
      await listener.close();
    }
  });
});

describe('behaviour', () => {
  it('accepts the .json suffix on JSON paths and not on files', async () => {
    const fake = createBulutfonFakeServer();
    const withSuffix = await fake.fetch(`${fake.baseUrl}/dids.json?access_token=${fake.token}`);
    expect((await withSuffix.json()).dids).toHaveLength(2);
    const file = await fake.fetch(`${fake.baseUrl}/announcements/22.json?access_token=${fake.token}`);
    expect(file.status).toBe(404);
  });

  it('refuses requests without credentials and expired tokens with Bulutfon bodies', async () => {
    const fake = createBulutfonFakeServer();
    expect(await (await fake.fetch(`${fake.baseUrl}/me`)).json()).toEqual({ error: 'Unauthorized' });
    fake.expireTokens();
    const expired = await fake.fetch(`${fake.baseUrl}/me?access_token=${fake.token}`);
    expect([expired.status, await expired.json()]).toEqual([401, { error: 'Token expired' }]);
  });

  it('reads the token from a form body on POST', async () => {
    const fake = createBulutfonFakeServer();
    const response = await fake.fetch(`${fake.baseUrl}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        access_token: fake.token,
        title: 'TEST',
        receivers: '905321234567',
        content: 'form',
      }),
    });
    expect(response.status).toBe(201);
    expect(fake.sentMessages[0]?.text).toBe('form');
  });

  it('generates the same CDRs for the same seed, and reset restores the data', async () => {
    expect(generateCdr(3, 10, 0, '902122222222')).toEqual(generateCdr(3, 10, 0, '902122222222'));
    expect(generateCdr(3, 10, 0, '902122222222')).not.toEqual(generateCdr(4, 10, 0, '902122222222'));
    const fake = createBulutfonFakeServer();
    const client = createBulutfonClient({ token: fake.token, baseUrl: fake.baseUrl, fetch: fake.fetch });
    await client.extensions.delete(11);
    fake.failNext('auth', { times: 5 });
    fake.reset();
    expect((await client.extensions.list()).map((extension) => extension.id)).toEqual([11, 12]);
    expect(fake.requests).toHaveLength(1);
  });

  it('applies faults to matching requests only, as many times as asked', async () => {
    const fake = createBulutfonFakeServer();
    const client = createBulutfonClient({ token: fake.token, baseUrl: fake.baseUrl, fetch: fake.fetch });
    fake.failNext('auth', { times: 2, match: (request) => request.path.startsWith('/groups') });
    expect(await client.dids.list()).toHaveLength(2);
    await expect(client.groups.list()).rejects.toThrow(AuthenticationError);
    await expect(client.groups.get(1)).rejects.toThrow(AuthenticationError);
    expect(await client.groups.list()).toHaveLength(1);
  });

  it('records what it accepted in E.164, with the title and the scheduled time', async () => {
    const fake = createBulutfonFakeServer();
    const provider = createBulutfon({ token: fake.token, fetch: fake.fetch });
    await provider.sendSms({
      to: ['0532 123 45 67', '0533 765 43 21'],
      text: 'Yarın',
      sendAt: new Date('2099-01-02T07:05:00Z'),
    });
    expect(fake.sentMessages).toEqual(
      ['+905321234567', '+905337654321'].map((to) => ({
        to,
        text: 'Yarın',
        from: 'TEST',
        sendAt: new Date('2099-01-02T07:05:00Z'),
        messageId: 1,
        at: expect.any(Number),
      })),
    );
  });

  it('answers token-info for known tokens', async () => {
    const fake = createBulutfonFakeServer({ oauth: { clientId: 'c', clientSecret: 's' } });
    const { accessToken } = fake.issueOAuthTokens();
    const info = await (await fake.fetch(`${fake.baseUrl}/token-info/${accessToken}`)).json();
    expect(info).toMatchObject({ expired: false, expires_in: 7200 });
    expect((await fake.fetch(`${fake.baseUrl}/token-info/unknown`)).status).toBe(404);
  });
});
