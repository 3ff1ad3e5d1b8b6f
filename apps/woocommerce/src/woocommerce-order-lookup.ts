import type { OrderSnapshot } from './order-snapshot-cache';
import { mapWooOrder, mapWooOrderCustomer } from './woocommerce-mapping';
import { wooOrderSchema } from './woocommerce-payloads';

/** Finds an order the service has not seen in a webhook; `undefined` when the shop has no such order. */
export type WooOrderLookup = (orderId: string) => Promise<OrderSnapshot | undefined>;

/** Options of {@link createWooRestOrderLookup}. */
export interface WooRestOrderLookupOptions {
  /** The shop's address, e.g. `https://magaza.example.com` (the REST API is under `/wp-json/wc/v3`). */
  storeUrl: string;
  /** A WooCommerce REST API key with read access (WooCommerce > Settings > Advanced > REST API). */
  consumerKey: string;
  /** The key's secret. */
  consumerSecret: string;
  /** Limit of one lookup (default 3 s): a webhook should not wait long. */
  timeoutMs?: number;
  /** Order meta keys that may hold a tracking number. */
  trackingMetaKeys?: readonly string[];
  /** The fetch to use (tests, proxies); `globalThis.fetch` by default. */
  fetch?: typeof globalThis.fetch;
}

/**
 * Reads an order from the WooCommerce REST API (`GET /wp-json/wc/v3/orders/:id`, HTTP Basic authentication with
 * the consumer key and secret, which WooCommerce accepts over HTTPS). Used for a customer note on an order the
 * service has not seen since it started. The key and secret never appear in an error message.
 * @param options - store address, credentials and limits
 * @returns a lookup: the mapped order and customer, or `undefined` for an unknown order
 * @throws Error (from the lookup) on a network failure, timeout, another status or a response that is not an order
 */
export function createWooRestOrderLookup(options: WooRestOrderLookupOptions): WooOrderLookup {
  const base = options.storeUrl.replace(/\/+$/, '');
  const authorization = `Basic ${Buffer.from(`${options.consumerKey}:${options.consumerSecret}`).toString('base64')}`;
  const fetchFunction = options.fetch ?? globalThis.fetch;
  return async (orderId) => {
    const url = `${base}/wp-json/wc/v3/orders/${encodeURIComponent(orderId)}`;
    let response: Response;
    try {
      response = await fetchFunction(url, {
        headers: { authorization, accept: 'application/json' },
        signal: AbortSignal.timeout(options.timeoutMs ?? 3000),
      });
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'failed';
      throw new Error(`WooCommerce order lookup ${reason}`);
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`WooCommerce order lookup answered HTTP ${response.status}`);
    }
    const parsed = wooOrderSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new Error('WooCommerce order lookup did not return an order');
    return {
      order: mapWooOrder(parsed.data, options.trackingMetaKeys),
      customer: mapWooOrderCustomer(parsed.data),
    };
  };
}
