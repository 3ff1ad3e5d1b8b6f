import { AuthenticationError } from '@x/messaging-core';
import { createJsonResponseHandler } from '@x/provider-utils';
import { type BulutfonAnnouncements, createBulutfonAnnouncements } from './bulutfon-announcements';
import { type BulutfonApi, type BulutfonCallOptions, createBulutfonApi, encodePath } from './bulutfon-api';
import { type BulutfonAutomaticCalls, createBulutfonAutomaticCalls } from './bulutfon-automatic-calls';
import { type BulutfonCallRecords, createBulutfonCallRecords } from './bulutfon-call-records';
import { type BulutfonCdrs, createBulutfonCdrs } from './bulutfon-cdrs';
import { type BulutfonDids, createBulutfonDids } from './bulutfon-dids';
import { BULUTFON_PROVIDER_ID } from './bulutfon-error';
import { type BulutfonExtensions, createBulutfonExtensions } from './bulutfon-extensions';
import {
  type BulutfonIncomingFaxes,
  type BulutfonOutgoingFaxes,
  createBulutfonIncomingFaxes,
  createBulutfonOutgoingFaxes,
} from './bulutfon-faxes';
import { type BulutfonGroups, createBulutfonGroups } from './bulutfon-groups';
import { type BulutfonMessageTitles, createBulutfonMessageTitles } from './bulutfon-message-titles';
import { type BulutfonMessages, createBulutfonMessages } from './bulutfon-messages';
import { type BulutfonCallAndBridgeOptions, callAndBridgeOptionsSchema } from './bulutfon-request-options';
import {
  type BulutfonActionResult,
  type BulutfonMe,
  type BulutfonTokenInfo,
  meResponseSchema,
  tokenInfoResponseSchema,
} from './bulutfon-schemas';
import type { BulutfonSettings } from './bulutfon-settings';
import { parseInput } from './bulutfon-validation';

/**
 * The typed low-level client of the Bulutfon REST API (v1): one method per endpoint, grouped by resource.
 * Create it with {@link createBulutfonClient}.
 *
 * Every method makes one attempt (plus one retry after an OAuth refresh when the token expired); wrap calls
 * in `withRetry` from `@x/messaging-core` for retries. Errors are the typed errors of `@x/messaging-core`,
 * with tokens, passwords and client secrets hidden.
 */
export class BulutfonClient {
  readonly #api: BulutfonApi;
  /** PBX phone numbers. */
  readonly dids: BulutfonDids;
  /** Extensions (dahili). */
  readonly extensions: BulutfonExtensions;
  /** Ring groups. */
  readonly groups: BulutfonGroups;
  /** Call detail records. */
  readonly cdrs: BulutfonCdrs;
  /** Call recordings (files). */
  readonly callRecords: BulutfonCallRecords;
  /** Received faxes. */
  readonly incomingFaxes: BulutfonIncomingFaxes;
  /** Sent faxes. */
  readonly outgoingFaxes: BulutfonOutgoingFaxes;
  /** Announcements (sound files of the PBX). */
  readonly announcements: BulutfonAnnouncements;
  /** Automatic (robo) call campaigns. */
  readonly automaticCalls: BulutfonAutomaticCalls;
  /** SMS titles and their opt-out lists. Bulutfon shut the v1 SMS endpoints down on 2020-12-31. */
  readonly messageTitles: BulutfonMessageTitles;
  /** SMS. Bulutfon shut the v1 SMS endpoints down on 2020-12-31 (live accounts answer `NotFoundError`). */
  readonly messages: BulutfonMessages;

  /** The API's base URL (default `https://api.bulutfon.com`), without a trailing slash. */
  get baseUrl(): string {
    return this.#api.baseUrl;
  }

  /**
   * @param settings - see {@link BulutfonSettings}
   * @param api - the request path to send through (default: one made from `settings`); `createBulutfon` gives its
   *   client and its own sends one, so that both use one token session
   * @throws ValidationError (`target: 'settings'`) naming the settings of the wrong shape
   */
  constructor(settings: BulutfonSettings = {}, api: BulutfonApi = createBulutfonApi(settings)) {
    this.#api = api;
    this.dids = createBulutfonDids(api);
    this.extensions = createBulutfonExtensions(api);
    this.groups = createBulutfonGroups(api);
    this.cdrs = createBulutfonCdrs(api);
    this.callRecords = createBulutfonCallRecords(api);
    this.incomingFaxes = createBulutfonIncomingFaxes(api);
    this.outgoingFaxes = createBulutfonOutgoingFaxes(api);
    this.announcements = createBulutfonAnnouncements(api);
    this.automaticCalls = createBulutfonAutomaticCalls(api);
    this.messageTitles = createBulutfonMessageTitles(api);
    this.messages = createBulutfonMessages(api);
  }

  /** The account, PBX and credit behind the credentials (`GET /me`). */
  me(options?: BulutfonCallOptions): Promise<BulutfonMe> {
    return this.#api.get('/me', meResponseSchema, options);
  }

  /**
   * What Bulutfon says about a token (`GET /token-info/{token}`, undocumented): whether it expired and when.
   * The token is the request's only credential.
   * @param token - the token to check; default: the client's current access token
   */
  async tokenInfo(token?: string, options?: BulutfonCallOptions): Promise<BulutfonTokenInfo> {
    const credentials = await this.#api.credentials();
    const checked = token ?? credentials.accessToken;
    if (!checked) {
      throw new AuthenticationError({
        message: 'Bulutfon: token info needs a token (the client uses email and password)',
        url: `${this.#api.baseUrl}/token-info`,
        providerId: BULUTFON_PROVIDER_ID,
      });
    }
    return this.#api.send(
      {
        method: 'GET',
        path: `/token-info/${encodePath(checked)}`,
        handler: createJsonResponseHandler(tokenInfoResponseSchema),
        idempotent: true,
        options,
      },
      { params: {}, secrets: [...credentials.secrets, checked] },
    );
  }

  /**
   * Click-to-call (`POST /call_and_bridge`): rings `destination` (extension, group or menu) and connects it
   * to `callee`. Never retried automatically.
   */
  async callAndBridge(
    call: BulutfonCallAndBridgeOptions,
    options?: BulutfonCallOptions,
  ): Promise<BulutfonActionResult> {
    const checked = parseInput(callAndBridgeOptionsSchema, call, 'call');
    const query = {
      caller: checked.caller,
      callee: checked.callee,
      destination: checked.destination,
      timeout: checked.timeout?.toString(),
    };
    return this.#api.write('POST', '/call_and_bridge', { query, recipients: true }, options);
  }
}

/**
 * Creates the low-level Bulutfon client: the PBX, CDRs, recordings, faxes, announcements, automatic calls,
 * click-to-call and (shut down by Bulutfon on 2020-12-31) SMS endpoints.
 * @param settings - credentials (`token`, `BULUTFON_TOKEN`, `email`/`password` or `oauth`), `baseUrl`, `fetch`,
 *   `timeoutMs`, `hooks`; see {@link BulutfonSettings}
 * @example
 * const client = createBulutfonClient({ token: process.env.BULUTFON_TOKEN });
 * const { credit } = await client.me();
 */
export function createBulutfonClient(settings: BulutfonSettings = {}): BulutfonClient {
  return new BulutfonClient(settings);
}
