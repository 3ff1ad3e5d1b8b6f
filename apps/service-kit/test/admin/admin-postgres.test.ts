import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  ConsoleClient,
  type ConsoleService,
  startConsoleService,
  temporaryFolder,
} from './console-fixture';

/** The test server: DATABASE_URL, or the machine's local trust-auth server (which CI starts). */
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `console_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
const running: ConsoleService[] = [];
const folders: (() => Promise<void>)[] = [];

afterAll(async () => {
  await Promise.all(running.map((started) => started.service.stop()));
  await Promise.all(folders.map((remove) => remove()));
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

async function instance() {
  const { folder, remove } = await temporaryFolder();
  folders.push(remove);
  const started = await startConsoleService({ folder, env: { DATABASE_URL }, postgresSchema: schema });
  running.push(started);
  return started;
}

describe('console sessions on one PostgreSQL, two instances', () => {
  it('a session signed in on one instance works on the other, and signing out on either revokes it on both', async () => {
    const first = await instance();
    const second = await instance();
    const onFirst = new ConsoleClient(first.url);
    expect((await onFirst.signIn({ token: ADMIN_TOKEN })).status).toBe(200);
    const onSecond = new ConsoleClient(second.url);
    onSecond.cookie = onFirst.cookie;
    onSecond.csrfToken = onFirst.csrfToken;
    const session = await onSecond.request('GET', '/admin/session');
    expect(session.status).toBe(200);
    expect(session.json()).toMatchObject({ user: 'admin', csrfToken: onFirst.csrfToken });
    expect((await onSecond.request('DELETE', '/admin/session')).status).toBe(204);
    expect((await onFirst.request('GET', '/admin/session')).status).toBe(401);
    expect((await onFirst.request('GET', '/admin/shops')).status).toBe(401);
  });
});
