import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ValidationError } from '@x/messaging-core';
import { describe, expect, it } from 'vitest';
import { configSecrets } from '../src/service';
import {
  loadServiceConfig,
  notificationShops,
  parseServiceConfig,
  parseServiceEnv,
  shopEnvName,
} from '../src/service-config';

const env = { WEBHOOK_SECRET_DEMO: 'demo-secret-123', WEBHOOK_SECRET_MAGAZA_2: 'another-secret' };

function errorOf(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (ValidationError.isInstance(error)) return error as ValidationError;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('service configuration', () => {
  it('fills defaults and resolves each shop secret from the environment', () => {
    const config = parseServiceConfig(
      { shops: { demo: {}, 'magaza-2': { provider: 'sandbox' } } },
      parseServiceEnv(env),
      env,
    );
    expect(config.file.server).toEqual({
      host: '0.0.0.0',
      port: 3000,
      bodyLimitBytes: 1_048_576,
      bodyDrainLimitBytes: 4_194_304,
      trustProxy: false,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 65_000,
      maxConnections: 1024,
      shutdownTimeoutMs: 8_000,
    });
    expect(config.file.storage).toEqual({
      sqliteFile: './data/notifications.db',
      sqliteSynchronous: 'full',
      groupCommitWindowMs: 20,
    });
    expect(config.file.dispatcher).toMatchObject({
      enabled: true,
      concurrency: 8,
      sendTimeoutMs: 10_000,
      leaseMs: 30_000,
      reconcileAfterMs: 60_000,
    });
    expect(config.webhookSecrets).toEqual({ demo: 'demo-secret-123', 'magaza-2': 'another-secret' });
  });

  it('names the bad key in the message', () => {
    const error = errorOf(() =>
      parseServiceConfig({ server: { port: 70000 }, shops: { demo: { provider: 42 } } }, {}, env),
    );
    expect(error.target).toBe('config');
    expect(error.message).toContain('server.port');
    expect(error.message).toContain('shops.demo.provider');
    expect(errorOf(() => parseServiceConfig({ shops: { demo: {} }, extra: 1 }, {}, env)).message).toContain(
      'extra',
    );
  });

  it('checks the time limits of the server section against each other', () => {
    const error = errorOf(() =>
      parseServiceConfig(
        { server: { headersTimeoutMs: 20_000, requestTimeoutMs: 5_000 }, shops: { demo: {} } },
        {},
        env,
      ),
    );
    expect(error.message).toContain('server.headersTimeoutMs: must not exceed requestTimeoutMs');
    expect(
      errorOf(() => parseServiceConfig({ server: { maxConnections: 0 }, shops: { demo: {} } }, {}, env))
        .message,
    ).toContain('server.maxConnections');
  });

  it('requires the dispatcher lease to outlast two send time limits', () => {
    const error = errorOf(() =>
      parseServiceConfig(
        { dispatcher: { sendTimeoutMs: 60_000, leaseMs: 90_000 }, shops: { demo: {} } },
        {},
        env,
      ),
    );
    expect(error.message).toContain('dispatcher.leaseMs: must be at least twice sendTimeoutMs');
    const short = parseServiceConfig(
      {
        dispatcher: { sendTimeoutMs: 10_000, leaseMs: 20_000, reconcileAfterMs: 60_000 },
        shops: { demo: {} },
      },
      {},
      env,
    );
    expect(short.file.dispatcher).toMatchObject({
      sendTimeoutMs: 10_000,
      leaseMs: 20_000,
      reconcileAfterMs: 60_000,
    });
  });

  it('requires a webhook secret per shop, naming the variable, never the value', () => {
    const missing = errorOf(() => parseServiceConfig({ shops: { other: {} } }, {}, env));
    expect(missing.message).toContain('WEBHOOK_SECRET_OTHER');
    const custom = errorOf(() =>
      parseServiceConfig({ shops: { demo: { webhookSecretEnv: 'MY_SECRET' } } }, {}, { MY_SECRET: 'short' }),
    );
    expect(custom.message).toContain('MY_SECRET is too short');
    expect(custom.message).not.toContain('short"');
  });

  it('names every per-shop variable by the shop id upper-cased, each "-" turned into "_"', () => {
    expect(shopEnvName('WEBHOOK_SECRET', 'demo')).toBe('WEBHOOK_SECRET_DEMO');
    expect(shopEnvName('WEBHOOK_SECRET', 'magaza-2')).toBe('WEBHOOK_SECRET_MAGAZA_2');
    expect(shopEnvName('REPORT_TOKEN', 'tr-ist--kadikoy-3')).toBe('REPORT_TOKEN_TR_IST__KADIKOY_3');
    expect(shopEnvName('REPORT_TOKEN', 'shop_a-b')).toBe('REPORT_TOKEN_SHOP_A_B');
    const shopEnv = {
      WEBHOOK_SECRET_TR_IST_KADIKOY: 'kadikoy-secret',
      REPORT_TOKEN_TR_IST_KADIKOY: 'k'.repeat(32),
      VOICE_WEBHOOK_USER_TR_IST_KADIKOY: 'pbx',
      VOICE_WEBHOOK_PASSWORD_TR_IST_KADIKOY: 'voice-password-123',
    };
    const config = parseServiceConfig(
      { shops: { 'tr-ist-kadikoy': { voice: { provider: 'bulutfon' } } } },
      {},
      shopEnv,
    );
    expect(config.webhookSecrets).toEqual({ 'tr-ist-kadikoy': 'kadikoy-secret' });
    expect(config.reportTokens).toEqual({ 'tr-ist-kadikoy': 'k'.repeat(32) });
    expect(config.voiceWebhookCredentials).toEqual({
      'tr-ist-kadikoy': { username: 'pbx', password: 'voice-password-123' },
    });
  });

  it('reads a provider reference in each form and refuses an ambiguous one', () => {
    const config = parseServiceConfig(
      {
        shops: {
          demo: { provider: { module: './providers/acme.js', options: { baseUrl: 'https://a.test' } } },
        },
      },
      {},
      env,
    );
    expect(config.file.shops.demo?.provider).toEqual({
      module: './providers/acme.js',
      options: { baseUrl: 'https://a.test' },
    });
    const ambiguous = errorOf(() =>
      parseServiceConfig({ shops: { demo: { provider: { id: 'sandbox', package: '@acme/x' } } } }, {}, env),
    );
    expect(ambiguous.message).toContain('shops.demo.provider');
  });

  it('validates the environment without echoing values', () => {
    const error = errorOf(() => parseServiceEnv({ PORT: 'eighty', ADMIN_TOKEN: 'tiny-secret' }));
    expect(error.message).toContain('PORT');
    expect(error.message).toContain('ADMIN_TOKEN');
    expect(error.message).not.toContain('tiny-secret');
    expect(parseServiceEnv({ PORT: '8080', DATABASE_URL: '' })).toEqual({ PORT: 8080 });
    const redis = errorOf(() => parseServiceEnv({ REDIS_URL: 'http://user:hunter22@cache:6379' }));
    expect(redis.message).toContain('REDIS_URL');
    expect(redis.message).not.toContain('hunter22');
  });

  it('lists every credential the logger must hide, connection passwords included', () => {
    const rawEnv = {
      ...env,
      ADMIN_TOKEN: 'admin-token-0123456789',
      DATABASE_URL: 'postgres://app:pg%40pass@db:5432/shop',
      REDIS_URL: 'redis://:cache-pass@cache:6379/0',
    };
    const secrets = configSecrets(
      parseServiceConfig({ shops: { demo: {} } }, parseServiceEnv(rawEnv), rawEnv),
      ['declared-provider-secret'],
    );
    expect(secrets).toEqual(
      expect.arrayContaining([
        'demo-secret-123',
        'admin-token-0123456789',
        'declared-provider-secret',
        rawEnv.DATABASE_URL,
        'pg@pass',
        rawEnv.REDIS_URL,
        'cache-pass',
      ]),
    );
  });

  it('hands the engine the shops without the webhook-only keys', () => {
    const config = parseServiceConfig(
      {
        shops: {
          demo: {
            trackingMetaKeys: ['kargo'],
            storeUrl: 'https://magaza.example.com',
            opencartStatuses: { '17': 'kargoda' },
            adminPhones: ['+905321234567'],
          },
        },
      },
      {},
      env,
    );
    expect(notificationShops(config.file)).toEqual({
      demo: { name: 'demo', provider: 'sandbox', adminPhones: ['+905321234567'] },
    });
  });

  it('loads a file named by CONFIG_FILE and reports a missing or broken file', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'service-config-'));
    const file = path.join(folder, 'config.json');
    await writeFile(file, JSON.stringify({ shops: { demo: {} } }));
    const config = await loadServiceConfig({ env: { ...env, CONFIG_FILE: file } });
    expect(Object.keys(config.file.shops)).toEqual(['demo']);
    await expect(
      loadServiceConfig({ env: { CONFIG_FILE: path.join(folder, 'missing.json') } }),
    ).rejects.toThrow(/Cannot read the config file/);
    await writeFile(file, '{ "shops": ');
    await expect(loadServiceConfig({ env: { CONFIG_FILE: file } })).rejects.toThrow(/not valid JSON/);
  });
});
