import { type BulutfonApi, type BulutfonCallOptions, encodePath } from './bulutfon-api';
import { itemsOfPages, numberedAs, walkPages } from './bulutfon-page-items';
import {
  type BulutfonCheckedMessage,
  type BulutfonMessageSendOptions,
  messageSendOptionsSchema,
  pageOptionsSchema,
  toMessageBody,
} from './bulutfon-request-options';
import {
  type BulutfonActionResult,
  type BulutfonMessage,
  type BulutfonMessageDetail,
  type BulutfonMessagePage,
  messagePageResponseSchema,
  messageResponseSchema,
} from './bulutfon-schemas';
import { parseInput } from './bulutfon-validation';

/**
 * SMS. Bulutfon shut its v1 SMS endpoints down on 2020-12-31: on live accounts every method fails with
 * `NotFoundError` (its message says so). They are kept for the plugins and accounts that still call them, and
 * for tests against `@x/bulutfon/testing`.
 */
export interface BulutfonMessages {
  /** One page of sent SMS (`GET /messages`). */
  list(page?: { page?: number; limit?: number }, options?: BulutfonCallOptions): Promise<BulutfonMessagePage>;
  /** Every sent SMS, page after page, one page ahead and checked like `cdrs.iterate`. */
  iterate(
    options?: { limit?: number; startPage?: number } & BulutfonCallOptions,
  ): AsyncIterableIterator<BulutfonMessage>;
  /** One SMS with per-recipient state (`GET /messages/{id}`). */
  get(id: number, options?: BulutfonCallOptions): Promise<BulutfonMessageDetail>;
  /**
   * Sends (or schedules, with `sendAt`) an SMS (`POST /messages`). Never retried automatically. Bulutfon drops
   * messages beyond 6 identical or 20 different per number per hour, silently.
   */
  send(message: BulutfonMessageSendOptions, options?: BulutfonCallOptions): Promise<BulutfonActionResult>;
}

/**
 * The SMS resource of a client.
 * @param api - the client's request path
 */
export function createBulutfonMessages(api: BulutfonApi): BulutfonMessages {
  async function list(
    page: { page?: number; limit?: number } = {},
    options?: BulutfonCallOptions,
  ): Promise<BulutfonMessagePage> {
    const checked = parseInput(pageOptionsSchema, page, 'page');
    const query = { page: checked.page?.toString(), limit: checked.limit?.toString() };
    const result = await api.get('/messages', messagePageResponseSchema, options, { query, sms: true });
    // Bulutfon's answer often leaves the page number out: it is the one asked for.
    return numberedAs(result, checked.page ?? 1);
  }

  return {
    list,
    iterate: (options = {}) => {
      const { limit, startPage, signal, ...callOptions } = options;
      const pages = walkPages<BulutfonMessagePage, BulutfonMessage>({
        url: `${api.baseUrl}/messages`,
        firstPage: startPage,
        signal,
        fetchPage: ({ page, signal: pageSignal }) =>
          list({ page, limit }, { ...callOptions, signal: pageSignal }),
        itemsOf: (page) => page.messages,
        keyOf: (message) => String(message.id),
        pagination: (page) => page.pagination,
      });
      return itemsOfPages(pages, (page) => page.messages);
    },
    get: (id, options) =>
      api.get(`/messages/${encodePath(id)}`, messageResponseSchema, options, { sms: true }),
    send: (message, options) =>
      sendCheckedBulutfonMessage(api, parseInput(messageSendOptionsSchema, message, 'message'), options),
  };
}

/**
 * `POST /messages` of a message already checked (by `messages.send`, or by the provider, which reads the numbers
 * with `prepareRecipients` and the rest with `messageContentSchema`): the one place the request is written.
 * @param api - the client's request path
 * @param message - the checked message
 * @param options - per-call options
 */
export function sendCheckedBulutfonMessage(
  api: BulutfonApi,
  message: BulutfonCheckedMessage,
  options?: BulutfonCallOptions,
): Promise<BulutfonActionResult> {
  return api.write('POST', '/messages', { body: toMessageBody(message), sms: true }, options);
}
