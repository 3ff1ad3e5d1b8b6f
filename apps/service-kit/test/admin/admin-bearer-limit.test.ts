import { randomBytes } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  ConsoleClient,
  type ConsoleService,
  logRecords,
  startConsoleService,
  temporaryFolder,
} from './console-fixture';

let remove: () => Promise<void>;
let folder: string;
let started: ConsoleService;
let script: ConsoleClient;

beforeEach(async () => {
  ({ folder, remove } = await temporaryFolder());
  started = await startConsoleService({ folder });
  script = new ConsoleClient(started.url);
});
afterEach(async () => {
  await started.service.stop();
  await remove();
});

/** A request of a script with `Authorization: Bearer <token>`. */
function withToken(token: string, pathname = '/admin/shops') {
  return script.request('GET', pathname, { headers: { authorization: `Bearer ${token}` } });
}

/** A wrong token, different at each call, that no log line may hold. */
function wrongToken(): string {
  return `guess-${randomBytes(18).toString('base64url')}`;
}

/** Runs `change` on the service's SQLite database, beside it. */
function withDatabase<T>(change: (db: Database.Database) => T): T {
  const db = new Database(path.join(folder, 'notifications.db'));
  try {
    return change(db);
  } finally {
    db.close();
  }
}

/** Moves every attempt window back by 15 minutes: they end, as if that time had passed. */
function endWindows(): void {
  withDatabase((db) =>
    db.prepare('UPDATE admin_sign_in_attempts SET started_at = started_at - ?').run(15 * 60_000),
  );
}

function expectTooManyAttempts(answer: Awaited<ReturnType<typeof withToken>>) {
  expect(answer.status).toBe(429);
  expect(answer.json()).toEqual({ error: { code: 'too_many_attempts', message: expect.any(String) } });
  const retryAfter = Number(answer.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(800);
  expect(retryAfter).toBeLessThanOrEqual(900);
}

describe('wrong bearer tokens count against the sign-in limit of the client address', () => {
  it('answers the sixth wrong token from one address 429 too_many_attempts, and the sign-in too', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const answer = await withToken(wrongToken());
      expect(answer.status).toBe(401);
      expect(answer.json().error.code).toBe('unauthorized');
    }
    expectTooManyAttempts(await withToken(wrongToken()));
    const signIn = await new ConsoleClient(started.url).signIn({ token: ADMIN_TOKEN });
    expect(signIn.status).toBe(429);
    expect(signIn.json().error.code).toBe('too_many_attempts');
  });

  it('counts each of 20 wrong tokens sent at once: 5 are answered 401, the other 15 429', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => withToken(wrongToken())));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([...Array(5).fill(401), ...Array(15).fill(429)]);
  });

  it('refuses the right token from a locked address until the window ends, then takes it again', async () => {
    const console_ = new ConsoleClient(started.url);
    expect((await console_.signIn({ token: ADMIN_TOKEN })).status).toBe(200);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await new ConsoleClient(started.url).signIn({ token: wrongToken() })).status).toBe(401);
    }
    // Locked by the sign-in's failures: the right token is refused like a wrong one, so that an answer does not
    // tell them apart; wrong ones are refused as well.
    expectTooManyAttempts(await withToken(ADMIN_TOKEN));
    expectTooManyAttempts(await withToken(wrongToken()));
    // A console already signed in goes on: its cookie is not a guess of the token.
    expect((await console_.request('GET', '/admin/shops')).status).toBe(200);

    endWindows();
    expect((await withToken(ADMIN_TOKEN)).status).toBe(200);
    expect((await withToken(wrongToken())).status).toBe(401);
  });

  it('writes nothing for the right token, and a right token starts the count again after failures', async () => {
    for (let request = 0; request < 10; request += 1) {
      expect((await withToken(ADMIN_TOKEN)).status).toBe(200);
    }
    const rows = () =>
      withDatabase(
        (db) => db.prepare('SELECT COUNT(*) AS n FROM admin_sign_in_attempts').get() as { n: number },
      );
    expect(rows().n).toBe(0);

    for (let attempt = 0; attempt < 4; attempt += 1) expect((await withToken(wrongToken())).status).toBe(401);
    expect(rows().n).toBe(1);
    expect((await withToken(ADMIN_TOKEN)).status).toBe(200);
    expect(rows().n).toBe(0);
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await withToken(wrongToken())).status).toBe(401);
    expectTooManyAttempts(await withToken(wrongToken()));
  });

  it('logs each refused token at warn with the address, never the token nor a part or an encoding of it', async () => {
    const guesses = Array.from({ length: 6 }, () => wrongToken());
    for (const guess of guesses) await withToken(guess);
    expectTooManyAttempts(await withToken(ADMIN_TOKEN));

    const refused = logRecords(started.logText()).filter((line) => line.msg === 'admin API token refused');
    expect(refused).toHaveLength(7);
    for (const line of refused) {
      expect(line.level).toBe(40);
      expect(line.client).toBe('127.0.0.1');
      expect(line.via).toBe('bearer');
    }
    expect(refused.map((line) => line.reason)).toEqual([
      ...Array(5).fill('wrong_token'),
      'too_many_attempts',
      'too_many_attempts',
    ]);
    const text = started.logText();
    for (const token of [...guesses, ADMIN_TOKEN]) {
      const bytes = Buffer.from(token, 'utf8');
      for (const form of [
        token,
        token.slice(6, 24),
        bytes.toString('base64'),
        bytes.toString('base64url'),
        bytes.toString('hex'),
        encodeURIComponent(token),
      ]) {
        expect(text).not.toContain(form);
      }
    }
  });
});
