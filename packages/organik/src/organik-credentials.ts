import { LoadSettingError } from '@x/messaging-core';
import { loadOptionalSetting } from '@x/provider-utils';
import { ORGANIK_PROVIDER_ID } from './organik-error';
import { organikApiKey } from './organik-md5';
import type { OrganikSettings } from './organik-settings';

/** The key and the values to hide wherever text could surface. */
export interface OrganikCredentials {
  /** The API key. */
  apiKey: string;
  /** The key and, when given, the password. */
  secrets: string[];
}

function option(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    throw new LoadSettingError({
      message: `The Organik '${name}' option must be a string.`,
      providerId: ORGANIK_PROVIDER_ID,
    });
  }
  return value;
}

/** The form of an Organik API key: 32 hexadecimal characters (an MD5 digest, see {@link organikApiKey}). */
export const ORGANIK_API_KEY_PATTERN = /^[0-9a-fA-F]{32}$/;

/**
 * Resolves the credentials: options first (`apiKey`, then `username` + `password`), then the environment
 * (`ORGANIK_API_KEY`, then `ORGANIK_USERNAME` + `ORGANIK_PASSWORD`). Throws {@link LoadSettingError} naming the
 * options and variables (never a value) when nothing usable is found.
 * @param settings - the client's settings
 */
export function resolveOrganikCredentials(settings: OrganikSettings): OrganikCredentials {
  const fromPair = (username: string | undefined, password: string | undefined, origin: string) => {
    if (username === undefined || password === undefined) {
      throw new LoadSettingError({
        message: `Organik credentials are incomplete: ${origin} gives ${username === undefined ? 'a password but no user name' : 'a user name but no password'}.`,
        providerId: ORGANIK_PROVIDER_ID,
      });
    }
    const apiKey = organikApiKey(username, password);
    return { apiKey, secrets: [apiKey, password] };
  };
  const environment = (name: string) =>
    loadOptionalSetting({ value: undefined, envVar: name, optionName: name, description: name });

  let credentials: OrganikCredentials | undefined;
  const apiKey = option(settings.apiKey, 'apiKey');
  if (apiKey !== undefined) credentials = { apiKey, secrets: [apiKey] };
  else if (settings.username !== undefined || settings.password !== undefined) {
    credentials = fromPair(
      option(settings.username, 'username'),
      option(settings.password, 'password'),
      "the 'username' and 'password' options",
    );
  } else {
    const environmentKey = environment('ORGANIK_API_KEY');
    if (environmentKey !== undefined) credentials = { apiKey: environmentKey, secrets: [environmentKey] };
    else {
      const username = environment('ORGANIK_USERNAME');
      const password = environment('ORGANIK_PASSWORD');
      if (username !== undefined || password !== undefined) {
        credentials = fromPair(
          username,
          password,
          'the ORGANIK_USERNAME and ORGANIK_PASSWORD environment variables',
        );
      }
    }
  }
  if (!credentials) {
    throw new LoadSettingError({
      message:
        "Organik API key is missing. Pass the 'apiKey' option (or 'username' and 'password'), or set the " +
        'ORGANIK_API_KEY environment variable (or ORGANIK_USERNAME and ORGANIK_PASSWORD).',
      providerId: ORGANIK_PROVIDER_ID,
    });
  }
  if (!ORGANIK_API_KEY_PATTERN.test(credentials.apiKey)) {
    throw new LoadSettingError({
      message:
        'The Organik API key must be 32 hexadecimal characters; check the apiKey option or ORGANIK_API_KEY.',
      providerId: ORGANIK_PROVIDER_ID,
    });
  }
  return credentials;
}
