import type { OrderWriteBack, OrderWriter } from '@x/order-notifications';
import { z } from 'zod';
import { type WooRestKey, wooRestCall } from './woocommerce-rest';

/**
 * Writes notes and statuses back to a WooCommerce order with the REST API: `POST /wp-json/wc/v3/orders/{id}/notes`
 * (a private note) and `PUT /wp-json/wc/v3/orders/{id}` (`{ "status": … }`), with a REST key that has write
 * access. A status is idempotent by itself; a note is looked up among the order's notes before a retry posts it,
 * so a write whose answer was lost is not written twice.
 */

/** Options of {@link createWooRestOrderWriter}: the shop's address and a REST key with read/write access. */
export type WooRestOrderWriterOptions = WooRestKey;

const notesSchema = z.array(z.object({ note: z.string().nullish() }).passthrough());

/**
 * Creates the order writer of one WooCommerce shop. Errors are typed (see {@link wooRestCall}): a network error,
 * a timeout or a 5xx is retried; a refused key (401/403), an unknown order or a redirect fails the write-back at
 * once. No error names the key.
 * @param options - the store's address and REST key
 */
export function createWooRestOrderWriter(options: WooRestOrderWriterOptions): OrderWriter {
  const rest = wooRestCall(options);
  const orderPath = (orderId: string) => `orders/${encodeURIComponent(orderId)}`;
  const call = (
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    write: OrderWriteBack,
    signal: AbortSignal,
    body?: unknown,
  ) => rest({ method, path, body, signal, timeoutMs: write.timeoutMs });

  return {
    async addNote(request, signal) {
      const path = `${orderPath(request.orderId)}/notes`;
      if (request.retry) {
        const notes = notesSchema.safeParse(await call('GET', `${path}?per_page=100`, request, signal));
        if (notes.success && notes.data.some((note) => note.note === request.note)) return;
      }
      await call('POST', path, request, signal, { note: request.note, customer_note: false });
    },
    async setStatus(request, signal) {
      await call('PUT', orderPath(request.orderId), request, signal, { status: request.status });
    },
  };
}
