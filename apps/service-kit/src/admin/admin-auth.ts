import type { NotificationEngine } from '@x/order-notifications';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../http-errors';
import { secretsEqual } from '../signature';
import { readCookie, SESSION_COOKIE } from './cookies';
import { deleteEndedWindows, type SignInLimiter, sendTooManyAttempts } from './sign-in-limiter';

/** Who a console request acts for. */
export interface AdminPrincipal {
  /** The user name the audit log records (`admin` for the admin token). */
  user: string;
  /** How the request authenticated: a bearer token (scripts) or the session cookie (the console). */
  via: 'bearer' | 'session';
  /** The session's id (the cookie's value), for a cookie request. Never logged or answered. */
  sessionId?: string;
  /** The session's CSRF token, for a cookie request. */
  csrfToken?: string;
  /** When the session ends, for a cookie request. */
  expiresAt?: Date;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated console user, set on every `/admin` API request that passed authentication. */
    adminPrincipal?: AdminPrincipal;
  }
}

/**
 * Where console sessions live: the engine's, in the store, so that every instance of the service sees them. Ids
 * are random (256 bits) and stored only as their SHA-256.
 */
export type AdminSessionStore = NotificationEngine['sessions'];

/** What the authentication of the admin API needs. */
export interface AdminAuthOptions {
  /** `ADMIN_TOKEN`: the bearer token of scripts, and the sign-in of user `admin`. */
  token: string | undefined;
  /** Whether named users exist (`ADMIN_USERS`): the console can then be signed in to without a token. */
  hasUsers: boolean;
  /** The sessions. */
  sessions: AdminSessionStore;
  /** The limit of failed credentials per client address, which wrong bearer tokens count against. */
  limiter: SignInLimiter;
  /** The service's public address (`server.publicUrl`), one of the origins a console request may come from. */
  publicUrl?: string;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function headerOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Whether a request's `Origin` is the service's own: the public URL's origin, or the origin the request was
 * addressed to (its scheme, as Fastify reads it with the configured proxy trust, and its `Host`).
 */
export function isOwnOrigin(request: FastifyRequest, origin: string, publicUrl: string | undefined): boolean {
  const own = new Set<string>([`${request.protocol}://${request.host}`.toLowerCase()]);
  if (publicUrl) own.add(new URL(publicUrl).origin.toLowerCase());
  return own.has(origin.toLowerCase());
}

/**
 * The session of a request's cookie, or why there is none usable.
 * @returns the principal, or `undefined` when the request carries no session cookie at all
 */
async function sessionPrincipal(
  request: FastifyRequest,
  options: AdminAuthOptions,
): Promise<AdminPrincipal | 'invalid' | undefined> {
  const sessionId = readCookie(headerOf(request, 'cookie'), SESSION_COOKIE);
  if (sessionId === undefined || sessionId === '') return undefined;
  const session = await options.sessions.get(sessionId);
  if (!session) return 'invalid';
  const { user, csrfToken, expiresAt } = session;
  return { user, via: 'session', sessionId, csrfToken, expiresAt };
}

/**
 * Checks a cookie request that changes state: `x-csrf-token` must be the session's token (compared in
 * constant time), and an `Origin` header, when present, the service's own.
 */
function passesCsrf(request: FastifyRequest, csrfToken: string, publicUrl: string | undefined): boolean {
  const origin = headerOf(request, 'origin');
  if (origin !== undefined && !isOwnOrigin(request, origin, publicUrl)) return false;
  const given = headerOf(request, 'x-csrf-token') ?? '';
  return given.length > 0 && given.length <= 128 && csrfToken !== '' && secretsEqual(given, csrfToken);
}

/**
 * Checks `Authorization: Bearer <ADMIN_TOKEN>` against the limit of the client address; answers and returns
 * false when the request may not go on. The token is compared in memory (in constant time) and its attempt
 * counted at once, before anything is awaited (`SignInLimiter.bearer`), so that the answer to a guess sent with
 * many others depends on its place in the count, never on whether it is right. Each refusal is logged at warn
 * with the client's address and the reason, never the token.
 */
async function passesBearer(
  request: FastifyRequest,
  reply: FastifyReply,
  authorization: string,
  options: AdminAuthOptions,
): Promise<boolean> {
  // The scheme name is case-insensitive (RFC 9110, section 11.1): `bearer` and `BEARER` are `Bearer`.
  const given = /^bearer[ \t]+(.+)$/i.exec(authorization)?.[1]?.trim() ?? '';
  const right = Boolean(options.token) && given !== '' && secretsEqual(given, options.token ?? '');
  const client = request.ip;
  const wait = await options.limiter.bearer(client, right);
  if (wait > 0) {
    request.log.warn({ client, via: 'bearer', reason: 'too_many_attempts' }, 'admin API token refused');
    sendTooManyAttempts(reply, wait);
    return false;
  }
  if (!right) {
    request.log.warn({ client, via: 'bearer', reason: 'wrong_token' }, 'admin API token refused');
    deleteEndedWindows(options.limiter, request.log);
    sendError(reply, 401, 'unauthorized', 'Missing or invalid bearer token');
    return false;
  }
  request.adminPrincipal = { user: 'admin', via: 'bearer' };
  return true;
}

/**
 * Authenticates an admin API request and sets `request.adminPrincipal`; answers the errors itself and returns
 * false when the request may not go on:
 * - 503 `admin_disabled` when neither `ADMIN_TOKEN` nor `ADMIN_USERS` is set;
 * - `Authorization: Bearer <ADMIN_TOKEN>` (the scheme in any case, compared in constant time) acts as `admin`,
 *   without CSRF checks (no browser sends it by itself); any other `Authorization` is a failed attempt of the
 *   client address, 401 `unauthorized`, counted against the sign-in's limit: past it, the address gets 429
 *   `too_many_attempts` for any `Authorization`, the right token included, until its window ends;
 * - otherwise the session cookie: 401 `unauthorized` when missing, unknown, expired or revoked; a POST, PUT,
 *   PATCH or DELETE needs the session's `x-csrf-token` and, when it has an `Origin`, the service's own origin
 *   (403 `csrf`). Cookie requests are not counted: a session id (256 random bits) is no guess of the token, and
 *   a console whose session has ended must still be able to sign in.
 * @param request - the request
 * @param reply - its reply
 * @param options - the token, the sessions and the public URL
 */
export async function authenticateAdmin(
  request: FastifyRequest,
  reply: FastifyReply,
  options: AdminAuthOptions,
): Promise<boolean> {
  if (!options.token && !options.hasUsers) {
    sendError(reply, 503, 'admin_disabled', 'Set ADMIN_TOKEN (or ADMIN_USERS) to enable the admin API');
    return false;
  }
  const authorization = headerOf(request, 'authorization');
  if (authorization !== undefined) return passesBearer(request, reply, authorization, options);
  const principal = await sessionPrincipal(request, options);
  if (principal === undefined || principal === 'invalid') {
    sendError(reply, 401, 'unauthorized', 'Sign in first (POST /admin/session), or send a bearer token');
    return false;
  }
  if (
    STATE_CHANGING.has(request.method) &&
    !passesCsrf(request, principal.csrfToken ?? '', options.publicUrl)
  ) {
    sendError(reply, 403, 'csrf', 'A missing or wrong x-csrf-token, or a request from another site');
    return false;
  }
  request.adminPrincipal = principal;
  return true;
}

/**
 * The user a request acts for; only for routes behind {@link authenticateAdmin}.
 * @param request - the request
 */
export function adminUserOf(request: FastifyRequest): string {
  return request.adminPrincipal?.user ?? 'admin';
}
