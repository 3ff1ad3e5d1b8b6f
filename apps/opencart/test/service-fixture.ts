import path from 'node:path';
import { createLogger, createService, parseServiceConfig, type Service } from '@x/app-service-kit';
import { createSandboxProvider, type SandboxProvider } from '@x/messaging-core/sandbox';
import { openCartPlatform } from '../src/opencart-platform';

/**
 * Starts the OpenCart service for one shop `kupa` on a free port, with a SQLite outbox in `folder`, the
 * dispatcher off (tests call `dispatchOnce`) and a sandbox provider.
 * @param options - the data folder, the shop's webhook secret and extra shop settings
 * @returns the service, its sandbox and the shop's webhook URL
 */
export async function startOpenCartService(options: {
  folder: string;
  secret: string;
  shop?: Record<string, unknown>;
}): Promise<{ service: Service; sandbox: SandboxProvider; webhookUrl: string }> {
  const config = parseServiceConfig(
    {
      server: { host: '127.0.0.1', port: 0 },
      storage: { sqliteFile: path.join(options.folder, 'notifications.db') },
      dispatcher: { enabled: false },
      shops: { kupa: { name: 'Kupa Dünyası', ...options.shop } },
    },
    {},
    { WEBHOOK_SECRET_KUPA: options.secret },
  );
  const sandbox = createSandboxProvider();
  const service = await createService({
    config,
    platform: openCartPlatform(),
    providers: { sandbox },
    logger: createLogger({ level: 'silent' }),
  });
  const { url } = await service.start();
  return { service, sandbox, webhookUrl: `${url}/webhooks/opencart/kupa` };
}
