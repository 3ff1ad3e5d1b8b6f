import { ApiCallError, formatValidationIssues, ValidationError } from '@x/messaging-core';
import type { OrderSnapshot } from './order-snapshot-cache';
import { mapWooOrder, mapWooOrderCustomer } from './woocommerce-mapping';
import { wooOrderSchema } from './woocommerce-payloads';
import { type WooRestKey, wooRestCall } from './woocommerce-rest';

/** Finds an order the service has not seen in a webhook; `undefined` when the shop has no such order. */
export type WooOrderLookup = (orderId: string) => Promise<OrderSnapshot | undefined>;

/** Options of {@link createWooRestOrderLookup}: the shop's address, a REST key with read access, and limits. */
export interface WooRestOrderLookupOptions extends WooRestKey {
  /** Limit of one lookup (default 3 s): a webhook should not wait long. */
  timeoutMs?: number;
  /** Order meta keys that may hold a tracking number. */
  trackingMetaKeys?: readonly string[];
}

/**
 * Reads an order from the WooCommerce REST API (`GET /wp-json/wc/v3/orders/:id`, see {@link wooRestCall}). Used
 * for a customer note on an order the service has not seen since it started.
 * @param options - store address, credentials and limits
 * @returns a lookup: the mapped order and customer, or `undefined` for an unknown order (404)
 * @throws MessagingError (from the lookup) on a network failure, a timeout, a refused key, another status, a
 *   redirect or an answer that is not an order; none names the key or its secret
 */
export function createWooRestOrderLookup(options: WooRestOrderLookupOptions): WooOrderLookup {
  const rest = wooRestCall(options);
  const timeoutMs = options.timeoutMs ?? 3000;
  return async (orderId) => {
    let answer: unknown;
    try {
      answer = await rest({
        method: 'GET',
        path: `orders/${encodeURIComponent(orderId)}`,
        signal: AbortSignal.timeout(timeoutMs),
        timeoutMs,
      });
    } catch (error) {
      if (ApiCallError.isInstance(error) && error.statusCode === 404) return undefined;
      throw error;
    }
    const parsed = wooOrderSchema.safeParse(answer);
    if (!parsed.success) {
      const issues = parsed.error.issues.map(({ path, message, code }) => ({ path, message, code }));
      throw new ValidationError({
        message: `woocommerce: the order lookup did not answer with an order (${formatValidationIssues(issues, { max: 3 })}).`,
        providerId: 'woocommerce',
        target: 'response',
        issues,
      });
    }
    return {
      order: mapWooOrder(parsed.data, options.trackingMetaKeys),
      customer: mapWooOrderCustomer(parsed.data),
    };
  };
}
