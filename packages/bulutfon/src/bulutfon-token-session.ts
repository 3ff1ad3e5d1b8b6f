import { AuthenticationError } from '@x/messaging-core';
import { BULUTFON_PROVIDER_ID } from './bulutfon-error';
import {
  BULUTFON_TOKEN_URL,
  type BulutfonOAuthClient,
  type BulutfonTokenRequestOptions,
  refreshBulutfonAccessToken,
} from './bulutfon-oauth';
import type { BulutfonOAuthTokens } from './bulutfon-schemas';

/** OAuth settings of the client: the app, the current tokens and where to save new ones. */
export interface BulutfonOAuthSettings extends BulutfonOAuthClient {
  /** The current access token. */
  accessToken: string;
  /** The current refresh token; without it an expired token cannot be renewed. */
  refreshToken?: string;
  /** When the access token expires; the client refreshes a little before. */
  expiresAt?: Date;
  /**
   * Called with the new tokens after every refresh: persist both (the old refresh token no longer works).
   * A failing callback does not fail the call, but the error is passed to `onTokensError` when given.
   */
  onTokens?(tokens: BulutfonOAuthTokens): void | Promise<void>;
  /** Receives an error thrown by `onTokens`. */
  onTokensError?(error: unknown): void;
}

/**
 * Holds OAuth tokens and refreshes them once for everybody: concurrent calls that find the token expired
 * share one refresh request.
 */
export class BulutfonTokenSession {
  private accessToken: string;
  private refreshToken: string | undefined;
  private expiresAt: number | undefined;
  private refreshing: Promise<string> | undefined;

  /**
   * @param settings - the OAuth settings
   * @param transport - fetch, timeout and hooks for the token calls
   */
  constructor(
    private readonly settings: BulutfonOAuthSettings,
    private readonly transport: BulutfonTokenRequestOptions = {},
  ) {
    this.accessToken = settings.accessToken;
    this.refreshToken = settings.refreshToken;
    this.expiresAt = settings.expiresAt?.getTime();
  }

  /** Values to hide in errors and logs. */
  get secrets(): string[] {
    return [this.accessToken, this.refreshToken, this.settings.clientSecret].filter(
      (value): value is string => typeof value === 'string' && value.length > 0,
    );
  }

  /** The access token to use now; refreshes first when it is known to expire within a minute. */
  async getAccessToken(): Promise<string> {
    if (this.refreshing) return this.refreshing;
    if (this.expiresAt !== undefined && this.refreshToken && this.expiresAt - 60_000 <= Date.now()) {
      return this.refresh(this.accessToken);
    }
    return this.accessToken;
  }

  /** Whether a refresh token is available. */
  get canRefresh(): boolean {
    return Boolean(this.refreshToken);
  }

  /**
   * Refreshes the tokens, unless `rejectedToken` is no longer the current one (another call refreshed
   * already) or a refresh is under way (then its result is shared).
   * @param rejectedToken - the access token the server refused
   */
  refresh(rejectedToken: string): Promise<string> {
    if (this.refreshing) return this.refreshing;
    if (rejectedToken !== this.accessToken) return Promise.resolve(this.accessToken);
    const refreshToken = this.refreshToken;
    if (!refreshToken) {
      return Promise.reject(
        new AuthenticationError({
          message: 'Bulutfon: the access token expired and no refresh token was given',
          url: this.settings.tokenUrl ?? BULUTFON_TOKEN_URL,
          providerId: BULUTFON_PROVIDER_ID,
          providerCode: 'Token expired',
        }),
      );
    }
    this.refreshing = (async () => {
      try {
        const tokens = await refreshBulutfonAccessToken(this.settings, refreshToken, this.transport);
        this.accessToken = tokens.accessToken;
        this.refreshToken = tokens.refreshToken ?? refreshToken;
        this.expiresAt = tokens.expiresAt?.getTime();
        try {
          await this.settings.onTokens?.({ ...tokens, refreshToken: this.refreshToken });
        } catch (error) {
          this.settings.onTokensError?.(error);
        }
        return tokens.accessToken;
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }
}
