import { storeRequest } from '@x/app-service-kit';

/** A shop's REST API key: what the order writer and the order lookup share. */
export interface WooRestKey {
  /** The shop's address, e.g. `https://magaza.example.com` (the REST API is under `/wp-json/wc/v3`). */
  storeUrl: string;
  /** A WooCommerce REST API key (WooCommerce > Settings > Advanced > REST API). */
  consumerKey: string;
  /** The key's secret. */
  consumerSecret: string;
  /** The fetch to use (tests, proxies); `globalThis.fetch` by default. */
  fetch?: typeof globalThis.fetch;
}

/** One call of {@link WooRestCall}. */
export interface WooRestCallOptions {
  method: 'GET' | 'POST' | 'PUT';
  /** The path under `/wp-json/wc/v3` (`orders/42/notes`), its parts already encoded. */
  path: string;
  /** Sent as JSON. */
  body?: unknown;
  signal: AbortSignal;
  timeoutMs: number;
}

/** Calls the shop's REST API; resolves with the answer's JSON (see {@link wooRestCall}). */
export type WooRestCall = (call: WooRestCallOptions) => Promise<unknown>;

/**
 * The REST API v3 of one shop, with HTTP Basic authentication by its key (which WooCommerce accepts over HTTPS).
 * Failures are typed (`storeRequest`): a network error, a timeout, a 429 or a 5xx is retryable; a refused key
 * (401/403, `AuthenticationError`), any other non-2xx or a redirect (never followed, so the key is never sent
 * elsewhere) is not. No error names the key or its secret.
 * @param key - the shop's address and REST key
 * @returns the function that makes one call
 */
export function wooRestCall(key: WooRestKey): WooRestCall {
  const base = `${key.storeUrl.replace(/\/+$/, '')}/wp-json/wc/v3`;
  const authorization = `Basic ${Buffer.from(`${key.consumerKey}:${key.consumerSecret}`).toString('base64')}`;
  return (call) =>
    storeRequest({
      platform: 'woocommerce',
      method: call.method,
      url: `${base}/${call.path}`,
      headers: {
        authorization,
        accept: 'application/json',
        ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
      secrets: [key.consumerKey, key.consumerSecret, authorization],
      idempotent: call.method !== 'POST',
      signal: call.signal,
      timeoutMs: call.timeoutMs,
      ...(key.fetch ? { fetch: key.fetch } : {}),
    });
}
