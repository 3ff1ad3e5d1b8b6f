import type { OrderWriter } from '@x/order-notifications';
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

/** What a failed write says: the step and the HTTP status, never the URL's credentials or the body. */
function writeError(step: string, status: number | string): Error {
  return new Error(`WooCommerce ${step} failed (${typeof status === 'number' ? `HTTP ${status}` : status})`);
}

/**
 * Creates the order writer of one WooCommerce shop.
 * @param options - the store's address and REST key
 */
export function createWooRestOrderWriter(options: WooRestOrderWriterOptions): OrderWriter {
  const base = options.storeUrl.replace(/\/+$/, '');
  const authorization = `Basic ${Buffer.from(`${options.consumerKey}:${options.consumerSecret}`).toString('base64')}`;
  const fetchFunction = options.fetch ?? globalThis.fetch;
  const orderUrl = (orderId: string) => `${base}/wp-json/wc/v3/orders/${encodeURIComponent(orderId)}`;

  async function call(step: string, url: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await fetchFunction(url, {
        ...init,
        headers: { authorization, accept: 'application/json', 'content-type': 'application/json' },
      });
    } catch (error) {
      throw writeError(
        step,
        error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'no answer',
      );
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw writeError(step, response.status);
    }
    return response;
  }

  return {
    async addNote(request, signal) {
      const url = `${orderUrl(request.orderId)}/notes`;
      if (request.retry) {
        const listed = await call('note lookup', `${url}?per_page=100`, { method: 'GET', signal });
        const notes = notesSchema.safeParse(await listed.json().catch(() => undefined));
        if (notes.success && notes.data.some((note) => note.note === request.note)) return;
      }
      const answer = await call('note', url, {
        method: 'POST',
        body: JSON.stringify({ note: request.note, customer_note: false }),
        signal,
      });
      await answer.body?.cancel();
    },
    async setStatus(request, signal) {
      const answer = await call('status', orderUrl(request.orderId), {
        method: 'PUT',
        body: JSON.stringify({ status: request.status }),
        signal,
      });
      await answer.body?.cancel();
    },
  };
}
