/** The session cookie's name. */
export const SESSION_COOKIE = 'x_admin_session';

/**
 * Reads one cookie of a `Cookie` header (the first of that name); values are not decoded, since the session
 * id is base64url.
 * @param header - the request's `Cookie` header
 * @param name - the cookie
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header || header.length > 8192) return undefined;
  for (const part of header.split(';')) {
    const equals = part.indexOf('=');
    if (equals < 0) continue;
    if (part.slice(0, equals).trim() === name) return part.slice(equals + 1).trim();
  }
  return undefined;
}

/**
 * The `Set-Cookie` value of the session: `HttpOnly; SameSite=Strict; Path=/admin`, `Secure` over HTTPS.
 * @param value - the session id, or `''` to clear the cookie
 * @param options - its lifetime in seconds (0 clears it) and whether the request came over HTTPS
 */
export function sessionCookie(value: string, options: { maxAgeSeconds: number; secure: boolean }): string {
  const parts = [
    `${SESSION_COOKIE}=${value}`,
    'Path=/admin',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
  ];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}
