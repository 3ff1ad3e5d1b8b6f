import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sendError } from '../http-errors';
import { secretsEqual } from '../signature';
import { type AdminPrincipal, type AdminSessionStore, isOwnOrigin } from './admin-auth';
import { sessionCookie } from './cookies';
import { type AdminUser, hashPassword, parsePasswordHash, verifyPassword } from './passwords';
import { deleteEndedWindows, type SignInLimiter, sendTooManyAttempts } from './sign-in-limiter';

/** What the session routes need. */
export interface SessionRouteOptions {
  /** `ADMIN_TOKEN`, which signs in as `admin`. */
  token: string | undefined;
  /** The named users of `ADMIN_USERS`. */
  users: ReadonlyMap<string, AdminUser>;
  sessions: AdminSessionStore;
  /** Sign-in attempts per client address, counted in the store every instance shares. */
  limiter: SignInLimiter;
  /** How long a session lasts, in milliseconds. */
  lifetimeMs: number;
  publicUrl?: string;
}

const signInSchema = z.union([
  z.strictObject({ token: z.string().min(1).max(512) }),
  z.strictObject({ user: z.string().min(1).max(64), password: z.string().min(1).max(1024) }),
]);

/** The answer of a signed-in session: never the session id itself (it stays in the `HttpOnly` cookie). */
function sessionAnswer(user: string, csrfToken: string, expiresAt: Date) {
  return { user, csrfToken, expiresAt: expiresAt.toISOString() };
}

/**
 * A password check for a user that does not exist costs the same scrypt as for one that does, so that the
 * answer's timing does not tell which names exist.
 */
async function dummyHash() {
  return parsePasswordHash(await hashPassword('not-a-password-of-anyone'));
}

/**
 * Checks the credentials of a sign-in; resolves with the user name, or undefined when they are wrong.
 */
async function checkCredentials(
  body: z.infer<typeof signInSchema>,
  options: SessionRouteOptions,
  dummy: () => ReturnType<typeof dummyHash>,
): Promise<string | undefined> {
  if ('token' in body) {
    return options.token && secretsEqual(body.token, options.token) ? 'admin' : undefined;
  }
  const user = options.users.get(body.user);
  const hash = user?.hash ?? (await dummy());
  if (!hash) return undefined;
  const matches = await verifyPassword(body.password, hash);
  return matches && user ? user.name : undefined;
}

/**
 * Registers the console's sign-in:
 * - `POST /admin/session` `{ token }` or `{ user, password }` → 200 `{ user, csrfToken, expiresAt }` and the
 *   session cookie; 401 `invalid_credentials`; 429 `too_many_attempts` with `Retry-After` for the attempts
 *   after 5 from one address in 15 minutes without a successful one, wrong bearer tokens included (counted in
 *   the store, so across instances); 403 `csrf` from another site's page;
 * - `GET /admin/session` → the signed-in session, or 401;
 * - `DELETE /admin/session` → 204, the session revoked and the cookie cleared.
 * The two last ones run behind the admin API's authentication (`authenticateAdmin`).
 * @param admin - the admin API's Fastify context
 * @param options - credentials, sessions, limiter and lifetime
 */
export function registerSessionRoutes(admin: FastifyInstance, options: SessionRouteOptions): void {
  let dummy: ReturnType<typeof dummyHash> | undefined;
  const dummyOnce = () => {
    dummy ??= dummyHash();
    return dummy;
  };

  admin.post('/admin/session', { config: { public: true } }, async (request, reply) => {
    if (!options.token && options.users.size === 0) {
      return sendError(
        reply,
        503,
        'admin_disabled',
        'Set ADMIN_TOKEN (or ADMIN_USERS) to enable the console',
      );
    }
    const origin = request.headers.origin;
    if (typeof origin === 'string' && !isOwnOrigin(request, origin, options.publicUrl)) {
      return sendError(reply, 403, 'csrf', 'Sign in from the console of this service');
    }
    const parsed = signInSchema.safeParse(request.body);
    if (!parsed.success || request.bodyFormat !== 'json') {
      return sendError(reply, 400, 'invalid_body', 'Expected JSON { token } or { user, password }');
    }
    // Counted before the credentials are checked: attempts sent at once are each counted, none slips through
    // while another is being checked.
    const client = request.ip;
    const wait = await options.limiter.attempt(client);
    if (wait > 0) return sendTooManyAttempts(reply, wait);
    deleteEndedWindows(options.limiter, request.log);
    const user = await checkCredentials(parsed.data, options, dummyOnce);
    if (!user) {
      request.log.warn(
        { client, kind: 'token' in parsed.data ? 'token' : 'password' },
        'console sign-in refused',
      );
      return sendError(reply, 401, 'invalid_credentials', 'Wrong token, user or password');
    }
    await options.limiter.succeed(client);
    const session = await options.sessions.create({ user, ttlMs: options.lifetimeMs });
    // Expired sessions are deleted now and then, at a sign-in, so that the table does not grow forever.
    options.sessions.deleteExpired().catch((error: unknown) => {
      request.log.warn({ err: error }, 'expired console sessions not deleted');
    });
    request.log.info({ user }, 'console sign-in');
    const secure = request.protocol === 'https';
    reply.header(
      'set-cookie',
      sessionCookie(session.id, { maxAgeSeconds: options.lifetimeMs / 1000, secure }),
    );
    return reply.code(200).send(sessionAnswer(user, session.csrfToken, session.expiresAt));
  });

  admin.get('/admin/session', async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = request.adminPrincipal as AdminPrincipal;
    if (principal.via === 'bearer' || !principal.csrfToken || !principal.expiresAt) {
      return sendError(reply, 401, 'unauthorized', 'No console session: sign in with POST /admin/session');
    }
    return reply.send(sessionAnswer(principal.user, principal.csrfToken, principal.expiresAt));
  });

  admin.delete('/admin/session', async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = request.adminPrincipal as AdminPrincipal;
    if (principal.sessionId) await options.sessions.delete(principal.sessionId);
    request.log.info({ user: principal.user }, 'console sign-out');
    reply.header('set-cookie', sessionCookie('', { maxAgeSeconds: 0, secure: request.protocol === 'https' }));
    return reply.code(204).send();
  });
}
