import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/admin/passwords';
import {
  ADMIN_TOKEN,
  ConsoleClient,
  type ConsoleService,
  startConsoleService,
  temporaryFolder,
  waitFor,
} from './console-fixture';

let remove: () => Promise<void>;
let folder: string;
const running: ConsoleService[] = [];

beforeEach(async () => {
  ({ folder, remove } = await temporaryFolder());
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((started) => started.service.stop()));
  await remove();
});

async function start(options: Omit<Parameters<typeof startConsoleService>[0], 'folder'> = {}) {
  const started = await startConsoleService({ folder, ...options });
  running.push(started);
  return started;
}

describe('console sign-in over HTTP', () => {
  it('refuses a wrong token, then signs in with the right one: the cookie is HttpOnly, SameSite=Strict, Path=/admin', async () => {
    const { url } = await start();
    const client = new ConsoleClient(url);
    const wrong = await client.signIn({ token: 'not-the-admin-token-at-all' });
    expect(wrong.status).toBe(401);
    expect(wrong.json()).toEqual({ error: { code: 'invalid_credentials', message: expect.any(String) } });
    expect(wrong.headers.get('set-cookie')).toBeNull();

    const right = await client.signIn({ token: ADMIN_TOKEN });
    expect(right.status).toBe(200);
    const body = right.json();
    expect(body).toEqual({ user: 'admin', csrfToken: expect.any(String), expiresAt: expect.any(String) });
    const lifetime = Date.parse(body.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(11.9 * 3_600_000);
    expect(lifetime).toBeLessThanOrEqual(12 * 3_600_000);
    const cookie = right.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^x_admin_session=[A-Za-z0-9_-]{43}; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/admin');
    expect(cookie).toContain('Max-Age=43200');
    expect(cookie).not.toContain('Secure');
    expect(right.text).not.toContain(client.cookie?.split('=')[1]);

    const session = await client.request('GET', '/admin/session');
    expect(session.status).toBe(200);
    expect(session.json()).toEqual(body);
    expect((await client.request('GET', '/admin/shops')).status).toBe(200);
    expect((await new ConsoleClient(url).request('GET', '/admin/session')).status).toBe(401);
  });

  it('sets Secure behind an HTTPS proxy only when the proxy is trusted, and honours the session lifetime', async () => {
    const untrusted = await start();
    const forwarded = { headers: { 'x-forwarded-proto': 'https' }, cookie: false, csrf: false };
    const plain = await new ConsoleClient(untrusted.url).request('POST', '/admin/session', {
      ...forwarded,
      body: { token: ADMIN_TOKEN },
    });
    expect(plain.headers.get('set-cookie')).not.toContain('Secure');

    const trusted = await start({ env: { TRUST_PROXY: 'true', ADMIN_SESSION_HOURS: '2' } });
    const secure = await new ConsoleClient(trusted.url).request('POST', '/admin/session', {
      ...forwarded,
      body: { token: ADMIN_TOKEN },
    });
    expect(secure.headers.get('set-cookie')).toMatch(/; Secure$/);
    expect(secure.headers.get('set-cookie')).toContain('Max-Age=7200');
  });

  it('signs a named user of ADMIN_USERS in with a password, and refuses a wrong password or an unknown user', async () => {
    const password = 'ayşenin uzun parolası';
    const hash = await hashPassword(password);
    const { url, logText } = await start({ env: { ADMIN_USERS: `ayse:${hash}` } });
    const client = new ConsoleClient(url);
    expect((await client.signIn({ user: 'ayse', password: 'yanlış parola 123' })).status).toBe(401);
    expect((await client.signIn({ user: 'mehmet', password })).status).toBe(401);
    const right = await client.signIn({ user: 'ayse', password });
    expect(right.status).toBe(200);
    expect(right.json().user).toBe('ayse');
    // Neither the password, nor the hash, nor the session's secrets reach a log line or an answer.
    const logs = logText();
    const answers = client.responses.map((response) => response.body).join('\n');
    for (const secret of [
      password,
      'yanlış parola 123',
      hash.split('$')[5] ?? hash,
      client.cookie?.split('=')[1] ?? '',
    ]) {
      expect(logs).not.toContain(secret);
      expect(answers).not.toContain(secret);
    }
    expect(logs).not.toContain(client.csrfToken);
    expect(logs).toContain('console sign-in refused');
  });

  it('protects cookie requests that change state: missing or wrong CSRF token, or a foreign Origin, get 403', async () => {
    const { url } = await start();
    const client = new ConsoleClient(url);
    await client.signIn({ token: ADMIN_TOKEN });
    const cancel = '/admin/messages/0000000000000000/cancel';
    const missing = await client.request('POST', cancel, { csrf: false });
    expect(missing.status).toBe(403);
    expect(missing.json().error.code).toBe('csrf');
    const wrong = await client.request('POST', cancel, {
      csrf: false,
      headers: { 'x-csrf-token': 'x'.repeat(43) },
    });
    expect(wrong.status).toBe(403);
    const foreign = await client.request('POST', cancel, { headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(foreign.json().error.code).toBe('csrf');
    const own = await client.request('POST', cancel, { headers: { origin: url } });
    expect(own.status).toBe(404);
    expect(own.json().error.code).toBe('unknown_message');
    const signOut = await client.request('DELETE', '/admin/session', { csrf: false });
    expect(signOut.status).toBe(403);
    // A script with the bearer token needs no CSRF token.
    const bearer = await client.request('POST', cancel, {
      cookie: false,
      csrf: false,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(bearer.status).toBe(404);
    // A sign-in posted from another site's page is refused too.
    const crossSite = await new ConsoleClient(url).request('POST', '/admin/session', {
      body: { token: ADMIN_TOKEN },
      headers: { origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
  });

  it('signs out: 204, the cookie cleared, and the old cookie gets 401', async () => {
    const { url } = await start();
    const client = new ConsoleClient(url);
    await client.signIn({ token: ADMIN_TOKEN });
    const oldCookie = client.cookie;
    const signOut = await client.request('DELETE', '/admin/session');
    expect(signOut.status).toBe(204);
    expect(signOut.headers.get('set-cookie')).toMatch(
      /^x_admin_session=; Path=\/admin; HttpOnly; SameSite=Strict; Max-Age=0/,
    );
    const again = await client.request('GET', '/admin/session', {
      headers: { cookie: oldCookie ?? '' },
      cookie: false,
    });
    expect(again.status).toBe(401);
    expect((await client.request('GET', '/admin/shops')).status).toBe(401);
  });

  it('answers 429 with Retry-After after 5 failures from one address, even to the right token', async () => {
    const { url } = await start();
    const client = new ConsoleClient(url);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await client.signIn({ token: `wrong-token-number-${attempt}` })).status).toBe(401);
    }
    const limited = await client.signIn({ token: ADMIN_TOKEN });
    expect(limited.status).toBe(429);
    expect(limited.json().error.code).toBe('too_many_attempts');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // The address is over its limit for the bearer token of scripts too, the right one included.
    const bearer = await client.request('GET', '/admin/shops', {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(bearer.status).toBe(429);
    expect(bearer.json().error.code).toBe('too_many_attempts');
  });

  it('counts each of many wrong passwords sent at once: only 5 are checked, the rest get 429', async () => {
    const hash = await hashPassword('doğru-parola-123');
    const { url } = await start({ env: { ADMIN_USERS: `ayse:${hash}` } });
    const client = new ConsoleClient(url);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, attempt) =>
        client.signIn({ user: 'ayse', password: `yanlış-${attempt}` }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([...Array(5).fill(401), ...Array(15).fill(429)]);
    expect((await client.signIn({ user: 'ayse', password: 'doğru-parola-123' })).status).toBe(429);
  });

  it('shares the limit between instances on one database: 3 failures on one and 2 on the other use it up', async () => {
    const first = await start();
    const second = await start();
    for (const [instance, tries] of [
      [first, 3],
      [second, 2],
    ] as const) {
      const client = new ConsoleClient(instance.url);
      for (let attempt = 0; attempt < tries; attempt += 1) {
        expect((await client.signIn({ token: `wrong-token-number-${attempt}` })).status).toBe(401);
      }
    }
    const limited = await new ConsoleClient(first.url).signIn({ token: ADMIN_TOKEN });
    expect(limited.status).toBe(429);
    expect((await new ConsoleClient(second.url).signIn({ token: ADMIN_TOKEN })).status).toBe(429);
  });

  it('deletes ended attempt windows at a refused sign-in too, so failing addresses leave one window of rows', async () => {
    const { url } = await start();
    const db = new Database(path.join(folder, 'notifications.db'));
    try {
      db.prepare(
        'INSERT INTO admin_sign_in_attempts (client_hash, started_at, attempts) VALUES (?, ?, ?)',
      ).run('an-address-seen-long-ago', Date.now() - 16 * 60_000, 3);
      expect((await new ConsoleClient(url).signIn({ token: 'wrong-token-number-0' })).status).toBe(401);
      const rows = await waitFor(async () => {
        const left = db.prepare('SELECT client_hash FROM admin_sign_in_attempts').all() as {
          client_hash: string;
        }[];
        return left.length === 1 ? left : undefined;
      });
      expect(rows[0]?.client_hash).not.toBe('an-address-seen-long-ago');
    } finally {
      db.close();
    }
  });

  it('a successful sign-in starts the count again', async () => {
    const { url } = await start();
    const client = new ConsoleClient(url);
    for (let attempt = 0; attempt < 4; attempt += 1) {
      expect((await client.signIn({ token: `wrong-token-number-${attempt}` })).status).toBe(401);
    }
    expect((await client.signIn({ token: ADMIN_TOKEN })).status).toBe(200);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await client.signIn({ token: `wrong-again-${attempt}` })).status).toBe(401);
    }
    expect((await client.signIn({ token: ADMIN_TOKEN })).status).toBe(429);
  });

  it('takes the bearer scheme in any case for scripts, and only the bearer scheme', async () => {
    const { url } = await start();
    const script = new ConsoleClient(url);
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      const response = await script.request('GET', '/admin/shops', {
        headers: { authorization: `${scheme} ${ADMIN_TOKEN}` },
      });
      expect(response.status).toBe(200);
    }
    for (const authorization of [
      `Basic ${ADMIN_TOKEN}`,
      `Bearer${ADMIN_TOKEN}`,
      `bearer ${ADMIN_TOKEN}x`,
      'bearer ',
    ]) {
      const response = await script.request('GET', '/admin/shops', { headers: { authorization } });
      expect(response.status).toBe(401);
    }
  });

  it('answers 503 when neither ADMIN_TOKEN nor ADMIN_USERS is set, and refuses malformed sign-ins', async () => {
    const { url } = await start({ env: { ADMIN_TOKEN: '' } });
    const client = new ConsoleClient(url);
    expect((await client.signIn({ token: ADMIN_TOKEN })).status).toBe(503);
    expect((await client.request('GET', '/admin/shops')).status).toBe(503);
    const other = await start();
    const malformed = new ConsoleClient(other.url);
    expect((await malformed.signIn({ token: '' })).status).toBe(400);
    expect((await malformed.signIn({ token: 'x'.repeat(600) })).status).toBe(400);
    expect(
      (
        await malformed.request('POST', '/admin/session', {
          body: 'token=x',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        })
      ).status,
    ).toBe(400);
  });
});
