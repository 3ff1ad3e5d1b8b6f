import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ValidationError } from '@x/messaging-core';
import { provider as sandbox } from '@x/messaging-core/sandbox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildProviders } from '../src/providers';
import { parseServiceConfig } from '../src/service-config';

const FIXTURE = fileURLToPath(new URL('./fixtures/acme-descriptor.mjs', import.meta.url));
const KEY = 'ak_0123456789abcdef';
const webhookSecrets = { WEBHOOK_SECRET_MAIN: 'secret-for-main', WEBHOOK_SECRET_SECOND: 'secret-for-second' };
let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'service-kit-providers-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

function configOf(shops: Record<string, unknown>, env: Record<string, string> = {}) {
  const rawEnv = { ...webhookSecrets, ...env };
  return parseServiceConfig({ shops }, {}, rawEnv, { baseDir: folder });
}

async function failure(
  shops: Record<string, unknown>,
  env: Record<string, string> = {},
): Promise<ValidationError> {
  const error = await buildProviders(configOf(shops, env), { builtIns: [sandbox] }).catch((caught) => caught);
  expect(ValidationError.isInstance(error)).toBe(true);
  return error as ValidationError;
}

/** Installs the fixture as the package `@acme/x-sms` in `node_modules` of the temporary folder (ESM only). */
async function installAcmePackage(): Promise<void> {
  const dir = path.join(folder, 'node_modules', '@acme', 'x-sms');
  await mkdir(dir, { recursive: true });
  await writeFile(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: '@acme/x-sms', type: 'module', exports: { '.': { import: './index.js' } } }),
  );
  await writeFile(path.join(dir, 'index.js'), `export { provider } from '${pathToFileURL(FIXTURE).href}';\n`);
}

describe('buildProviders (the registry)', () => {
  it('creates a built-in provider by id, in the old and the object form, the sandbox by default', async () => {
    const built = await buildProviders(
      configOf({ main: {}, second: { provider: { id: 'sandbox', options: { senders: ['MAGAZA'] } } } }),
      { builtIns: [sandbox] },
    );
    expect(built.shopProviders).toEqual({ main: 'sandbox:main', second: 'sandbox:second' });
    expect(Object.keys(built.providers).sort()).toEqual(['sandbox:main', 'sandbox:second']);
    const same = await buildProviders(configOf({ main: { provider: 'sandbox' }, second: {} }), {
      builtIns: [sandbox],
    });
    expect(same.shopProviders).toEqual({ main: 'sandbox', second: 'sandbox' });
    expect(Object.keys(same.providers)).toEqual(['sandbox']);
  });

  it('loads a module named by a path relative to the configuration file, with its options', async () => {
    await mkdir(path.join(folder, 'providers'));
    await writeFile(
      path.join(folder, 'providers', 'acme.mjs'),
      `export { provider } from '${pathToFileURL(FIXTURE).href}';\n`,
    );
    const built = await buildProviders(
      configOf(
        { main: { provider: { module: './providers/acme.mjs', options: { baseUrl: 'https://acme.test' } } } },
        { ACME_API_KEY: KEY },
      ),
      { builtIns: [sandbox] },
    );
    expect(built.shopProviders).toEqual({ main: 'acme' });
    expect(built.providers.acme?.providerId).toBe('acme');
    expect(built.secrets).toEqual([KEY]);
  });

  it('loads a package by name from the configuration folder, like a built-in', async () => {
    await installAcmePackage();
    const built = await buildProviders(
      configOf(
        { main: { provider: '@acme/x-sms' }, second: { provider: { package: '@acme/x-sms' } } },
        {
          ACME_API_KEY: KEY,
        },
      ),
      { builtIns: [sandbox] },
    );
    expect(built.shopProviders).toEqual({ main: 'acme', second: 'acme' });
  });

  it('names the bad option and the malformed variable by key, never printing the value', async () => {
    await installAcmePackage();
    const badKey = 'ak_NOT-A-VALID-KEY-but-secret';
    const error = await failure(
      {
        main: { provider: { package: '@acme/x-sms', options: { baseUrl: 'ftp://secret-host' } } },
        second: { provider: '@acme/x-sms' },
      },
      { ACME_API_KEY: badKey },
    );
    expect(error.message).toContain('shops.main.provider.options.baseUrl: expected an http(s) URL');
    expect(error.message).toContain(
      'shops.second.provider: ACME_API_KEY must be "ak_" and 16 letters or digits',
    );
    expect(`${error.message}${JSON.stringify(error.toJSON())}`).not.toContain(badKey);
    expect(error.message).not.toContain('secret-host');
  });

  it('says what is wrong with an unknown id, a missing package or a module without a descriptor', async () => {
    await writeFile(path.join(folder, 'empty.mjs'), 'export const nothing = 1;\n');
    const error = await failure({
      main: { provider: { id: 'netgsm' } },
      second: { provider: { module: './empty.mjs' } },
    });
    expect(error.message).toContain('shops.main.provider: unknown provider id "netgsm"; built in: sandbox');
    expect(error.message).toMatch(
      /shops\.second\.provider: the module .*empty\.mjs exports no provider descriptor/,
    );
    const missing = await failure({ main: { provider: '@acme/not-installed' } });
    expect(missing.message).toContain(
      'shops.main.provider: the package @acme/not-installed is not installed',
    );
    const hostile = await failure({ main: { provider: '@acme/../../etc' } });
    expect(hostile.message).toContain('is neither a built-in provider id');
  });
});
