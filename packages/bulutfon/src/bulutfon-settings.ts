import type { FetchFunction, RequestHooks } from '@x/provider-utils';
import * as z from 'zod/mini';
import type { BulutfonOAuthSettings } from './bulutfon-token-session';
import { parseInput } from './bulutfon-validation';

/** Default base URL of the Bulutfon API (v1). */
export const BULUTFON_BASE_URL = 'https://api.bulutfon.com';

/**
 * Settings of {@link createBulutfonClient} and `createBulutfon`. Give one way to authenticate: `oauth`, `token`
 * (or the `BULUTFON_TOKEN` environment variable, read at request time), or `email` + `password`.
 */
export interface BulutfonSettings {
  /** The master token ("Tekil API anahtarı") from the PBX panel. Env: `BULUTFON_TOKEN`. */
  token?: string;
  /** Panel email, with `password`, instead of a token. */
  email?: string;
  /** Panel password, with `email`. */
  password?: string;
  /** OAuth 2 tokens and app credentials; expired tokens are refreshed once and the call retried. */
  oauth?: BulutfonOAuthSettings;
  /** API base URL. Default {@link BULUTFON_BASE_URL}. */
  baseUrl?: string;
  /** A `fetch` to use (a proxy-bound one, a test double). Default `globalThis.fetch`. */
  fetch?: FetchFunction;
  /** Limit per call, reading the JSON body included (default 30 s). Downloads are limited until headers. */
  timeoutMs?: number;
  /** Largest file a download or stream may return, in bytes. Default 1 GiB. */
  maxDownloadBytes?: number;
  /** Headers added to every request. */
  headers?: Record<string, string>;
  /** Logging hooks (URLs and headers arrive with tokens and passwords hidden). */
  hooks?: RequestHooks;
}

const optionalString = z.optional(z.string().check(z.minLength(1)));
const settingsSchema = z.object({
  token: optionalString,
  email: optionalString,
  password: optionalString,
  oauth: z.optional(
    z.object({
      clientId: z.string().check(z.minLength(1)),
      clientSecret: z.string().check(z.minLength(1)),
      redirectUri: z.string().check(z.minLength(1)),
      accessToken: z.string().check(z.minLength(1)),
      refreshToken: optionalString,
      expiresAt: z.optional(z.date()),
      tokenUrl: z.optional(z.url()),
    }),
  ),
  baseUrl: z.optional(z.url({ protocol: /^https?$/ })),
  timeoutMs: z.optional(z.int().check(z.positive())),
  maxDownloadBytes: z.optional(z.number().check(z.positive())),
  headers: z.optional(z.record(z.string(), z.string())),
});

/**
 * Checks the settings' shapes when a client is created (credentials themselves are checked by Bulutfon).
 * @param settings - the client settings
 * @throws ValidationError (`target: 'settings'`) naming the wrong options, never their values
 */
export function checkBulutfonSettings(settings: BulutfonSettings): void {
  parseInput(settingsSchema, settings, 'settings', 'settings');
}
