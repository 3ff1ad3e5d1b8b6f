/**
 * End to end through the provider registry: the WooCommerce service, configured to use the example provider
 * package of the repository (examples/sms-provider-example), receives a signed webhook and sends exactly one SMS
 * to the example's fake server, over real HTTP. The service does not know the package: the configuration names
 * it (a) by a module path relative to the configuration file, (b) by its package name, installed outside the
 * workspace from the tarball `pnpm pack` makes.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createLogger, createService, loadServiceConfig, type Service } from '@x/app-service-kit';
import {
  type ExampleFakeServer,
  FAKE_EXAMPLE_API_KEY,
  startExampleFakeServer,
} from '@x/example-sms-provider/testing';
import { provider as sandbox } from '@x/messaging-core/sandbox';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { wooCommercePlatform } from '../src/woocommerce-platform';
import { sampleWooOrder, signWooDelivery } from '../src/woocommerce-samples';

const run = promisify(execFile);
const EXAMPLE_DIR = fileURLToPath(new URL('../../../examples/sms-provider-example/', import.meta.url));
const WORKSPACE = fileURLToPath(new URL('../../../', import.meta.url));
const SECRET = 'third-party-webhook-secret';
let folder: string;
let fake: ExampleFakeServer;
let service: Service | undefined;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'woocommerce-third-party-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});
beforeEach(async () => {
  fake = await startExampleFakeServer();
});
afterEach(async () => {
  await service?.stop();
  service = undefined;
  await fake.close();
});

/** pnpm from the PATH (CI installs it), else the version the root manifest pins, through npx. */
async function pnpm(args: string[], cwd: string): Promise<string> {
  const onPath = await run('pnpm', ['--version']).then(
    () => true,
    () => false,
  );
  const [command, prefix] = onPath ? ['pnpm', []] : ['npx', ['-y', 'pnpm@10.34.9']];
  return (await run(command, [...prefix, ...args], { cwd })).stdout;
}

/**
 * Installs the example package as a user of the tarball would get it, with no network: `pnpm pack` writes the
 * tarball (the same files npm would publish), which is unpacked into `node_modules/@x/example-sms-provider` of a
 * folder outside the workspace. Its dependencies (@x/messaging-core, @x/provider-utils, zod) come from the
 * workspace through symbolic links, as a registry install would provide them; Node follows the links, so their own
 * dependencies resolve where they live.
 */
async function installExampleOutsideWorkspace(target: string): Promise<void> {
  const tarballs = path.join(target, 'tarballs');
  await mkdir(tarballs, { recursive: true });
  await pnpm(['pack', '--pack-destination', tarballs], EXAMPLE_DIR);
  const [tarball] = await readdir(tarballs);
  const scope = path.join(target, 'node_modules', '@x');
  const installed = path.join(scope, 'example-sms-provider');
  await mkdir(installed, { recursive: true });
  await run('tar', ['-xzf', path.join(tarballs, tarball ?? ''), '-C', installed, '--strip-components=1']);
  await symlink(
    path.join(WORKSPACE, 'packages', 'messaging-core'),
    path.join(scope, 'messaging-core'),
    'dir',
  );
  await symlink(
    path.join(WORKSPACE, 'packages', 'provider-utils'),
    path.join(scope, 'provider-utils'),
    'dir',
  );
  const zod = await realpath(path.join(EXAMPLE_DIR, 'node_modules', 'zod'));
  await symlink(zod, path.join(target, 'node_modules', 'zod'), 'dir');
}

/** Writes the configuration in `dir` with this provider for the shop, loads it as the service would, starts. */
async function startWith(dir: string, provider: unknown): Promise<string> {
  const configFile = path.join(dir, 'notifications.config.json');
  await writeFile(
    configFile,
    JSON.stringify({
      server: { host: '127.0.0.1', port: 0 },
      storage: { sqliteFile: path.join(dir, 'notifications.db') },
      dispatcher: { pollIntervalMs: 20, deliveryReportIntervalMs: 0 },
      shops: { magaza: { name: 'Örnek Mağaza', provider } },
    }),
  );
  const config = await loadServiceConfig({
    path: configFile,
    env: { WEBHOOK_SECRET_MAGAZA: SECRET, EXAMPLE_SMS_API_KEY: FAKE_EXAMPLE_API_KEY },
  });
  service = await createService({
    config,
    platform: wooCommercePlatform(),
    builtInProviders: [sandbox],
    logger: createLogger({ level: 'silent' }),
  });
  return (await service.start()).url;
}

async function postOrder(url: string, deliveryId: string): Promise<unknown> {
  const delivery = signWooDelivery(
    'order.created',
    sampleWooOrder({ id: 7001, status: 'processing' }),
    SECRET,
    deliveryId,
  );
  const response = await fetch(`${url}/webhooks/woocommerce/magaza`, {
    method: 'POST',
    headers: delivery.headers,
    body: delivery.body,
  });
  expect(response.status).toBe(200);
  return response.json();
}

/** A signed webhook in, the SMS at the fake server, once, also after WooCommerce delivers the webhook again. */
async function expectExactlyOneSms(url: string): Promise<void> {
  expect(await postOrder(url, 'delivery-1')).toMatchObject({ accepted: true, queued: 1 });
  const engine = service?.engine;
  for (let attempt = 0; attempt < 1000; attempt += 1) {
    const counts = await engine?.messages.counts({ shopId: 'magaza' });
    if ((counts?.sent ?? 0) + (counts?.delivered ?? 0) === 1) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(await postOrder(url, 'delivery-1')).toMatchObject({ queued: 0 });
  await service?.stop();
  expect(fake.sent).toHaveLength(1);
  expect(fake.requestCount).toBe(1);
  expect(fake.sent[0]).toMatchObject({ to: '+905321234567' });
  expect(fake.sent[0]?.text).toContain('7001');
}

it('sends through a provider module named by a path relative to the configuration file', async () => {
  const dir = await mkdtemp(path.join(folder, 'module-'));
  const modulePath = path.relative(dir, path.join(EXAMPLE_DIR, 'dist', 'index.js'));
  const url = await startWith(dir, { module: modulePath, options: { baseUrl: fake.url } });
  expect(Object.keys(service?.providers ?? {})).toEqual(['example-sms']);
  await expectExactlyOneSms(url);
});

it('sends through a provider package installed outside the workspace, named by its package name', async () => {
  const dir = await mkdtemp(path.join(folder, 'package-'));
  await installExampleOutsideWorkspace(dir);
  // What was installed is the packed manifest: pnpm pack replaced the workspace ranges with versions.
  const manifest = await import(path.join(dir, 'node_modules/@x/example-sms-provider/package.json'), {
    with: { type: 'json' },
  });
  expect(JSON.stringify(manifest.default.dependencies)).not.toContain('workspace:');
  const url = await startWith(dir, { package: '@x/example-sms-provider', options: { baseUrl: fake.url } });
  await expectExactlyOneSms(url);
});
