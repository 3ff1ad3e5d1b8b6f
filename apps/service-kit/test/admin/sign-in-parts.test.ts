import { PassThrough } from 'node:stream';
import { createSandboxProvider } from '@x/messaging-core/sandbox';
import { createNotificationEngine, createSqliteStore, parseNotificationConfig } from '@x/order-notifications';
import { describe, expect, it } from 'vitest';
import { readCookie, SESSION_COOKIE, sessionCookie } from '../../src/admin/cookies';
import { hashPassword, parseAdminUsers, parsePasswordHash, verifyPassword } from '../../src/admin/passwords';
import { createSignInLimiter } from '../../src/admin/sign-in-limiter';
import { runHashPasswordCommand } from '../../src/hash-password-command';
import { captureLog } from '../../src/log-capture';

describe('password hashes', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = parsePasswordHash(await hashPassword('doğru bir parola 2026'));
    expect(stored).toBeDefined();
    expect(await verifyPassword('doğru bir parola 2026', stored!)).toBe(true);
    expect(await verifyPassword('doğru bir parola 2027', stored!)).toBe(false);
  });

  it('refuses a short password, and hashes with parameters out of bounds', async () => {
    await expect(hashPassword('short')).rejects.toThrow(/12 characters/);
    const salt = Buffer.alloc(16).toString('base64url');
    const hash = Buffer.alloc(32).toString('base64url');
    expect(parsePasswordHash(`scrypt$16384$8$1$${salt}$${hash}`)).toBeDefined();
    expect(parsePasswordHash(`scrypt$4194304$8$1$${salt}$${hash}`)).toBeUndefined();
    expect(parsePasswordHash(`scrypt$1000$8$1$${salt}$${hash}`)).toBeUndefined();
    expect(parsePasswordHash(`bcrypt$16384$8$1$${salt}$${hash}`)).toBeUndefined();
  });

  it('reads ADMIN_USERS, naming a bad entry without echoing its hash', async () => {
    const entry = `ayse:${await hashPassword('ayşe parolası uzun')}`;
    const users = parseAdminUsers(`${entry}, `);
    expect([...users.keys()]).toEqual(['ayse']);
    const broken = `${entry},mehmet:scrypt$16384$8$1$bad`;
    expect(() => parseAdminUsers(broken)).toThrow(/entry 2 \(mehmet\)/);
    try {
      parseAdminUsers(broken);
    } catch (error) {
      expect((error as Error).message).not.toContain('scrypt$');
    }
    expect(() => parseAdminUsers(`admin:${entry.slice(5)}`)).toThrow(/ADMIN_TOKEN/);
    expect(() => parseAdminUsers(`${entry},${entry}`)).toThrow(/twice/);
  });

  it('the hash-password command reads the password from standard input and prints an ADMIN_USERS entry', async () => {
    const stdin = new PassThrough();
    stdin.end('bir uzun parola 123\n');
    const stdout = captureLog();
    const stderr = captureLog();
    const code = await runHashPasswordCommand(['ayse'], {
      stdin,
      stdout: stdout.destination,
      stderr: stderr.destination,
    });
    expect(code).toBe(0);
    const line = stdout.text().trim();
    expect(line).toMatch(/^ayse:scrypt\$32768\$8\$1\$/);
    const user = parseAdminUsers(line).get('ayse');
    expect(await verifyPassword('bir uzun parola 123', user!.hash)).toBe(true);
    const usage = captureLog();
    expect(
      await runHashPasswordCommand([], { stdin, stdout: stdout.destination, stderr: usage.destination }),
    ).toBe(1);
    expect(usage.text()).toContain('usage');
  });
});

describe('session cookie', () => {
  it('writes the cookie HttpOnly, SameSite=Strict, Path=/admin, Secure only over HTTPS, and reads it back', () => {
    const cookie = sessionCookie('abc', { maxAgeSeconds: 3600, secure: false });
    expect(cookie).toBe(`${SESSION_COOKIE}=abc; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=3600`);
    expect(sessionCookie('abc', { maxAgeSeconds: 3600, secure: true })).toMatch(/; Secure$/);
    expect(readCookie(`a=1; ${SESSION_COOKIE}=xyz; b=2`, SESSION_COOKIE)).toBe('xyz');
    expect(readCookie('a=1', SESSION_COOKIE)).toBeUndefined();
  });
});

describe('sign-in limiter', () => {
  async function engineAt(clock: { now: number }) {
    const store = await createSqliteStore({ filename: ':memory:' });
    const config = parseNotificationConfig({ shops: { demo: { name: 'Demo', provider: 'sandbox' } } });
    return createNotificationEngine({
      store,
      config,
      providers: { sandbox: createSandboxProvider() },
      now: () => new Date(clock.now),
    });
  }

  it('refuses a sixth attempt within 15 minutes of the first, tells how long to wait, and allows again after', async () => {
    const clock = { now: 1_000_000 };
    const engine = await engineAt(clock);
    const limiter = createSignInLimiter({ store: engine.sessions, now: () => clock.now });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect(await limiter.attempt('10.0.0.1')).toBe(0);
      clock.now += 1000;
    }
    expect(await limiter.attempt('10.0.0.1')).toBe(15 * 60 - 5);
    expect(await limiter.attempt('10.0.0.2')).toBe(0);
    clock.now = 1_000_000 + 15 * 60_000;
    expect(await limiter.attempt('10.0.0.1')).toBe(0);
    await engine.close();
  });

  it('forgets a client after a successful sign-in, and deletes ended windows', async () => {
    const clock = { now: 1_000_000 };
    const engine = await engineAt(clock);
    const limiter = createSignInLimiter({ store: engine.sessions, maxAttempts: 1, now: () => clock.now });
    expect(await limiter.attempt('a')).toBe(0);
    expect(await limiter.attempt('a')).toBeGreaterThan(0);
    await limiter.succeed('a');
    expect(await limiter.attempt('a')).toBe(0);
    expect(await limiter.attempt('b')).toBe(0);
    expect(await limiter.deleteStale()).toBe(0);
    clock.now += 15 * 60_000;
    expect(await limiter.deleteStale()).toBe(2);
    await engine.close();
  });
});
