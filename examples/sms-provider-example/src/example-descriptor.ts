import {
  type ProviderDescriptorV1,
  parseProviderOptions,
  providerSettingsError,
  readProviderEnv,
} from '@x/messaging-core';
import { baseUrlOption, descriptorOptionsObject, textOption, timeoutMsOption } from '@x/provider-utils';
import { createExampleSms } from './example-provider';
import { EXAMPLE_PROVIDER_ID } from './example-settings';

/** The options a host's configuration gives the provider. Never a credential: those are variables. */
const optionsSchema = descriptorOptionsObject(
  { baseUrl: baseUrlOption(), sender: textOption('a sender id'), timeoutMs: timeoutMsOption() },
  'the key goes in EXAMPLE_SMS_API_KEY',
);

/**
 * The descriptor hosts load by configuration alone (`"provider": "@x/example-sms-provider"`, or a module path):
 * the id, the options, the variables with the secret marked, and `createSms`, which checks everything without a
 * network call so that a host stops at start on a mistake.
 */
export const provider: ProviderDescriptorV1 = {
  specificationVersion: 'v1',
  id: EXAMPLE_PROVIDER_ID,
  description: 'Example SMS (a fictional JSON API)',
  env: [
    { name: 'EXAMPLE_SMS_API_KEY', description: 'API key: "ek_" and 24 letters or digits', secret: true },
    { name: 'EXAMPLE_SMS_SENDER', description: 'Default sender id', secret: false },
  ],
  optionsSchema,
  createSms({ options, env }) {
    const settings = parseProviderOptions(EXAMPLE_PROVIDER_ID, optionsSchema, options);
    const variables = readProviderEnv(EXAMPLE_PROVIDER_ID, env, {
      EXAMPLE_SMS_API_KEY: { pattern: /^ek_[A-Za-z0-9]{24}$/, expected: '"ek_" and 24 letters or digits' },
      EXAMPLE_SMS_SENDER: {},
    });
    if (variables.EXAMPLE_SMS_API_KEY === undefined) {
      throw providerSettingsError(EXAMPLE_PROVIDER_ID, [
        { path: ['env', 'EXAMPLE_SMS_API_KEY'], message: 'set EXAMPLE_SMS_API_KEY' },
      ]);
    }
    const sender = settings.sender ?? variables.EXAMPLE_SMS_SENDER;
    return createExampleSms({
      apiKey: variables.EXAMPLE_SMS_API_KEY,
      ...(sender === undefined ? {} : { sender }),
      ...(settings.baseUrl === undefined ? {} : { baseUrl: settings.baseUrl }),
      ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
    });
  },
};
