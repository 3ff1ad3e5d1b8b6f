import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Computes a webhook signature: the base64 of HMAC-SHA256 over the exact body bytes, keyed with the shared
 * secret. This is the scheme of WooCommerce's `X-WC-Webhook-Signature` header, and the one the OpenCart
 * extension of this project uses.
 * @param body - the raw request body, byte for byte as received
 * @param secret - the webhook secret shared with the shop
 * @returns the signature as base64 text
 */
export function computeWebhookSignature(body: Uint8Array | string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/**
 * Verifies a webhook signature in constant time. A missing, empty or malformed signature is simply invalid.
 * @param body - the raw request body, byte for byte as received
 * @param signature - the value of the signature header (base64), if any
 * @param secret - the webhook secret shared with the shop
 * @returns whether the signature matches the body
 */
export function verifyWebhookSignature(
  body: Uint8Array | string,
  signature: string | undefined,
  secret: string,
): boolean {
  if (typeof signature !== 'string' || signature.length === 0 || signature.length > 256) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(signature.trim(), 'base64');
  if (given.length !== expected.length) return false;
  return timingSafeEqual(given, expected);
}

/**
 * Compares two secrets (an admin token, say) in constant time, whatever their lengths.
 * @param given - the value the caller sent
 * @param expected - the configured value
 * @returns whether they are equal
 */
export function secretsEqual(given: string, expected: string): boolean {
  const left = createHmac('sha256', 'compare').update(given).digest();
  const right = createHmac('sha256', 'compare').update(expected).digest();
  return timingSafeEqual(left, right);
}
