import type { SmsProviderV1 } from '@x/messaging-core';
import type {
  AdminStore,
  AuditPage,
  AuditQuery,
  MessageAttempt,
  MessagePage,
  MessageQuery,
  OptOut,
  OutboxMessage,
  OverviewQuery,
  OverviewRows,
  TemplateSettings,
  TemplateVersion,
} from '@x/order-notifications';
import type { AdminSessionStore } from './admin-auth';

/**
 * The part of the notification engine the admin API uses, as a port: the routes depend on this shape only (the
 * engine's own types), and `adminConsoleEngine` builds it from the engine.
 */

/** A shop's settings in the console: the effective ones, the file's baseline, what differs and the version. */
export interface AdminTemplateState {
  settings: TemplateSettings;
  baseline: TemplateSettings;
  /** Paths of the rules and settings the console overrides (`rules.status.completed`). */
  overridden: string[];
  /** The latest saved version, 0 when none. */
  version: number;
  /** Every status the shop knows, with its label. */
  statuses: { slug: string; label: string }[];
}

/** A template settings problem: a path and, for an unknown variable, the variable and its position. */
export interface AdminTemplateIssue {
  path: string;
  message: string;
  variable?: string;
  index?: number;
}

/** What saving or restoring template settings came to. */
export type AdminSaveResult =
  | { ok: true; version: number }
  | { ok: false; reason: 'version_conflict' | 'not_found' }
  | { ok: false; reason: 'invalid'; issues: AdminTemplateIssue[] };

/** A template rendered for the console's live preview. */
export interface AdminPreview {
  text: string;
  type: 'normal' | 'turkish' | 'unicode';
  segments: number;
  units: number;
  charactersLeft?: number;
  cost?: number;
  transliterated?: { text: string; segments: number; saving: number };
  unknownVariables?: { variable: string; index: number }[];
}

/** What a message action came to: the message as changed, `not_found`, or `conflict` (wrong status). */
export type AdminActionResult =
  | { ok: true; message: OutboxMessage }
  | { ok: false; reason: 'not_found' | 'conflict' };

/** The engine, as the admin API uses it. */
export interface AdminConsoleEngine
  extends Pick<AdminStore, 'recordWebhookDeliveries' | 'addSignatureFailures' | 'webhookStats'> {
  /** Console sessions, shared by every instance through the store. */
  sessions: AdminSessionStore;
  /** A page of the message log, newest first. */
  queryMessages(query: MessageQuery): Promise<MessagePage>;
  /** One message; undefined when it does not exist. */
  getMessage(id: string): Promise<OutboxMessage | undefined>;
  /** A message's attempts, oldest first. */
  listAttempts(id: string): Promise<MessageAttempt[]>;
  /** Queues a `failed` or `dead` message again (same id). */
  retryMessage(id: string, user: string): Promise<AdminActionResult>;
  /** Skips a `queued` message (reason `cancelled`). */
  cancelMessage(id: string, user: string): Promise<AdminActionResult>;
  /** Decides an `unknown` message. */
  resolveMessage(id: string, outcome: 'sent' | 'failed' | 'resend', user: string): Promise<AdminActionResult>;
  /** Queues a test SMS through the outbox; throws an error with a `reason` for an unusable number. */
  sendTestSms(input: { shopId: string; phone: string; text: string; user: string }): Promise<OutboxMessage>;
  /** The audit log, newest first. */
  listAudit(query: AuditQuery): Promise<AuditPage>;
  /** A shop's template settings. */
  templates(shopId: string): Promise<AdminTemplateState>;
  /** Saves a shop's template settings when `baseVersion` is still the latest. */
  saveTemplates(input: {
    shopId: string;
    settings: TemplateSettings;
    baseVersion: number;
    user: string;
  }): Promise<AdminSaveResult>;
  /** Every version of a shop's settings, newest first. */
  templateVersions(shopId: string): Promise<(TemplateVersion & { summary?: string })[]>;
  /** One version. */
  templateVersion(shopId: string, version: number): Promise<TemplateVersion | undefined>;
  /** Saves a new version equal to `version`. */
  restoreTemplates(input: {
    shopId: string;
    version: number;
    baseVersion: number;
    user: string;
  }): Promise<AdminSaveResult>;
  /** Renders a template with a sample order or the shop's most recent one. */
  previewTemplate(input: {
    shopId: string;
    template: string;
    sample: 'sample' | 'recent';
  }): Promise<AdminPreview>;
  /** Counts per span and status, attention and dispatcher figures. */
  overview(query: OverviewQuery): Promise<OverviewRows>;
  /** The opt-out list, local and mirrored from provider blacklists. */
  optOuts: {
    list(): Promise<OptOut[]>;
    /** Adds numbers in E.164; returns how many were added. */
    add(phones: readonly string[], user: string): Promise<number>;
    /** Removes local numbers in E.164; returns how many were removed. */
    remove(phones: readonly string[], user: string): Promise<number>;
  };
  /** The providers, by the engine's key, for their balances. */
  providers: Readonly<Record<string, SmsProviderV1>>;
}
