import { LoadSettingError } from '@x/messaging-core';
import { type FetchFunction, loadOptionalSetting, type RequestHooks } from '@x/provider-utils';
import { organikApiKey } from './organik-md5';

/** A wire format of the Organik API. */
export type OrganikFormat = 'json' | 'xml';

/** Separate formats for the request body and the response, as the URL allows (`/sendsms/json/xml/`). */
export interface OrganikFormats {
  /** Format of the request body. */
  request: OrganikFormat;
  /** Format of the response. */
  response: OrganikFormat;
}

/** Settings of {@link createOrganikClient} and {@link createOrganik}. */
export interface OrganikSettings {
  /**
   * The API key (32 hex characters). Default: `username` + `password`, else the `ORGANIK_API_KEY` environment
   * variable, else `ORGANIK_USERNAME` + `ORGANIK_PASSWORD`. Read when the first request is made, not before.
   */
  apiKey?: string;
  /** API user name; the key is the MD5 of `username + password` (UTF-8). Env: `ORGANIK_USERNAME`. */
  username?: string;
  /** API user password. Env: `ORGANIK_PASSWORD`. Never sent: only its hash with the user name travels. */
  password?: string;
  /** Base URL of the API (default `https://organikapi.com`). */
  baseUrl?: string;
  /** Wire format of requests and responses (default `json`); one per call can override it. */
  format?: OrganikFormat | OrganikFormats;
  /** The `fetch` to use (default `globalThis.fetch`): pass one bound to a proxy dispatcher, or a test double. */
  fetch?: FetchFunction;
  /** Limit of each call, reading the response included (default 30 000 ms). */
  timeoutMs?: number;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** Observability hooks; they only ever see URLs with the key replaced by `***`. */
  hooks?: RequestHooks;
}

/** Options of one call to the raw client. */
export interface OrganikCallOptions {
  /** Aborts the call. */
  signal?: AbortSignal;
  /** Limit of this call, reading the response included. */
  timeoutMs?: number;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
  /** Wire format of this call. */
  format?: OrganikFormat | OrganikFormats;
  /** Passed to the `onRequest` hook (Organik has no server-side deduplication). */
  idempotencyKey?: string;
}

/** Default base URL of the Organik API. */
export const DEFAULT_ORGANIK_BASE_URL = 'https://organikapi.com';

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
      providerId: 'organik',
    });
  }
  return value;
}

const API_KEY_PATTERN = /^[0-9a-zA-Z]{32}$/;

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
        providerId: 'organik',
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
      providerId: 'organik',
    });
  }
  if (!API_KEY_PATTERN.test(credentials.apiKey)) {
    throw new LoadSettingError({
      message:
        'The Organik API key must be 32 letters and digits; check the apiKey option or ORGANIK_API_KEY.',
      providerId: 'organik',
    });
  }
  return credentials;
}

/**
 * Reads a format setting: a single format applies to both directions.
 * @param format - `json`, `xml`, or both directions
 */
export function resolveOrganikFormats(format: OrganikFormat | OrganikFormats | undefined): OrganikFormats {
  if (format === undefined) return { request: 'json', response: 'json' };
  if (typeof format === 'string') return { request: format, response: format };
  return format;
}
