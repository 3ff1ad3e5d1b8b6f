export type { AcceptOptions, AcceptResult, SkippedNotification } from './accept-events';
export {
  type AdminSession,
  type AdminSessions,
  RECENT_ORDERS_KEPT,
  type WebhookStats,
} from './admin-activity';
export type {
  AdminConsole,
  AdminConsoleOptions,
  AdminMessageLog,
  PreviewSample,
} from './admin-console';
export { type AdminActionCode, AdminActionError } from './admin-error';
export {
  type AdminMessage,
  type MessageDetail,
  type Operator,
  TEST_MESSAGE_WINDOW_MS,
  type TestMessageInput,
  type TestMessageResult,
  toAdminMessage,
} from './admin-messages';
export type { OverviewFigures, OverviewOptions, StatusCounts } from './admin-overview';
export {
  type AdminSessionRecord,
  type AdminStore,
  type AttemptResult,
  type AuditEntry,
  type AuditedChange,
  type AuditPage,
  type AuditQuery,
  type MessageAttempt,
  type MessagePage,
  type MessageQuery,
  type NewAuditEntry,
  type NewTemplateVersion,
  type OverviewBucket,
  type OverviewQuery,
  type OverviewRows,
  RECENT_ORDER_ITEMS,
  type RecentOrder,
  type SignInWindow,
  type TemplateRule,
  type TemplateSettings,
  type TemplateVersion,
  type WebhookDelivery,
} from './admin-store';
export { ConfigError } from './config-error';
export * from './default-templates';
export type { Dispatcher, DispatcherOptions, DispatchOnceOptions, StopOptions } from './dispatcher';
export { type EngineLogger, type LogFunction, TIMING_DEFAULTS } from './engine-context';
export type { GroupCommitOptions } from './group-commit';
export { explainMessage, type Words } from './message-explanation';
export type { StatusChangeWithTracking, TransliterationMode } from './notification-config';
export {
  defaultShopConfig,
  type NotificationConfig,
  type NotificationConfigInput,
  type NotificationRule,
  notificationConfigSchema,
  parseNotificationConfig,
  RULE_EVENT_TYPES,
  type RuleEventType,
  type ShopConfig,
  type ShopConfigInput,
} from './notification-config';
export {
  createNotificationEngine,
  type MessageLog,
  type NotificationEngine,
  type NotificationEngineOptions,
} from './notification-engine';
export type { OptOutImport, OptOutList, OptOutOperator } from './opt-out-list';
export type { OptOutPage, OptOutQuery } from './opt-out-sql';
export {
  type CustomerInfo,
  customerInfoSchema,
  ORDER_EVENT_TYPES,
  type OrderEvent,
  type OrderEventType,
  type OrderInfo,
  type OrderItem,
  orderEventSchema,
  orderInfoSchema,
  orderItemsSchema,
  readOrderItems,
} from './order-event';
export {
  type AcceptUnit,
  type AcceptUnitOutcome,
  type AttemptRecord,
  type ClaimOptions,
  type EnqueueResult,
  MESSAGE_STATUSES,
  type MessageEventType,
  type MessageFilter,
  type MessageGuard,
  type MessagePatch,
  type MessageStatus,
  type NewOutboxMessage,
  type OptOut,
  type OrderStateRecord,
  type OutboxError,
  type OutboxMessage,
  type OutboxMessageType,
  type OutboxStore,
  type RecipientRole,
  type SentOutcome,
} from './outbox-store';
export {
  type CheckedNumbers,
  checkTypedNumber,
  checkTypedNumbers,
  normalizeRecipient,
  type RecipientCheck,
} from './phone-number';
export type {
  PostgresPool,
  PostgresPoolClient,
  PostgresQueryable,
  PostgresQueryResult,
  PostgresRow,
} from './postgres-pool';
export { createPostgresStore, type PostgresStoreOptions } from './postgres-store';
export type { Preview, PreviewInput } from './preview';
export { createSqliteStore, type SqliteStoreOptions } from './sqlite-store';
export {
  findUnknownVariablePositions,
  findUnknownVariables,
  formatDate,
  formatItems,
  renderTemplate,
  TEMPLATE_TEXT_LIMIT,
  TEMPLATE_VARIABLES,
  type TemplateInput,
  type TemplateValues,
  type TemplateVariable,
  templateInputOf,
  templateValues,
} from './template';
export type {
  SaveTemplatesInput,
  ShopTemplates,
  TemplateOverrides,
  TemplateVersionDetail,
  TemplateVersionSummary,
} from './template-overrides';
export {
  diffSettings,
  type SettingsChange,
  settingsOf,
  type TemplateIssue,
} from './template-settings';

/** The version of this package. */
export const VERSION: string = __PACKAGE_VERSION__;
export type { CallEventOutcome } from './call-events';
export type {
  CallLogEntry,
  CallLogFilter,
  CallStore,
  ClaimJobsOptions,
  NewVoiceJob,
  RecentOrderRef,
  RecordedOrderState,
  StoredCallLogEntry,
  VoiceJob,
  VoiceJobFilter,
  VoiceJobKind,
  VoiceJobPatch,
  VoiceJobStatus,
} from './call-store';
export { nextCallTime } from './call-windows';
export type { CodCallResult } from './cod-call-job';
export { normalizeLine, normalizeLines, TEXT_LIMITS } from './inbound-text';
export {
  type CodCallConfig,
  type MissedCallConfig,
  resolveVoiceConfig,
  VOICE_DEFAULT_TEXTS,
  type VoiceConfigInput,
  type VoiceShopConfig,
  voiceInputSchema,
} from './voice-config';
export {
  type OrderWriteBack,
  type OrderWriter,
  VOICE_TIMING_DEFAULTS,
  type VoiceTimings,
} from './voice-context';
export type { VoiceEngine, VoiceEngineOptions } from './voice-engine';
export type { VoiceWorker, VoiceWorkerOptions } from './voice-worker';
