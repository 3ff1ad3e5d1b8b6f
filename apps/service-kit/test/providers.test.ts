import { describe, expect, it } from 'vitest';
import { buildProviders } from '../src/providers';
import { parseServiceConfig, parseServiceEnv } from '../src/service-config';

const secrets = {
  WEBHOOK_SECRET_A: 'secret-for-a',
  WEBHOOK_SECRET_B: 'secret-for-b',
  WEBHOOK_SECRET_C: 'secret-for-c',
};

describe('buildProviders', () => {
  it('builds only the providers the shops use, with credentials from the environment', () => {
    const rawEnv = { ...secrets, ORGANIK_API_KEY: 'organik-key-123', BULUTFON_TOKEN: 'bulutfon-token-123' };
    const env = parseServiceEnv(rawEnv);
    const config = parseServiceConfig(
      { shops: { a: { provider: 'organik' }, b: { provider: 'bulutfon' }, c: {} } },
      env,
      rawEnv,
    );
    const { providers, sandbox } = buildProviders(config.file, env);
    expect(Object.keys(providers).sort()).toEqual(['bulutfon', 'organik', 'sandbox']);
    expect(providers.organik?.providerId).toBe('organik');
    expect(providers.bulutfon?.providerId).toBe('bulutfon');
    expect(providers.sandbox).toBe(sandbox);
    expect(JSON.stringify(Object.keys(providers.organik ?? {}))).not.toContain('organik-key-123');
  });

  it('uses the sandbox alone by default', () => {
    const config = parseServiceConfig({ shops: { a: {} } }, {}, secrets);
    const { providers, sandbox } = buildProviders(config.file, {});
    expect(Object.keys(providers)).toEqual(['sandbox']);
    expect(sandbox?.capabilities.deliveryReports).toBe(true);
  });
});
