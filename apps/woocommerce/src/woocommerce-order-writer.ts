import { storeRequest } from '@x/app-service-kit';
import type { OrderWriteBack, OrderWriter } from '@x/order-notifications';
import { z } from 'zod';

/**
 * Writes notes and statuses back to a WooCommerce order with the REST API: `POST /wp-json/wc/v3/orders/{id}/notes`
 * (a private note) and `PUT /wp-json/wc/v3/orders/{id}` (`{ "status": … }`), with a REST key that has write
 * access. A status is idempotent by itself; a note is looked up among the order's notes before a retry posts it,
 * so a write whose answer was lost is not written twice.
 */

/** Options of {@link createWooRestOrderWriter}. */
export interface WooRestOrderWriterOptions {
  /** The shop's address (the REST API is under `/wp-json/wc/v3`). */
  storeUrl: string;
  /** A WooCommerce REST API key with read/write access. */
  consumerKey: string;
  /** The key's secret. */
  consumerSecret: string;
  /** The fetch to use (tests, proxies); `globalThis.fetch` by default. */
  fetch?: typeof globalThis.fetch;
}

const notesSchema = z.array(z.object({ note: z.string().nullish() }).passthrough());

/**
 * Creates the order writer of one WooCommerce shop. Errors are typed (`storeRequest`): a network error, a
 * timeout or a 5xx is retried; a refused key (401/403), an unknown order or a redirect (never followed, so the
 * key is never sent elsewhere) fails the write-back at once. No error names the key.
 * @param options - the store's address and REST key
 */
export function createWooRestOrderWriter(options: WooRestOrderWriterOptions): OrderWriter {
  const base = options.storeUrl.replace(/\/+$/, '');
  const authorization = `Basic ${Buffer.from(`${options.consumerKey}:${options.consumerSecret}`).toString('base64')}`;
  const orderUrl = (orderId: string) => `${base}/wp-json/wc/v3/orders/${encodeURIComponent(orderId)}`;

  function call(
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    write: OrderWriteBack,
    signal: AbortSignal,
    body?: unknown,
  ): Promise<unknown> {
    return storeRequest({
      platform: 'woocommerce',
      method,
      url,
      headers: { authorization, accept: 'application/json', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      secrets: [options.consumerKey, options.consumerSecret, authorization],
      idempotent: method !== 'POST',
      signal,
      timeoutMs: write.timeoutMs,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  return {
    async addNote(request, signal) {
      const url = `${orderUrl(request.orderId)}/notes`;
      if (request.retry) {
        const notes = notesSchema.safeParse(await call('GET', `${url}?per_page=100`, request, signal));
        if (notes.success && notes.data.some((note) => note.note === request.note)) return;
      }
      await call('POST', url, request, signal, { note: request.note, customer_note: false });
    },
    async setStatus(request, signal) {
      await call('PUT', orderUrl(request.orderId), request, signal, { status: request.status });
    },
  };
}
