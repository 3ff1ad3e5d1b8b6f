import { readdirSync, readlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSandboxProvider } from '@x/messaging-core/sandbox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger';
import { createService, type PlatformModule } from '../src/service';
import { parseServiceConfig } from '../src/service-config';

/** Files under `folder` this process holds open (Linux: /proc/self/fd). */
function openFilesUnder(folder: string): string[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target.startsWith(folder) ? [target] : [];
    } catch {
      return [];
    }
  });
}

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'service-lifecycle-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

function config() {
  return parseServiceConfig(
    {
      storage: { sqliteFile: path.join(folder, 'notifications.db') },
      dispatcher: { enabled: false },
      shops: { demo: { name: 'Demo' } },
    },
    {},
    { WEBHOOK_SECRET_DEMO: 'lifecycle-secret' },
  );
}

describe.skipIf(process.platform !== 'linux')('service lifecycle', () => {
  it('closes the outbox it opened when the platform refuses to start', async () => {
    const refusing: PlatformModule = {
      name: 'refusing',
      register() {
        throw new Error('REDIS_TIMEOUT_MS must be a positive number');
      },
    };
    await expect(
      createService({
        config: config(),
        platform: refusing,
        providers: { sandbox: createSandboxProvider() },
        logger: createLogger({ level: 'silent' }),
      }),
    ).rejects.toThrow('REDIS_TIMEOUT_MS');
    expect(openFilesUnder(folder)).toEqual([]);
  });

  it('keeps the outbox open while the service runs, and closes it on stop', async () => {
    const service = await createService({
      config: config(),
      platform: { name: 'idle', register() {} },
      providers: { sandbox: createSandboxProvider() },
      logger: createLogger({ level: 'silent' }),
    });
    expect(openFilesUnder(folder).length).toBeGreaterThan(0);
    await service.stop();
    expect(openFilesUnder(folder)).toEqual([]);
  });
});
