import { LoadSettingError, toValidationIssues, ValidationError } from '@x/messaging-core';
import { type FetchFunction, loadOptionalSetting, type RequestHooks } from '@x/provider-utils';
import { z } from 'zod';
import { type BulutfonOAuthSettings, BulutfonTokenSession } from './bulutfon-auth';

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

/** How one request authenticates. */
export interface BulutfonCredentials {
  /** Parameters to send (`access_token`, or `email` and `password`). */
  params: Record<string, string>;
  /** Values to hide everywhere. */
  secrets: string[];
  /** The access token used, when one is (for refresh decisions and the recording safe token). */
  accessToken?: string;
}

/** Resolves credentials at request time and refreshes OAuth tokens. */
export interface BulutfonAuthenticator {
  current(): Promise<BulutfonCredentials>;
  /** Refreshes after `rejected` was refused; resolves `false` when refreshing is not possible. */
  refreshAfter(rejected: BulutfonCredentials): Promise<boolean>;
  /** Values to hide, known without a request. */
  knownSecrets(): string[];
}

/**
 * Builds the authenticator for the settings. The environment is read at request time only.
 * @param settings - the client settings
 */
export function createBulutfonAuthenticator(settings: BulutfonSettings): BulutfonAuthenticator {
  const known = () =>
    [settings.token, settings.password, settings.email, settings.oauth?.clientSecret].filter(
      (value): value is string => typeof value === 'string' && value.length > 0,
    );
  if (settings.oauth) {
    const session = new BulutfonTokenSession(settings.oauth, {
      fetch: settings.fetch,
      timeoutMs: settings.timeoutMs,
      hooks: settings.hooks,
    });
    return {
      async current(): Promise<BulutfonCredentials> {
        const accessToken = await session.getAccessToken();
        return {
          params: { access_token: accessToken },
          secrets: [...session.secrets, accessToken],
          accessToken,
        };
      },
      async refreshAfter(rejected) {
        if (!session.canRefresh || !rejected.accessToken) return false;
        await session.refresh(rejected.accessToken);
        return true;
      },
      knownSecrets: () => [...known(), ...session.secrets],
    };
  }
  return {
    async current(): Promise<BulutfonCredentials> {
      if (settings.email !== undefined || settings.password !== undefined) {
        if (!settings.email || !settings.password) {
          throw new LoadSettingError({
            message: "Bulutfon: give both the 'email' and the 'password' options, or use a token instead.",
          });
        }
        return { params: { email: settings.email, password: settings.password }, secrets: known() };
      }
      const token = loadOptionalSetting({
        value: settings.token,
        envVar: 'BULUTFON_TOKEN',
        optionName: 'token',
        description: 'Bulutfon API token',
      });
      if (!token) {
        throw new LoadSettingError({
          message:
            "Bulutfon credentials are missing. Pass the 'token' option (or 'email' and 'password', or 'oauth'), " +
            'or set the BULUTFON_TOKEN environment variable.',
        });
      }
      return { params: { access_token: token }, secrets: [...known(), token], accessToken: token };
    },
    async refreshAfter() {
      return false;
    },
    knownSecrets: known,
  };
}

const optionalString = z.string().min(1).optional();
const settingsSchema = z.object({
  token: optionalString,
  email: optionalString,
  password: optionalString,
  oauth: z
    .object({
      clientId: z.string().min(1),
      clientSecret: z.string().min(1),
      redirectUri: z.string().min(1),
      accessToken: z.string().min(1),
      refreshToken: optionalString,
      expiresAt: z.date().optional(),
      tokenUrl: z.url().optional(),
    })
    .optional(),
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  timeoutMs: z.number().int().positive().optional(),
  maxDownloadBytes: z.number().positive().optional(),
  headers: z.record(z.string(), z.string()).optional(),
});

/**
 * Checks the settings' shapes when a client is created (credentials themselves are checked by Bulutfon).
 * @param settings - the client settings
 * @throws ValidationError (`target: 'settings'`) naming the wrong options, never their values
 */
export function checkBulutfonSettings(settings: BulutfonSettings): void {
  const result = settingsSchema.safeParse(settings);
  if (result.success) return;
  const issues = toValidationIssues(result.error.issues);
  throw new ValidationError({
    message: `Bulutfon: invalid settings (${issues.map((issue) => issue.path.map(String).join('.')).join(', ')})`,
    issues,
    target: 'settings',
    providerId: 'bulutfon',
  });
}
