import { computeWebhookSignature } from '@x/app-service-kit';
import { ApiCallError, MessagingError, NetworkError, TimeoutError } from '@x/messaging-core';
import type { OrderWriter } from '@x/order-notifications';
import { DEFAULT_OPENCART_STATUSES } from './opencart-mapping';

/**
 * Writes notes and statuses back to an OpenCart order through the extension's signed write-back route
 * (`index.php?route=extension/x_messaging/module/x_messaging_write_back`). The body carries the job step's key
 * (`job_id`), the order id, a timestamp and the note or the new `order_status_id`, signed like the extension's
 * own webhooks (`X-Webhook-Signature`: base64 HMAC-SHA256 of the body with the shop's webhook secret). The
 * extension applies each `job_id` once, so a retry whose first try reached the shop adds nothing.
 *
 * Errors are typed: a network error, a timeout or a 5xx is retryable; any other non-2xx answer (a wrong secret,
 * an unknown order, a malformed request) is not, and the write-back job fails at once. No error names the secret.
 */

/** The extension's write-back route, relative to the store's address. */
export const OPENCART_WRITE_BACK_ROUTE =
  'index.php?route=extension/x_messaging/module/x_messaging_write_back';

/** Options of {@link createOpenCartOrderWriter}. */
export interface OpenCartOrderWriterOptions {
  /** The store's address (where `index.php` is). */
  storeUrl: string;
  /** The shop's webhook secret (the extension's `module_x_messaging_secret`). */
  secret: string;
  /** The shop's status slugs by `order_status_id` (`opencartStatuses`), over the defaults. */
  statuses?: Readonly<Record<string, string>>;
  /** The clock, for the signed timestamp. */
  now?: () => Date;
  /** The fetch to use (tests, proxies); `globalThis.fetch` by default. */
  fetch?: typeof globalThis.fetch;
}

/**
 * The `order_status_id` of a status slug, with the mapping the service reads statuses with: the shop's own map
 * first, then a default install's ids. Undefined for a slug neither knows.
 * @param slug - a status slug such as `cancelled`
 * @param statuses - the shop's map (ids as keys)
 */
export function openCartStatusId(
  slug: string,
  statuses?: Readonly<Record<string, string>>,
): number | undefined {
  for (const [id, name] of Object.entries(statuses ?? {})) if (name === slug) return Number(id);
  for (const [id, name] of Object.entries(DEFAULT_OPENCART_STATUSES)) {
    if (name === slug && statuses?.[id] === undefined) return Number(id);
  }
  const numbered = /^status-(\d+)$/.exec(slug);
  return numbered ? Number(numbered[1]) : undefined;
}

/**
 * Creates the order writer of one OpenCart shop.
 * @param options - the store's address, the shop's secret and status map
 */
export function createOpenCartOrderWriter(options: OpenCartOrderWriterOptions): OrderWriter {
  const url = `${options.storeUrl.replace(/\/+$/, '')}/${OPENCART_WRITE_BACK_ROUTE}`;
  const fetchFunction = options.fetch ?? globalThis.fetch;
  const now = options.now ?? (() => new Date());

  async function post(
    step: string,
    fields: { job_id: string; order_id: string; note?: string; order_status_id?: number },
    signal: AbortSignal,
  ): Promise<void> {
    const orderId = Number(fields.order_id);
    if (!/^\d{1,10}$/.test(fields.order_id) || orderId <= 0) {
      throw new MessagingError({ message: `OpenCart ${step}: the order id is not an OpenCart order id` });
    }
    const body = JSON.stringify({
      ...fields,
      order_id: orderId,
      timestamp: Math.floor(now().getTime() / 1000),
    });
    const signature = computeWebhookSignature(body, options.secret);
    let response: Response;
    try {
      response = await fetchFunction(url, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'x-webhook-signature': signature,
        },
        signal,
        redirect: 'error',
      });
    } catch (error) {
      if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
        throw new TimeoutError({ message: `OpenCart ${step} timed out`, timeoutMs: 0, url });
      }
      throw new NetworkError({ message: `OpenCart ${step}: the store did not answer`, url });
    }
    await response.body?.cancel();
    // A job the store already applied answers 200 `already_applied`: the write is done either way.
    if (response.ok) return;
    throw new ApiCallError({
      message: `OpenCart ${step} failed (HTTP ${response.status})`,
      url,
      method: 'POST',
      statusCode: response.status,
      isRetryable: response.status >= 500 || response.status === 429,
    });
  }

  return {
    async addNote(request, signal) {
      await post('note', { job_id: request.key, order_id: request.orderId, note: request.note }, signal);
    },
    async setStatus(request, signal) {
      const statusId = openCartStatusId(request.status, options.statuses);
      if (statusId === undefined) {
        throw new MessagingError({
          message: `OpenCart status: no order_status_id for "${request.status.slice(0, 40)}" (set opencartStatuses)`,
        });
      }
      await post(
        'status',
        { job_id: request.key, order_id: request.orderId, order_status_id: statusId },
        signal,
      );
    },
  };
}
