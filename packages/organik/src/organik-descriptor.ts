import {
  type ProviderDescriptorV1,
  parseProviderOptions,
  providerSettingsError,
  readProviderEnv,
} from '@x/messaging-core';
import { baseUrlOption, descriptorOptionsObject, textOption, timeoutMsOption } from '@x/provider-utils';
import * as z from 'zod/mini';
import { ORGANIK_API_KEY_PATTERN } from './organik-credentials';
import { ORGANIK_PROVIDER_ID } from './organik-error';
import { createOrganik } from './organik-provider';

/** The options a host's configuration can give Organik. Credentials are not among them: they are variables. */
export interface OrganikDescriptorOptions {
  /** Base URL of the API: a staging host or a proxy (default `https://organikapi.com`). */
  baseUrl?: string;
  /** The sender id (başlık) used when a message names none; overrides `ORGANIK_SENDER`. */
  sender?: string;
  /** Wire format (default `json`). */
  format?: 'json' | 'xml';
  /** Limit of each call in milliseconds (default 30 000). */
  timeoutMs?: number;
}

const organikOptionsSchema = descriptorOptionsObject(
  {
    baseUrl: baseUrlOption(),
    sender: textOption('a sender id'),
    format: z.optional(z.enum(['json', 'xml'], { error: 'expected "json" or "xml"' })),
    timeoutMs: timeoutMsOption(),
  },
  'credentials go in environment variables',
);

const ENV_RULES = {
  ORGANIK_API_KEY: { pattern: ORGANIK_API_KEY_PATTERN, expected: '32 hexadecimal characters' },
  ORGANIK_USERNAME: {},
  ORGANIK_PASSWORD: {},
  ORGANIK_SENDER: {},
} as const;

/**
 * The Organik descriptor, for hosts that create providers from configuration (such as the order-notification
 * service): options `baseUrl`, `sender`, `format`, `timeoutMs`; credentials from `ORGANIK_API_KEY`, or
 * `ORGANIK_USERNAME` + `ORGANIK_PASSWORD`. `createSms` checks them all without a network call.
 */
export const provider: ProviderDescriptorV1 = {
  specificationVersion: 'v1',
  id: ORGANIK_PROVIDER_ID,
  description: 'Organik SMS API v2',
  env: [
    { name: 'ORGANIK_API_KEY', description: 'Organik API key: 32 hexadecimal characters', secret: true },
    {
      name: 'ORGANIK_USERNAME',
      description: 'API user name, with ORGANIK_PASSWORD instead of a key',
      secret: false,
    },
    { name: 'ORGANIK_PASSWORD', description: 'API user password, with ORGANIK_USERNAME', secret: true },
    { name: 'ORGANIK_SENDER', description: 'Default sender id (başlık)', secret: false },
  ],
  optionsSchema: organikOptionsSchema,
  createSms({ options, env, reportUrl }) {
    const settings = parseProviderOptions(ORGANIK_PROVIDER_ID, organikOptionsSchema, options);
    const variables = readProviderEnv(ORGANIK_PROVIDER_ID, env, ENV_RULES);
    const { ORGANIK_API_KEY: apiKey, ORGANIK_USERNAME: username, ORGANIK_PASSWORD: password } = variables;
    if (apiKey === undefined && (username === undefined || password === undefined)) {
      const missing =
        username === undefined && password === undefined
          ? 'ORGANIK_API_KEY'
          : username
            ? 'ORGANIK_PASSWORD'
            : 'ORGANIK_USERNAME';
      throw providerSettingsError(ORGANIK_PROVIDER_ID, [
        { path: ['env', missing], message: 'set ORGANIK_API_KEY, or ORGANIK_USERNAME and ORGANIK_PASSWORD' },
      ]);
    }
    const sender = settings.sender ?? variables.ORGANIK_SENDER;
    return createOrganik({
      ...(apiKey !== undefined ? { apiKey } : { username, password }),
      ...(sender !== undefined ? { sender } : {}),
      ...(settings.baseUrl !== undefined ? { baseUrl: settings.baseUrl } : {}),
      ...(settings.format !== undefined ? { format: settings.format } : {}),
      ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
      // Organik pushes a message's report only to a `report_url` sent with it.
      ...(reportUrl !== undefined ? { reportUrl } : {}),
    });
  },
};
