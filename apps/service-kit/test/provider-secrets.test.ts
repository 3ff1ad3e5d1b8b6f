import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { provider as sandbox } from '@x/messaging-core/sandbox';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { captureLog } from '../src/log-capture';
import { createService } from '../src/service';
import { parseServiceConfig } from '../src/service-config';

const FIXTURE = fileURLToPath(new URL('./fixtures/acme-descriptor.mjs', import.meta.url));
let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'service-kit-secrets-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

it("hides a third-party provider's declared secret in every log line, raw, URL-encoded and base64", async () => {
  // A key that URL-encoding changes, so that each form is a different text.
  const key = 'ak_0123456789abcdef';
  const secretWithSymbols = 'p@ss/w0rd+&=key';
  await mkdir(path.join(folder, 'providers'));
  await writeFile(
    path.join(folder, 'providers', 'acme.mjs'),
    [
      `import { provider as base } from '${pathToFileURL(FIXTURE).href}';`,
      `export const provider = { ...base, env: [...base.env, { name: 'ACME_PASSWORD', description: 'password', secret: true }] };`,
    ].join('\n'),
  );
  const rawEnv = {
    WEBHOOK_SECRET_MAIN: 'webhook-secret-main',
    ACME_API_KEY: key,
    ACME_PASSWORD: secretWithSymbols,
  };
  const config = parseServiceConfig(
    {
      storage: { sqliteFile: path.join(folder, 'notifications.db') },
      shops: { main: { provider: { module: './providers/acme.mjs' } } },
    },
    {},
    rawEnv,
    { baseDir: folder },
  );
  const log = captureLog();
  const service = await createService({
    config,
    platform: { name: 'test', register: () => {} },
    builtInProviders: [sandbox],
    logDestination: log.destination,
  });
  try {
    expect(Object.keys(service.providers)).toEqual(['acme']);
    for (const secret of [key, secretWithSymbols]) {
      const forms = [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')];
      service.logger.error(
        { err: new Error(`refused ${forms.join(' ')}`), url: `https://acme.test/send?key=${forms[1]}` },
        `provider said ${forms.join(' | ')}`,
      );
    }
  } finally {
    await service.stop();
  }
  const text = log.text();
  expect(text).toContain('provider said');
  for (const secret of [key, secretWithSymbols]) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(encodeURIComponent(secret));
    expect(text).not.toContain(Buffer.from(secret).toString('base64').replace(/=+$/, ''));
  }
});
