/**
 * Reads a `Retry-After` header: delay-seconds (`120`, `1.5`) or an HTTP date. Returns milliseconds to wait
 * (0 for a date in the past), or `undefined` when the value is missing or unreadable.
 *
 * @param value - the header value
 * @param now - the current time in epoch milliseconds (for tests)
 *
 * @example
 * parseRetryAfter('2'); // 2000
 * parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT'); // ms until then
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed.length === 0) return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const seconds = Number(trimmed);
    return Number.isFinite(seconds) ? Math.round(seconds * 1000) : undefined;
  }
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Reads how long a response asks the client to wait: `retry-after-ms` (milliseconds, non-standard but common)
 * first, then `Retry-After`.
 *
 * @param headers - the response headers
 * @param now - the current time in epoch milliseconds (for tests)
 */
export function retryAfterFromHeaders(headers: Headers, now: number = Date.now()): number | undefined {
  const milliseconds = headers.get('retry-after-ms');
  if (milliseconds !== null && /^\d+(\.\d+)?$/.test(milliseconds.trim())) {
    return Math.round(Number(milliseconds.trim()));
  }
  return parseRetryAfter(headers.get('retry-after'), now);
}
