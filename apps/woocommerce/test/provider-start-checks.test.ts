import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, expect, it } from 'vitest';

const run = promisify(execFile);
const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'woocommerce-start-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Runs the built service with this configuration and environment; it must exit at once with code 1. */
async function startFailure(shops: Record<string, unknown>, env: Record<string, string>): Promise<string> {
  const configFile = path.join(folder, 'notifications.config.json');
  await writeFile(
    configFile,
    JSON.stringify({
      server: { host: '127.0.0.1', port: 0 },
      storage: { sqliteFile: path.join(folder, 'n.db') },
      shops,
    }),
  );
  const outcome = await run(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      CONFIG_FILE: configFile,
      WEBHOOK_SECRET_MAGAZA: 'webhook-secret-1',
      ...env,
    },
    timeout: 15_000,
  }).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code?: number; stderr?: string }) => ({ code: error.code, stderr: error.stderr ?? '' }),
  );
  expect(outcome.code).toBe(1);
  return outcome.stderr;
}

it('stops the start on a malformed ORGANIK_API_KEY, naming it and never printing it', async () => {
  const badKey = 'this-is-not-an-organik-key-0123456789';
  const stderr = await startFailure({ magaza: { provider: 'organik' } }, { ORGANIK_API_KEY: badKey });
  expect(stderr).toContain('ORGANIK_API_KEY must be 32 hexadecimal characters');
  expect(stderr).toContain('shops.magaza.provider');
  expect(stderr).not.toContain(badKey);
  expect(stderr).not.toContain(encodeURIComponent(badKey));
});

it('names a bad option of a built-in provider by its key', async () => {
  const stderr = await startFailure(
    { magaza: { provider: { id: 'organik', options: { baseUrl: 'organik-staging' } } } },
    { ORGANIK_API_KEY: '0123456789abcdef0123456789abcdef' },
  );
  expect(stderr).toContain('shops.magaza.provider.options.baseUrl: expected an http:// or https:// URL');
});
