import type { ProviderDescriptorV1, SmsProviderV1 } from '@x/messaging-core';
import {
  createNotificationEngine,
  createPostgresStore,
  createSqliteStore,
  type Dispatcher,
  type DispatcherOptions,
  type EngineLogger,
  type NotificationEngine,
  type OrderWriter,
  type OutboxStore,
  parseNotificationConfig,
  type VoiceTimings,
} from '@x/order-notifications';
import type { FastifyInstance } from 'fastify';
import type { DestinationStream, Logger } from 'pino';
import { type AdminRouteGroup, DEFAULT_SESSION_LIFETIME_MS, registerAdminApi } from './admin/admin-api';
import type { AdminShop } from './admin/admin-context';
import { callRoutes } from './admin/call-routes';
import { parseAdminUsers } from './admin/passwords';
import { tokenStrength } from './admin/setup-checklist';
import type { PlatformWebhook } from './admin/setup-routes';
import { registerConsoleRoutes } from './console-routes';
import { createHttpServer, type HttpServerOptions } from './http-server';
import { closeHttpServer } from './http-shutdown';
import { createLogger } from './logger';
import { buildProviders } from './providers';
import { registerReportPushRoute } from './report-push-route';
import { loadServiceConfig, notificationShops, type ServiceConfig } from './service-config';
import type { ServerSettings } from './service-settings';
import { buildVoiceProviders, type ServiceVoiceProviders } from './voice-providers';
import { registerVoiceWebhookRoute } from './voice-webhook-route';
import { checkWarmUpAmount, type PlatformWarmUp, type WarmUpOptions, warmUpService } from './warm-up';

/** What a platform app adds to the shared service: its webhook routes. */
export interface PlatformModule {
  /** `woocommerce`, `opencart`: used in logs. */
  name: string;
  /** Registers the platform's routes on the server. */
  register(app: FastifyInstance, context: PlatformContext): void;
  /**
   * Optional: the platform's part of the warm-up before the service listens (see `warmUpService`): for one
   * shop, requests refused at the signature check and events mapped from sample payloads; no side effects.
   */
  warmUp?(shopId: string, context: PlatformContext): PlatformWarmUp;
  /**
   * Optional: the webhook endpoints a shop has to call, one per topic (the console's setup page joins each path
   * with `server.publicUrl`, so that the owner pastes the exact URL).
   */
  webhooks?(shopId: string): PlatformWebhook[];
  /**
   * Optional: how notes and statuses are written back to each shop's orders (cash-on-delivery confirmation
   * calls), by shop id; shops without one get no write-back.
   */
  orderWriters?(config: ServiceConfig): Record<string, OrderWriter>;
}

/**
 * What a platform's webhook route reports, for the console's setup page: each delivery accepted (its topic) and
 * each delivery refused at the signature check. Reporting never waits and never fails a webhook: the engine
 * gathers the figures in memory and writes them in the background.
 */
export interface WebhookStatsReporter {
  /** A delivery of `topic` was accepted for the shop. */
  delivered(shopId: string, topic: string): void;
  /** A delivery for the shop was refused at the signature check. */
  signatureFailed(shopId: string): void;
}

/** What a platform's routes get from the service. */
export interface PlatformContext {
  engine: NotificationEngine;
  config: ServiceConfig;
  logger: Logger;
  /** Where the routes report accepted deliveries and refused signatures (the console's setup page). */
  webhookStats: WebhookStatsReporter;
}

/** Options of {@link createService}. */
export interface ServiceOptions {
  /** The validated configuration ({@link loadServiceConfig} or {@link parseServiceConfig}). */
  config: ServiceConfig;
  /** The platform's routes. */
  platform: PlatformModule;
  /** The logger; one from {@link createLogger} with the configured secrets by default. */
  logger?: Logger;
  /**
   * The provider descriptors shops can name by id (`"provider": "sandbox"`): the platform app lists the ones it
   * ships with. Packages and modules named by the configuration are loaded the same way.
   */
  builtInProviders?: readonly ProviderDescriptorV1[];
  /**
   * Providers by key, instead of the ones the configuration names (tests, demos, benchmarks); each shop's
   * `provider` is then the key.
   */
  providers?: Record<string, SmsProviderV1>;
  /** Where the logger built by the service writes (standard output by default); ignored with `logger`. */
  logDestination?: DestinationStream;
  /** The outbox, instead of the SQLite file or PostgreSQL database of the configuration. */
  store?: OutboxStore;
  /**
   * Whether `start()` warms the request path up before listening (default true; see `warmUpService`), or how
   * much. More `connections` than the default 200 bring Node's and Fastify's per-connection code nearer its
   * optimised speed, at about 0.4 ms of start each on an idle machine; the WooCommerce bench
   * (`BENCH_WARM_UP_CONNECTIONS`) measures what that gives.
   */
  warmUp?: boolean | Pick<WarmUpOptions, 'connections' | 'rounds'>;
  /** More admin API routes, behind the console's authentication (the voice routes' call log). */
  adminRouteGroups?: readonly AdminRouteGroup[];
  /** The voice worker's timings (tests shorten them); see `VoiceTimings`. */
  voiceTimings?: Partial<VoiceTimings>;
}

/** A service that has been created; `start()` listens and dispatches, `stop()` shuts down gracefully. */
export interface Service {
  readonly app: FastifyInstance;
  readonly engine: NotificationEngine;
  readonly logger: Logger;
  /** The providers in use, by id. */
  readonly providers: Record<string, SmsProviderV1>;
  /** Listens on the configured host and port (`PORT`/`HOST` override) and starts the dispatcher. */
  start(options?: { port?: number; host?: string }): Promise<{ url: string }>;
  /**
   * Shuts down gracefully within the configured `server.shutdownTimeoutMs`: health answers 503, the connections
   * already queued are accepted and every request whose body arrived is answered (with `Connection: close`),
   * idle connections close, and those still open at the deadline are closed; meanwhile the dispatcher stops
   * after its sends in flight have been recorded, or abandons them at the deadline (they become `unknown`,
   * settled after the restart). Then the store closes. Safe to call twice.
   */
  stop(): Promise<void>;
}

/**
 * The secrets of a configuration, for the logger's redaction: the service's own (webhook secrets, admin token,
 * connection strings and their passwords) and those the providers' descriptors declare.
 * @param config - the validated configuration
 * @param providerSecrets - the values of the variables the descriptors declare secret ({@link buildProviders})
 */
export function configSecrets(config: ServiceConfig, providerSecrets: readonly string[] = []): string[] {
  const { env } = config;
  return [
    ...Object.values(config.webhookSecrets),
    ...providerSecrets,
    ...Object.values(config.reportTokens),
    ...Object.values(config.voiceWebhookCredentials).map((credentials) => credentials.password),
    env.ADMIN_TOKEN,
    env.ADMIN_USERS,
    ...(env.ADMIN_USERS ?? '').split(/[,$]/).filter((part) => part.length >= 16),
    env.DATABASE_URL,
    env.DATABASE_URL ? connectionPassword(env.DATABASE_URL) : undefined,
    env.REDIS_URL,
    env.REDIS_URL ? connectionPassword(env.REDIS_URL) : undefined,
  ].filter((value): value is string => typeof value === 'string' && value.length > 0);
}

/**
 * The password of a connection URL (`postgres://user:password@…`, `redis://:password@…`), decoded, so that it can
 * be hidden from logs.
 * @param connectionString - the URL
 * @returns the password, or `undefined` when there is none or the URL does not parse
 */
export function connectionPassword(connectionString: string): string | undefined {
  try {
    return decodeURIComponent(new URL(connectionString).password) || undefined;
  } catch {
    return undefined;
  }
}

function engineLogger(logger: Logger): EngineLogger {
  const child = logger.child({ component: 'engine' });
  return {
    debug: (fields, message) => child.debug(fields, message),
    info: (fields, message) => child.info(fields, message),
    warn: (fields, message) => child.warn(fields, message),
    error: (fields, message) => child.error(fields, message),
  };
}

async function openStore(config: ServiceConfig): Promise<OutboxStore> {
  if (config.env.DATABASE_URL) {
    return createPostgresStore({
      connectionString: config.env.DATABASE_URL,
      ...(config.file.storage.postgresSchema ? { schema: config.file.storage.postgresSchema } : {}),
    });
  }
  return createSqliteStore({
    filename: config.env.SQLITE_FILE ?? config.file.storage.sqliteFile,
    synchronous: config.file.storage.sqliteSynchronous,
  });
}

/**
 * Creates an order-notification service: the outbox (SQLite file by default, PostgreSQL when `DATABASE_URL` is
 * set), the engine with the configured shops and providers, the HTTP server with `/health`, the admin API and
 * the platform's webhook routes.
 * @param options - configuration, platform and overrides
 * @throws ConfigError naming the bad key of the shops' notification settings
 * @throws RangeError when `warmUp` gives an amount that is not a whole number from 1 to 100,000
 */
export async function createService(options: ServiceOptions): Promise<Service> {
  const { config } = options;
  if (typeof options.warmUp === 'object') checkWarmUpAmount(options.warmUp);
  const builtIns = options.builtInProviders ?? [];
  const built = options.providers ? undefined : await buildProviders(config, { builtIns });
  const voice = await buildVoiceProviders(config, { builtIns });
  const logger =
    options.logger ??
    createLogger({
      level: config.env.LOG_LEVEL ?? 'info',
      secrets: configSecrets(config, [...(built?.secrets ?? []), ...voice.secrets]),
      ...(options.logDestination ? { destination: options.logDestination } : {}),
    });
  const notificationConfig = parseNotificationConfig({
    shops: notificationShops(
      config.file,
      built?.shopProviders,
      Object.fromEntries(Object.entries(voice.shopVoice).map(([shopId, shop]) => [shopId, shop.key])),
    ),
  });
  const providers = options.providers ?? built?.providers ?? {};
  const store = options.store ?? (await openStore(config));
  try {
    const missing = built?.missingCredentials ?? {};
    return assembleService(options, logger, notificationConfig, providers, store, missing, voice);
  } catch (error) {
    // A platform that refuses its settings, a bad shop: the outbox opened here is closed again.
    if (!options.store) await store.close().catch(() => {});
    throw error;
  }
}

/**
 * What the HTTP server takes from the configuration's `server` section; `TRUST_PROXY` in the environment
 * overrides `server.trustProxy`.
 */
function httpServerSettings(
  server: ServerSettings,
  env: ServiceConfig['env'],
): Omit<HttpServerOptions, 'logger' | 'health'> {
  const { bodyLimitBytes, bodyDrainLimitBytes, maxConnections } = server;
  const trustProxy = env.TRUST_PROXY === undefined ? server.trustProxy : env.TRUST_PROXY === 'true';
  const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs } = server;
  return {
    bodyLimitBytes,
    bodyDrainLimitBytes,
    trustProxy,
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs,
    maxConnections,
  };
}

/** What {@link registerRoutes} needs besides the platform's context. */
interface RouteSettings {
  platform: PlatformModule;
  notificationConfig: ReturnType<typeof parseNotificationConfig>;
  providers: Record<string, SmsProviderV1>;
  shopProviders: Record<string, { id: string; key: string }>;
  missingCredentials: Readonly<Record<string, readonly string[]>>;
  adminRouteGroups?: readonly AdminRouteGroup[];
}

/** The shops as the console shows them. */
function adminShops(settings: RouteSettings): AdminShop[] {
  return Object.entries(settings.notificationConfig.shops).map(([id, shop]) => ({
    id,
    name: shop.name,
    provider: settings.shopProviders[id]?.id ?? shop.provider,
    providerKey: shop.provider,
    platform: settings.platform.name,
    defaultCountry: shop.defaultCountry,
  }));
}

/** The console's JSON API, with the configured credentials and the facts of its setup page. */
function registerConsoleApi(app: FastifyInstance, context: PlatformContext, settings: RouteSettings): void {
  const { env, file } = context.config;
  registerAdminApi(app, {
    engine: context.engine,
    providers: settings.providers,
    shops: adminShops(settings),
    token: env.ADMIN_TOKEN,
    users: env.ADMIN_USERS ? parseAdminUsers(env.ADMIN_USERS) : new Map(),
    sessionLifetimeMs: env.ADMIN_SESSION_HOURS
      ? Math.round(env.ADMIN_SESSION_HOURS * 3_600_000)
      : DEFAULT_SESSION_LIFETIME_MS,
    ...(file.server.publicUrl ? { publicUrl: file.server.publicUrl } : {}),
    setup: {
      webhooks: (shopId) => settings.platform.webhooks?.(shopId) ?? [],
      missingCredentials: (shopId) => settings.missingCredentials[shopId] ?? [],
      adminToken: env.ADMIN_USERS && !env.ADMIN_TOKEN ? 'strong' : tokenStrength(env.ADMIN_TOKEN),
    },
    ...(settings.adminRouteGroups ? { groups: settings.adminRouteGroups } : {}),
  });
}

/** The admin API and console, the delivery-report route and the platform's webhook routes. */
function registerRoutes(app: FastifyInstance, context: PlatformContext, settings: RouteSettings): void {
  const { engine, config, logger } = context;
  const { platform, shopProviders } = settings;
  registerConsoleApi(app, context, settings);
  registerConsoleRoutes(app);
  registerReportPushRoute(app, {
    engine,
    tokens: config.reportTokens,
    shopProviders,
    logger,
  });
  platform.register(app, context);
}

/**
 * Warms the request path up before the server listens (see `warmUpService`), with the platform's part when it
 * has one and as much as `amount` asks (nothing when it is `false`); a failure is logged and the service starts
 * anyway.
 */
async function warmUp(
  app: FastifyInstance,
  context: PlatformContext,
  platform: PlatformModule,
  engineParts: Pick<WarmUpOptions, 'notificationConfig' | 'providers'> & { voice: ServiceVoiceProviders },
  amount: ServiceOptions['warmUp'],
): Promise<void> {
  if (amount === false) return;
  const platformWarmUp = platform.warmUp?.bind(platform);
  await warmUpService({
    app,
    logger: context.logger,
    notificationConfig: engineParts.notificationConfig,
    providers: engineParts.providers,
    voiceProviders: engineParts.voice.voiceProviders,
    ...(typeof amount === 'object' ? amount : {}),
    ...(platformWarmUp ? { platformWarmUp: (shopId: string) => platformWarmUp(shopId, context) } : {}),
  }).catch((error: unknown) => context.logger.warn({ err: error }, 'warm-up failed; starting anyway'));
}

/** Each shop's provider: its id, and the engine's key of its instance (the key every stored message carries). */
function shopProvidersOf(
  notificationConfig: ReturnType<typeof parseNotificationConfig>,
  providers: Record<string, SmsProviderV1>,
): Record<string, { id: string; key: string }> {
  return Object.fromEntries(
    Object.entries(notificationConfig.shops).map(([id, shop]) => [
      id,
      { id: providers[shop.provider]?.providerId ?? shop.provider, key: shop.provider },
    ]),
  );
}

/** The platform routes' statistics, handed to the engine (which writes them in the background); none while muted. */
function engineWebhookStats(engine: NotificationEngine, muted: () => boolean): WebhookStatsReporter {
  return {
    delivered: (shopId, topic) => {
      if (!muted()) engine.recordWebhookDelivery(shopId, topic);
    },
    signatureFailed: (shopId) => {
      if (!muted()) engine.recordSignatureFailure(shopId);
    },
  };
}

/** The dispatcher's options from the configuration's `dispatcher` section. */
function dispatcherOptions(settings: ServiceConfig['file']['dispatcher']): DispatcherOptions {
  return {
    concurrency: settings.concurrency,
    pollIntervalMs: settings.pollIntervalMs,
    reportIntervalMs: settings.deliveryReportIntervalMs,
    ...(settings.ratePerSecond ? { ratePerSecond: settings.ratePerSecond } : {}),
    ...(settings.maxAttempts ? { maxAttempts: settings.maxAttempts } : {}),
    leaseMs: settings.leaseMs,
  };
}

/** The engine of {@link createService}: the shops, the SMS and voice providers, the platform's order writers. */
function createEngine(
  options: ServiceOptions,
  logger: Logger,
  parts: {
    notificationConfig: ReturnType<typeof parseNotificationConfig>;
    providers: Record<string, SmsProviderV1>;
    store: OutboxStore;
    voice: ServiceVoiceProviders;
  },
): NotificationEngine {
  const { notificationConfig, providers, store, voice } = parts;
  const { config, platform } = options;
  return createNotificationEngine({
    store,
    config: notificationConfig,
    providers,
    voiceProviders: voice.voiceProviders,
    orderWriters: platform.orderWriters?.(config) ?? {},
    ...(options.voiceTimings ? { voiceTimings: options.voiceTimings } : {}),
    logger: engineLogger(logger),
    ...(config.file.dispatcher.maxAttempts ? { maxAttempts: config.file.dispatcher.maxAttempts } : {}),
    sendTimeoutMs: config.file.dispatcher.sendTimeoutMs,
    reconcileAfterMs: config.file.dispatcher.reconcileAfterMs,
    groupCommit: { windowMs: config.file.storage.groupCommitWindowMs },
  });
}

/** The engine, the HTTP server and the lifecycle of {@link createService}, over an open store. */
function assembleService(
  options: ServiceOptions,
  logger: Logger,
  notificationConfig: ReturnType<typeof parseNotificationConfig>,
  providers: Record<string, SmsProviderV1>,
  store: OutboxStore,
  missingCredentials: Readonly<Record<string, readonly string[]>>,
  voice: ServiceVoiceProviders,
): Service {
  const { config, platform } = options;
  const engine = createEngine(options, logger, { notificationConfig, providers, store, voice });
  let state: 'created' | 'running' | 'stopping' | 'stopped' = 'created';
  let dispatcher: Dispatcher | undefined;
  let stopping: Promise<void> | undefined;
  const startedAt = Date.now();

  const server = config.file.server;
  const app = createHttpServer({
    logger,
    ...httpServerSettings(server, config.env),
    health: () => ({
      status: state === 'stopping' || state === 'stopped' ? 'shutting-down' : 'ok',
      platform: platform.name,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      dispatcher: dispatcher?.running ?? false,
    }),
  });
  const shopProviders = shopProvidersOf(notificationConfig, providers);
  // The warm-up's requests, refused at the signature check on purpose, are not the shop's deliveries.
  let warming = false;
  const webhookStats = engineWebhookStats(engine, () => warming);
  const context: PlatformContext = { engine, config, logger, webhookStats };
  registerRoutes(app, context, {
    platform,
    notificationConfig,
    providers,
    shopProviders,
    missingCredentials,
    adminRouteGroups: [...(options.adminRouteGroups ?? []), callRoutes(engine)],
  });
  registerVoiceWebhookRoute(app, {
    engine,
    shopVoice: voice.shopVoice,
    credentials: config.voiceWebhookCredentials,
    logger,
  });

  /**
   * Stops the dispatcher: it claims nothing more and resolves once its sends in flight are recorded, or at the
   * shutdown deadline (epoch milliseconds), when the sends still in flight are abandoned: their messages become
   * `unknown` and are settled by reconciliation after the restart. A hanging provider cannot hold shutdown.
   */
  async function stopDispatcher(deadline: number): Promise<void> {
    if (!dispatcher) return;
    logger.info({ timeLeftMs: deadline - Date.now() }, 'stopping the dispatcher');
    await dispatcher.stop({ deadline });
  }

  async function stop(): Promise<void> {
    if (state === 'stopped') return;
    if (stopping) return stopping;
    state = 'stopping';
    stopping = (async () => {
      logger.info({ platform: platform.name }, 'shutting down');
      const deadline = Date.now() + server.shutdownTimeoutMs;
      await Promise.all([closeHttpServer(app, deadline), stopDispatcher(deadline)]);
      await engine.close({ deadline });
      state = 'stopped';
      logger.info({ platform: platform.name }, 'stopped');
    })();
    return stopping;
  }

  return {
    app,
    engine,
    logger,
    providers,
    async start(startOptions = {}) {
      if (state !== 'created') throw new Error('The service was already started');
      const port = startOptions.port ?? config.env.PORT ?? config.file.server.port;
      const host = startOptions.host ?? config.env.HOST ?? config.file.server.host;
      warming = true;
      await warmUp(app, context, platform, { notificationConfig, providers, voice }, options.warmUp);
      warming = false;
      const url = await app.listen({ port, host });
      state = 'running';
      const settings = config.file.dispatcher;
      if (settings.enabled) {
        dispatcher = engine.startDispatcher(dispatcherOptions(settings));
        if (Object.keys(voice.shopVoice).length > 0) {
          engine.voice.startWorker({ pollIntervalMs: settings.pollIntervalMs });
        }
      }
      logger.info({ platform: platform.name, url, dispatcher: settings.enabled }, 'listening');
      return { url };
    },
    stop,
  };
}

/**
 * Runs a platform's service as a process: reads the configuration (`CONFIG_FILE`, default
 * `./notifications.config.json`) and the environment, starts, and on SIGTERM or SIGINT shuts down gracefully
 * (a second signal exits at once). A bad configuration is reported with the bad key and exits with code 1.
 * @param platform - the platform's routes
 * @param options - `builtInProviders`: the provider descriptors shops can name by id
 */
export async function runService(
  platform: PlatformModule,
  options: Pick<ServiceOptions, 'builtInProviders'> = {},
): Promise<void> {
  let service: Service | undefined;
  try {
    const config = await loadServiceConfig();
    service = await createService({ config, platform, ...options });
    await service.start();
  } catch (error) {
    await service?.stop().catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${platform.name}: cannot start: ${message}\n`);
    process.exitCode = 1;
    return;
  }
  const running = service;
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      running.logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    running.logger.info({ signal }, 'signal received');
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        running.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
