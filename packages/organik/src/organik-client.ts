import { combineHeaders, type ResponseHandler, request, withUserAgentSuffix } from '@x/provider-utils';
import * as z from 'zod/mini';
import {
  convertToOrganikBlacklistRequest,
  convertToOrganikCancelRequest,
  convertToOrganikGroupAddRequest,
  convertToOrganikGroupContentAddRequest,
  convertToOrganikGroupContentRequest,
  convertToOrganikInboxRequest,
  convertToOrganikReportRequest,
  convertToOrganikSendSmsRequest,
  convertToOrganikSmsViaGetRequest,
  type OrganikInboxQuery,
  type OrganikNewContact,
  type OrganikReportQuery,
  type OrganikSendSmsInput,
  type OrganikSmsViaGetInput,
  type OrganikWireRequest,
} from './convert-to-organik-request';
import { type OrganikCredentials, resolveOrganikCredentials } from './organik-credentials';
import { ORGANIK_PROVIDER_ID } from './organik-error';
import { createOrganikResponseHandler, organikFailedResponseHandler } from './organik-response';
import {
  balanceSchema,
  basicReportSchema,
  blacklistSchema,
  cancelResultSchema,
  detailedReportSchema,
  groupAddSchema,
  groupContentAddSchema,
  groupContentSchema,
  groupsSchema,
  headersSchema,
  inboxSchema,
  type OrganikBalance,
  type OrganikBasicReport,
  type OrganikBlacklistEntry,
  type OrganikCancelResult,
  type OrganikContact,
  type OrganikCreatedGroup,
  type OrganikGroup,
  type OrganikHeader,
  type OrganikInboxMessage,
  type OrganikReportRow,
  type OrganikSendResult,
  type OrganikStoredContact,
  sendResultSchema,
} from './organik-schemas';
import {
  DEFAULT_ORGANIK_BASE_URL,
  type OrganikCallOptions,
  type OrganikFormats,
  type OrganikSettings,
  resolveOrganikFormats,
} from './organik-settings';
import { VERSION } from './organik-version';

const USER_AGENT = `x-messaging/organik/${VERSION}`;
const EMPTY_BASIC_REPORT: OrganikBasicReport = {
  gsmCount: 0,
  creditAmount: 0,
  tlAmount: 0,
  sendingCount: 0,
  sentCount: 0,
  deliveredCount: 0,
  wrongCount: 0,
  timeoutCount: 0,
  smsCount: 0,
};

/** The headers of a call: accept and content type of its formats, then the settings' and the call's own. */
function requestHeaders(
  method: 'GET' | 'POST',
  formats: OrganikFormats,
  settingsHeaders: Record<string, string> | undefined,
  callHeaders: Record<string, string> | undefined,
): Record<string, string> {
  return withUserAgentSuffix(
    combineHeaders(
      {
        accept: formats.response === 'xml' ? 'application/xml' : 'application/json',
        'content-type':
          method !== 'POST'
            ? undefined
            : formats.request === 'xml'
              ? 'application/xml; charset=utf-8'
              : 'application/json; charset=utf-8',
      },
      settingsHeaders,
      callHeaders,
    ),
    USER_AGENT,
  );
}

const handlers = {
  balance: createOrganikResponseHandler(balanceSchema),
  headers: createOrganikResponseHandler(headersSchema, { whenNoRecords: () => [] }),
  send: createOrganikResponseHandler(sendResultSchema),
  detailedReport: createOrganikResponseHandler(detailedReportSchema, { whenNoRecords: () => [] }),
  basicReport: createOrganikResponseHandler(basicReportSchema, {
    whenNoRecords: () => ({ ...EMPTY_BASIC_REPORT }),
  }),
  groups: createOrganikResponseHandler(groupsSchema, { whenNoRecords: () => [] }),
  groupContent: createOrganikResponseHandler(groupContentSchema, { whenNoRecords: () => [] }),
  groupAdd: createOrganikResponseHandler(groupAddSchema),
  groupContentAdd: createOrganikResponseHandler(groupContentAddSchema),
  cancel: createOrganikResponseHandler(cancelResultSchema),
  blacklist: createOrganikResponseHandler(blacklistSchema, { whenNoRecords: () => [] }),
  noData: createOrganikResponseHandler(
    z.pipe(
      z.unknown(),
      z.transform(() => undefined),
    ),
  ),
  inbox: createOrganikResponseHandler(inboxSchema, { whenNoRecords: () => [] }),
};

/**
 * The typed client of the Organik SMS API v2: one method per `request_name`, camelCase in and out, the same
 * result whichever wire format (JSON or XML) is used. Each method makes exactly one HTTP request and rejects with
 * a typed error of `@x/messaging-core`; the API key never appears in an error, a hook event or `toString()`.
 *
 * Use {@link createOrganik} for the provider-neutral interface; use this client for what it does not model
 * (groups, personalised sends, inbox, basic reports).
 */
export class OrganikClient {
  readonly #settings: OrganikSettings;
  readonly #baseUrl: string;
  readonly #formats: OrganikFormats;
  /** Read at the first request, not before. */
  #credentials: OrganikCredentials | undefined;

  /** @param settings - see {@link OrganikSettings} */
  constructor(settings: OrganikSettings = {}) {
    this.#settings = { ...settings };
    this.#baseUrl = (settings.baseUrl ?? DEFAULT_ORGANIK_BASE_URL).replace(/\/+$/, '');
    this.#formats = resolveOrganikFormats(settings.format);
  }

  /** A description without secrets. */
  toString(): string {
    return `OrganikClient(${this.#baseUrl})`;
  }

  /** A JSON view without secrets. */
  toJSON(): Record<string, unknown> {
    return { baseUrl: this.#baseUrl };
  }

  /**
   * Reads the balance (`balance`).
   * @param options - signal, timeout, format...
   */
  async balance(options?: OrganikCallOptions): Promise<OrganikBalance> {
    return this.#call({ requestName: 'balance', method: 'GET' }, handlers.balance, options, true);
  }

  /**
   * Lists the sender ids (`headers`).
   * @param options - signal, timeout, format...
   */
  async headers(options?: OrganikCallOptions): Promise<OrganikHeader[]> {
    return this.#call({ requestName: 'headers', method: 'GET' }, handlers.headers, options, true);
  }

  /**
   * Sends one text with a GET request (`smsviaget`). Never retried blindly: a failure with `maybeDelivered` may
   * have sent the message.
   * @param input - sender, numbers and/or groups, text, options
   * @param options - signal, timeout, format...
   */
  async smsViaGet(input: OrganikSmsViaGetInput, options?: OrganikCallOptions): Promise<OrganikSendResult> {
    return this.#call(convertToOrganikSmsViaGetRequest(input), handlers.send, options, false);
  }

  /**
   * Sends SMS (`sendsms`): one text to many numbers, many deliveries in one request, personalised texts to
   * groups (`#AD#`, `#SOYAD#`...), scheduled sends, with `trackId` and `reportUrl`. Texts are measured and
   * refused before any request when longer than 7 parts. Per-delivery and per-number failures are in the result,
   * not thrown.
   * @param input - the deliveries
   * @param options - signal, timeout, format...
   */
  async sendSms(input: OrganikSendSmsInput, options?: OrganikCallOptions): Promise<OrganikSendResult> {
    return this.#call(convertToOrganikSendSmsRequest(input), handlers.send, options, false);
  }

  /**
   * One row per number for the given ids (`detailedreport`); an empty list when nothing matches.
   * @param query - transaction ids, your track ids and/or gsm track ids
   * @param options - signal, timeout, format...
   */
  async detailedReport(query: OrganikReportQuery, options?: OrganikCallOptions): Promise<OrganikReportRow[]> {
    return this.#call(
      convertToOrganikReportRequest('detailedreport', query),
      handlers.detailedReport,
      options,
      true,
    );
  }

  /**
   * Totals for the given ids (`basicreport`).
   * @param query - transaction ids, your track ids and/or gsm track ids
   * @param options - signal, timeout, format...
   */
  async basicReport(query: OrganikReportQuery, options?: OrganikCallOptions): Promise<OrganikBasicReport> {
    return this.#call(
      convertToOrganikReportRequest('basicreport', query),
      handlers.basicReport,
      options,
      true,
    );
  }

  /**
   * Lists the contact groups (`groups`).
   * @param options - signal, timeout, format...
   */
  async groups(options?: OrganikCallOptions): Promise<OrganikGroup[]> {
    return this.#call({ requestName: 'groups', method: 'GET' }, handlers.groups, options, true);
  }

  /**
   * Lists the contacts of groups (`groupcontent`).
   * @param input - the group ids
   * @param options - signal, timeout, format...
   */
  async groupContent(
    input: { groupIds: readonly (string | number)[] },
    options?: OrganikCallOptions,
  ): Promise<OrganikContact[]> {
    return this.#call(
      convertToOrganikGroupContentRequest(input.groupIds),
      handlers.groupContent,
      options,
      true,
    );
  }

  /**
   * Creates groups (`groupadd`).
   * @param input - the names
   * @param options - signal, timeout, format...
   */
  async groupAdd(
    input: { names: readonly string[] },
    options?: OrganikCallOptions,
  ): Promise<OrganikCreatedGroup[]> {
    return this.#call(convertToOrganikGroupAddRequest(input.names), handlers.groupAdd, options, false);
  }

  /**
   * Adds contacts to groups (`groupcontentadd`); numbers Organik finds invalid are skipped.
   * @param input - the contacts
   * @param options - signal, timeout, format...
   */
  async groupContentAdd(
    input: { persons: readonly OrganikNewContact[] },
    options?: OrganikCallOptions,
  ): Promise<OrganikStoredContact[]> {
    return this.#call(
      convertToOrganikGroupContentAddRequest(input.persons),
      handlers.groupContentAdd,
      options,
      false,
    );
  }

  /**
   * Cancels scheduled sends (`cancelscheduledtasks`); irreversible. Check `cancelled` of each result.
   * @param input - transaction ids of scheduled deliveries
   * @param options - signal, timeout, format...
   */
  async cancelScheduledTasks(
    input: { transactionIds: readonly (string | number)[] },
    options?: OrganikCallOptions,
  ): Promise<OrganikCancelResult[]> {
    return this.#call(convertToOrganikCancelRequest(input.transactionIds), handlers.cancel, options, true);
  }

  /**
   * Lists the blacklist (`blacklist`).
   * @param options - signal, timeout, format...
   */
  async blacklist(options?: OrganikCallOptions): Promise<OrganikBlacklistEntry[]> {
    return this.#call({ requestName: 'blacklist', method: 'GET' }, handlers.blacklist, options, true);
  }

  /**
   * Adds numbers to the blacklist (`blacklistadd`); sends to them are then refused (109).
   * @param input - the numbers
   * @param options - signal, timeout, format...
   */
  async blacklistAdd(input: { gsms: readonly string[] }, options?: OrganikCallOptions): Promise<void> {
    await this.#call(
      convertToOrganikBlacklistRequest('blacklistadd', input.gsms),
      handlers.noData,
      options,
      true,
    );
  }

  /**
   * Removes numbers from the blacklist (`blacklistremove`).
   * @param input - the numbers
   * @param options - signal, timeout, format...
   */
  async blacklistRemove(input: { gsms: readonly string[] }, options?: OrganikCallOptions): Promise<void> {
    await this.#call(
      convertToOrganikBlacklistRequest('blacklistremove', input.gsms),
      handlers.noData,
      options,
      true,
    );
  }

  /**
   * Lists incoming messages that matched your keywords (`inbox`).
   * @param query - keyword and day range (at most 30 days)
   * @param options - signal, timeout, format...
   */
  async inbox(query?: OrganikInboxQuery, options?: OrganikCallOptions): Promise<OrganikInboxMessage[]> {
    return this.#call(convertToOrganikInboxRequest(query), handlers.inbox, options, true);
  }

  /** Makes the call; a bad setting or body rejects like a failed call (no synchronous throw). */
  async #call<T>(
    wire: OrganikWireRequest,
    handler: ResponseHandler<T>,
    options: OrganikCallOptions | undefined,
    idempotent: boolean,
  ): Promise<T> {
    const settings = this.#settings;
    this.#credentials ??= resolveOrganikCredentials(settings);
    const { apiKey, secrets } = this.#credentials;
    const formats = options?.format === undefined ? this.#formats : resolveOrganikFormats(options.format);
    let url = `${this.#baseUrl}/v2/${apiKey}/${wire.requestName}/${formats.request}/${formats.response}/`;
    if (wire.query) url += `?${new URLSearchParams(wire.query).toString()}`;
    let body: string | undefined;
    if (wire.method === 'POST') {
      const data = wire.data ?? {};
      // The XML writer is loaded on the first XML request, so that a JSON client does not carry it.
      body =
        formats.request === 'xml'
          ? (await import('./organik-xml')).writeOrganikXmlRequest(data)
          : JSON.stringify({ data });
    }
    const response = await request({
      providerId: ORGANIK_PROVIDER_ID,
      url,
      method: wire.method,
      headers: requestHeaders(wire.method, formats, settings.headers, options?.headers),
      body,
      secrets: wire.secrets ? [...secrets, ...wire.secrets] : secrets,
      fetch: settings.fetch,
      signal: options?.signal,
      timeoutMs: options?.timeoutMs ?? settings.timeoutMs,
      hooks: settings.hooks,
      idempotencyKey: options?.idempotencyKey,
      idempotent,
      successfulResponseHandler: handler,
      failedResponseHandler: organikFailedResponseHandler,
    });
    return response.value;
  }
}

/**
 * Creates the raw Organik client. Credentials are read when the first request is made.
 * @param settings - see {@link OrganikSettings}
 * @example
 * const client = createOrganikClient({ apiKey: process.env.ORGANIK_API_KEY });
 * const { credit } = await client.balance();
 */
export function createOrganikClient(settings: OrganikSettings = {}): OrganikClient {
  return new OrganikClient(settings);
}
