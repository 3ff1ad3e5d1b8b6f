import {
  type ProviderCreateInputV1,
  type ProviderDescriptorV1,
  parseProviderOptions,
  providerSettingsError,
  readProviderEnv,
} from '@x/messaging-core';
import { baseUrlOption, descriptorOptionsObject, textOption, timeoutMsOption } from '@x/provider-utils';
import { BULUTFON_PROVIDER_ID } from './bulutfon-error';
import { createBulutfon } from './bulutfon-provider';
import { createBulutfonVoice } from './bulutfon-voice';

/** The options a host's configuration can give Bulutfon. The token is not among them: it is a variable. */
export interface BulutfonDescriptorOptions {
  /** API base URL: a staging host or a proxy (default `https://api.bulutfon.com`). */
  baseUrl?: string;
  /** The message title (sender) used when a message names none; overrides `BULUTFON_SENDER`. */
  sender?: string;
  /** Limit of each call in milliseconds (default 30 000). */
  timeoutMs?: number;
}

const bulutfonOptionsSchema = descriptorOptionsObject(
  { baseUrl: baseUrlOption(), sender: textOption('a message title'), timeoutMs: timeoutMsOption() },
  'the token goes in BULUTFON_TOKEN',
);

const ENV_RULES = {
  // The master token's form is not documented; a token never holds white space.
  BULUTFON_TOKEN: { pattern: /^[\x21-\x7e]+$/, expected: 'a token without spaces' },
  BULUTFON_SENDER: {},
} as const;

/** The options and variables, checked, and the token (required by both providers). */
function readSettings(input: ProviderCreateInputV1) {
  const settings = parseProviderOptions(BULUTFON_PROVIDER_ID, bulutfonOptionsSchema, input.options);
  const variables = readProviderEnv(BULUTFON_PROVIDER_ID, input.env, ENV_RULES);
  const token = variables.BULUTFON_TOKEN;
  if (token === undefined) {
    throw providerSettingsError(BULUTFON_PROVIDER_ID, [
      { path: ['env', 'BULUTFON_TOKEN'], message: 'set BULUTFON_TOKEN' },
    ]);
  }
  const client = {
    token,
    ...(settings.baseUrl !== undefined ? { baseUrl: settings.baseUrl } : {}),
    ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
  };
  return { client, sender: settings.sender ?? variables.BULUTFON_SENDER };
}

/**
 * The Bulutfon descriptor, for hosts that create providers from configuration (such as the order-notification
 * service): options `baseUrl`, `sender`, `timeoutMs`; the master token from `BULUTFON_TOKEN`. `createSms` and
 * `createVoice` check them without a network call. Bulutfon shut its v1 SMS service down at the end of 2020 (see
 * the README); the voice side (automatic calls, click-to-call, call webhooks) is alive.
 */
export const provider: ProviderDescriptorV1 = {
  specificationVersion: 'v1',
  id: BULUTFON_PROVIDER_ID,
  description: 'Bulutfon REST API v1 (voice: automatic calls, click-to-call, call webhooks; SMS)',
  env: [
    { name: 'BULUTFON_TOKEN', description: 'Bulutfon master token (Tekil API anahtarı)', secret: true },
    { name: 'BULUTFON_SENDER', description: 'Default message title (sender)', secret: false },
  ],
  optionsSchema: bulutfonOptionsSchema,
  createSms(input) {
    const { client, sender } = readSettings(input);
    return createBulutfon({ ...client, ...(sender !== undefined ? { sender } : {}) });
  },
  createVoice(input) {
    return createBulutfonVoice(readSettings(input).client);
  },
};
