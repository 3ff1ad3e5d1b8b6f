import { createBulutfon } from '@x/bulutfon';
import type { SmsProviderV1 } from '@x/messaging-core';
import { createSandboxProvider, type SandboxProvider } from '@x/messaging-core/sandbox';
import { createOrganik } from '@x/organik';
import type { ServiceEnv, ServiceFileConfig } from './service-config';

/** The providers a service sends through, by the id shops name in `provider`. */
export interface ServiceProviders {
  providers: Record<string, SmsProviderV1>;
  /** The sandbox, when a shop uses it (the demo reads what it received). */
  sandbox?: SandboxProvider;
}

/**
 * Builds the providers the configured shops use, with credentials from the environment only:
 * - `sandbox`: in-memory, records every message (the default; nothing leaves the machine);
 * - `organik`: `ORGANIK_API_KEY`, or `ORGANIK_USERNAME` + `ORGANIK_PASSWORD`; `ORGANIK_SENDER` optional;
 * - `bulutfon`: `BULUTFON_TOKEN`; `BULUTFON_SENDER` optional.
 * @param file - the parsed configuration file
 * @param env - the parsed environment
 */
export function buildProviders(file: ServiceFileConfig, env: ServiceEnv): ServiceProviders {
  const used = new Set(Object.values(file.shops).map((shop) => shop.provider));
  const result: ServiceProviders = { providers: {} };
  for (const id of used) {
    if (id === 'sandbox') {
      result.sandbox = createSandboxProvider({ autoDeliver: true });
      result.providers.sandbox = result.sandbox;
      continue;
    }
    result.providers[id] = createRealProvider(id, env);
  }
  return result;
}

function createRealProvider(id: 'organik' | 'bulutfon', env: ServiceEnv): SmsProviderV1 {
  if (id === 'organik') {
    return createOrganik({
      ...(env.ORGANIK_API_KEY ? { apiKey: env.ORGANIK_API_KEY } : {}),
      ...(env.ORGANIK_USERNAME ? { username: env.ORGANIK_USERNAME } : {}),
      ...(env.ORGANIK_PASSWORD ? { password: env.ORGANIK_PASSWORD } : {}),
      ...(env.ORGANIK_SENDER ? { sender: env.ORGANIK_SENDER } : {}),
    });
  }
  return createBulutfon({
    ...(env.BULUTFON_TOKEN ? { token: env.BULUTFON_TOKEN } : {}),
    ...(env.BULUTFON_SENDER ? { sender: env.BULUTFON_SENDER } : {}),
  });
}
