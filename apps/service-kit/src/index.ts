export type { AcceptOptions } from '@x/order-notifications';
export {
  type AdminApiOptions,
  type AdminRouteGroup,
  DEFAULT_SESSION_LIFETIME_MS,
  registerAdminApi,
} from './admin/admin-api';
export {
  type AdminPrincipal,
  type AdminSessionStore,
  adminUserOf,
} from './admin/admin-auth';
export {
  type AdminRouteContext,
  type AdminShop,
  issuesText,
  parseInput,
  shopOrAnswer,
} from './admin/admin-context';
export type { AdminConsoleEngine } from './admin/admin-engine';
export { answerEngineError } from './admin/admin-errors';
export {
  type AdminUser,
  hashPassword,
  parseAdminUsers,
  parsePasswordHash,
  verifyPassword,
} from './admin/passwords';
export type { PlatformWebhook } from './admin/setup-routes';
export { createSignInLimiter, type SignInLimiter, type SignInLimiterOptions } from './admin/sign-in-limiter';
export { confirmsCodOrders } from './cod-calls';
export {
  CONSOLE_CSP,
  CONSOLE_SECURITY_HEADERS,
  type ConsoleAsset,
  type ConsoleFiles,
  type ConsoleRouteOptions,
  registerConsoleRoutes,
} from './console-routes';
export { type AcceptOutcome, acceptEvents, type WebhookAnswer, type WebhookEngine } from './engine-port';
export { fullTurn } from './event-loop';
export { type CommandStreams, runHashPasswordCommand } from './hash-password-command';
export { answerClientError, type ErrorBody, sendError } from './http-errors';
export { createHttpServer, type HealthReport, type HttpServerOptions, LARGE_BODY_BYTES } from './http-server';
export { jsonNestingExceeds, MAX_JSON_DEPTH } from './json-depth';
export { type CreateLoggerOptions, createLogger, createTextScrubber, type Logger } from './logger';
export type { CustomerInfo, OrderEvent, OrderEventType, OrderInfo } from './order-event';
export {
  buildProviders,
  declaredSecrets,
  missingCredentials,
  type ProviderRegistryOptions,
  type ServiceProviders,
} from './providers';
export {
  pushedReportIds,
  REPORT_PUSH_PATH,
  type ReportPushRouteOptions,
  registerReportPushRoute,
} from './report-push-route';
export {
  configSecrets,
  connectionPassword,
  createService,
  type PlatformContext,
  type PlatformModule,
  runService,
  type Service,
  type ServiceOptions,
  type WebhookStatsReporter,
} from './service';
export {
  configError,
  defaultReportTokenEnv,
  defaultVoiceWebhookEnv,
  defaultWebhookSecretEnv,
  loadServiceConfig,
  notificationShops,
  type ProviderReference,
  parseServiceConfig,
  parseServiceEnv,
  providerReferenceSchema,
  type ServiceConfig,
  type ServiceEnv,
  type ServiceFileConfig,
  type ShopFileConfig,
  serviceEnvSchema,
  serviceFileSchema,
  shopEnvName,
} from './service-config';
export {
  DISPATCHER_TIMING_DEFAULTS,
  type DispatcherSettings,
  dispatcherSettingsSchema,
  SERVER_DEFAULTS,
  type ServerSettings,
  serverSettingsSchema,
} from './service-settings';
export { computeWebhookSignature, secretsEqual, verifyWebhookSignature } from './signature';
export { type StoreRequestOptions, storeRequest } from './store-request';
export { buildVoiceProviders, type ServiceVoiceProviders, type ShopVoiceProvider } from './voice-providers';
export {
  registerVoiceWebhookRoute,
  VOICE_WEBHOOK_PATH,
  type VoiceWebhookRouteOptions,
} from './voice-webhook-route';
export {
  checkWarmUpAmount,
  type PlatformWarmUp,
  unmatchableSignature,
  type WarmUpOptions,
  warmUpService,
} from './warm-up';
