import { LoadSettingError } from '@x/messaging-core';
import { loadOptionalSetting } from '@x/provider-utils';
import type { BulutfonSettings } from './bulutfon-settings';
import { BulutfonTokenSession } from './bulutfon-token-session';

/**
 * Where a request's credentials come from: the OAuth session, the token (option or `BULUTFON_TOKEN`, read at
 * request time), or the panel email and password.
 */

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
