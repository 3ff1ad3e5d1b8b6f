import type { SmsProviderV1 } from '@x/messaging-core';
import type { FastifyInstance } from 'fastify';
import { type AdminSessionStore, authenticateAdmin } from './admin-auth';
import type { AdminRouteContext, AdminShop } from './admin-context';
import type { AdminConsoleEngine } from './admin-engine';
import { registerAuditRoutes } from './audit-routes';
import { registerMessageActionRoutes } from './message-action-routes';
import { registerMessageRoutes } from './message-routes';
import { registerOptOutRoutes } from './opt-out-routes';
import { registerOverviewRoutes } from './overview-routes';
import type { AdminUser } from './passwords';
import { registerPreviewRoutes } from './preview-routes';
import { registerSessionRoutes } from './session-routes';
import { registerSetupRoutes, type SetupRouteOptions } from './setup-routes';
import { createSignInLimiter, type SignInLimiter } from './sign-in-limiter';
import { registerTemplateRoutes } from './template-routes';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A route of the admin API that needs no authentication (the sign-in). */
    public?: boolean;
  }
}

/** A group of admin routes, registered behind the admin API's authentication. */
export type AdminRouteGroup = (admin: FastifyInstance, context: AdminRouteContext) => void;

/** Options of {@link registerAdminApi}. */
export interface AdminApiOptions {
  /** The engine (see `AdminConsoleEngine`). */
  engine: AdminConsoleEngine;
  /** The providers, by the engine's key, for the overview's balances. */
  providers: Readonly<Record<string, SmsProviderV1>>;
  /** The configured shops. */
  shops: readonly AdminShop[];
  /** `ADMIN_TOKEN`: the bearer token of scripts and the sign-in of user `admin`. */
  token: string | undefined;
  /** The named users of `ADMIN_USERS`. */
  users?: ReadonlyMap<string, AdminUser>;
  /** How long a console session lasts, in milliseconds (12 hours). */
  sessionLifetimeMs?: number;
  /** `server.publicUrl`: the origin console requests may come from, and the base of the webhook URLs. */
  publicUrl?: string;
  /** What the setup page needs besides the public URL. */
  setup: Omit<SetupRouteOptions, 'publicUrl'>;
  /**
   * The limit of sign-ins and wrong bearer tokens (5 attempts per address in 15 minutes, counted in the engine's
   * store, by default).
   */
  limiter?: SignInLimiter;
  /** More route groups behind the same authentication. */
  groups?: readonly AdminRouteGroup[];
}

/** The default lifetime of a console session: 12 hours. */
export const DEFAULT_SESSION_LIFETIME_MS = 12 * 3_600_000;

/**
 * Registers the JSON admin API of the console under `/admin` (see the README's table): the sign-in, the
 * shops, the message log and its actions, templates with versions and preview, test SMS, opt-outs, setup,
 * overview and audit, and the given extra groups. Every route but the sign-in authenticates first
 * (`authenticateAdmin`: a bearer token, or the session cookie with its CSRF token for changes); answers are
 * `Cache-Control: no-store`; every error is `{ error: { code, message } }`.
 * @param app - the service's server
 * @param options - engine, shops, credentials and the facts of the setup page
 */
export function registerAdminApi(app: FastifyInstance, options: AdminApiOptions): void {
  const users = options.users ?? new Map<string, AdminUser>();
  const sessions: AdminSessionStore = options.engine.sessions;
  const context: AdminRouteContext = {
    engine: options.engine,
    providers: options.providers,
    shops: new Map(options.shops.map((shop) => [shop.id, shop])),
  };
  // One limit per client address for sign-ins and bearer tokens.
  const limiter = options.limiter ?? createSignInLimiter({ store: sessions });
  const authOptions = {
    token: options.token,
    hasUsers: users.size > 0,
    sessions,
    limiter,
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
  };
  app.register(async (admin) => {
    admin.addHook('onRequest', async (request, reply) => {
      reply.header('cache-control', 'no-store');
      if (request.routeOptions.config.public) return;
      if (!(await authenticateAdmin(request, reply, authOptions))) return reply;
    });
    registerSessionRoutes(admin, {
      token: options.token,
      users,
      sessions,
      limiter,
      lifetimeMs: options.sessionLifetimeMs ?? DEFAULT_SESSION_LIFETIME_MS,
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    });
    registerMessageRoutes(admin, context);
    registerMessageActionRoutes(admin, context);
    registerTemplateRoutes(admin, context);
    registerPreviewRoutes(admin, context);
    registerOptOutRoutes(admin, context);
    registerOverviewRoutes(admin, context);
    registerSetupRoutes(admin, context, {
      ...options.setup,
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    });
    registerAuditRoutes(admin, context);
    for (const group of options.groups ?? []) group(admin, context);
  });
}
