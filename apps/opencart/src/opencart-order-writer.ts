import { computeWebhookSignature, storeRequest } from '@x/app-service-kit';
import { MessagingError } from '@x/messaging-core';
import type { OrderWriteBack, OrderWriter } from '@x/order-notifications';
import { DEFAULT_OPENCART_STATUSES } from './opencart-mapping';

/**
 * Writes notes and statuses back to an OpenCart order through the extension's signed write-back route
 * (`index.php?route=extension/x_messaging/module/x_messaging_write_back`). The body carries the job step's key
 * (`job_id`), the order id, a timestamp and the note or the new `order_status_id`, signed like the extension's
 * own webhooks (`X-Webhook-Signature`: base64 HMAC-SHA256 of the body with the shop's webhook secret). The
 * extension applies each `job_id` once, so a retry whose first try reached the shop adds nothing.
 *
 * Errors are typed (`storeRequest`): a network error, a timeout or a 5xx is retryable; a redirect (never
 * followed) or any other non-2xx answer (a wrong secret, an unknown order, a malformed request) is not, and the
 * write-back job fails at once. No error names the secret.
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
  const now = options.now ?? (() => new Date());

  async function post(
    step: string,
    fields: { job_id: string; order_id: string; note?: string; order_status_id?: number },
    write: OrderWriteBack,
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
    // A job the store already applied answers 200 `already_applied`: the write is done either way.
    await storeRequest({
      platform: 'opencart',
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'x-webhook-signature': signature,
      },
      body,
      secrets: [options.secret, signature],
      // The extension applies each job id once.
      idempotent: true,
      signal,
      timeoutMs: write.timeoutMs,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  return {
    async addNote(request, signal) {
      await post(
        'note',
        { job_id: request.key, order_id: request.orderId, note: request.note },
        request,
        signal,
      );
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
        request,
        signal,
      );
    },
  };
}
