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
} from './convert-to-organik-request';
import { OrganikApi } from './organik-api';
import { createOrganikResponseHandler, organikSendResultHandler } from './organik-response';
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
} from './organik-schemas';
import type { OrganikCallOptions, OrganikSettings } from './organik-settings';

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

const handlers = {
  balance: createOrganikResponseHandler(balanceSchema),
  headers: createOrganikResponseHandler(headersSchema, { whenNoRecords: () => [] }),
  send: organikSendResultHandler,
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
  readonly #api: OrganikApi;

  /**
   * @param settings - see {@link OrganikSettings}
   * @param api - the request path to send through (default: one made from `settings`); `createOrganik` gives its
   *   client and its own sends one, so that both read the credentials once
   */
  constructor(settings: OrganikSettings = {}, api: OrganikApi = new OrganikApi(settings)) {
    this.#api = api;
  }

  /** A description without secrets. */
  toString(): string {
    return `OrganikClient(${this.#api.baseUrl})`;
  }

  /** A JSON view without secrets. */
  toJSON(): Record<string, unknown> {
    return { baseUrl: this.#api.baseUrl };
  }

  /**
   * Reads the balance (`balance`).
   * @param options - signal, timeout, format...
   */
  async balance(options?: OrganikCallOptions): Promise<OrganikBalance> {
    return this.#api.call({ requestName: 'balance', method: 'GET' }, handlers.balance, options, true);
  }

  /**
   * Lists the sender ids (`headers`).
   * @param options - signal, timeout, format...
   */
  async headers(options?: OrganikCallOptions): Promise<OrganikHeader[]> {
    return this.#api.call({ requestName: 'headers', method: 'GET' }, handlers.headers, options, true);
  }

  /**
   * Sends one text with a GET request (`smsviaget`). Never retried blindly: a failure with `maybeDelivered` may
   * have sent the message.
   * @param input - sender, numbers and/or groups, text, options
   * @param options - signal, timeout, format...
   */
  async smsViaGet(input: OrganikSmsViaGetInput, options?: OrganikCallOptions): Promise<OrganikSendResult> {
    return this.#api.call(convertToOrganikSmsViaGetRequest(input), handlers.send, options, false);
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
    return this.#api.call(convertToOrganikSendSmsRequest(input), handlers.send, options, false);
  }

  /**
   * One row per number for the given ids (`detailedreport`); an empty list when nothing matches.
   * @param query - transaction ids, your track ids and/or gsm track ids
   * @param options - signal, timeout, format...
   */
  async detailedReport(query: OrganikReportQuery, options?: OrganikCallOptions): Promise<OrganikReportRow[]> {
    return this.#api.call(
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
    return this.#api.call(
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
    return this.#api.call({ requestName: 'groups', method: 'GET' }, handlers.groups, options, true);
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
    return this.#api.call(
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
    return this.#api.call(convertToOrganikGroupAddRequest(input.names), handlers.groupAdd, options, false);
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
    return this.#api.call(
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
    return this.#api.call(
      convertToOrganikCancelRequest(input.transactionIds),
      handlers.cancel,
      options,
      true,
    );
  }

  /**
   * Lists the blacklist (`blacklist`).
   * @param options - signal, timeout, format...
   */
  async blacklist(options?: OrganikCallOptions): Promise<OrganikBlacklistEntry[]> {
    return this.#api.call({ requestName: 'blacklist', method: 'GET' }, handlers.blacklist, options, true);
  }

  /**
   * Adds numbers to the blacklist (`blacklistadd`); sends to them are then refused (109).
   * @param input - the numbers
   * @param options - signal, timeout, format...
   */
  async blacklistAdd(input: { gsms: readonly string[] }, options?: OrganikCallOptions): Promise<void> {
    await this.#api.call(
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
    await this.#api.call(
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
    return this.#api.call(convertToOrganikInboxRequest(query), handlers.inbox, options, true);
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
