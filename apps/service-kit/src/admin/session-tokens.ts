import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * The secrets of a console session. The id (32 random bytes, base64url) lives only in the browser's
 * `HttpOnly` cookie; the store keeps its SHA-256, so a read of the database gives no usable session. The CSRF
 * token is derived from the id (HMAC-SHA256), so every instance computes it without storing it, and it reveals
 * nothing of the id.
 */

/** A new session id: 32 random bytes, base64url. */
export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/** What a session id looks like; anything else is refused before the store is asked. */
export const SESSION_ID_FORM = /^[A-Za-z0-9_-]{43}$/;

/**
 * The key the store keeps a session under: the SHA-256 of its id, in hex.
 * @param sessionId - the cookie's value
 */
export function sessionKey(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex');
}

/**
 * The CSRF token of a session, which state-changing requests carry in `x-csrf-token`.
 * @param sessionId - the cookie's value
 */
export function csrfTokenOf(sessionId: string): string {
  return createHmac('sha256', sessionId).update('x-admin-csrf').digest('base64url');
}
