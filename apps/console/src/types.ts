/** The JSON contract of the admin API (see the app README), as the console reads it. */
import type { MessageStatus as EngineStatus, OrderEventType, RuleEventType } from '@x/order-notifications';

/**
 * The engine's lists, mirrored because the browser bundle cannot import the engine (it needs Node); the type
 * check below fails when the engine gains a value the console does not list.
 */
type Complete<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : false;

export const STATUSES = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'failed',
  'dead',
  'unknown',
  'skipped',
] as const satisfies readonly EngineStatus[];
export type MessageStatus = (typeof STATUSES)[number];
const statusesComplete: Complete<EngineStatus, MessageStatus> = true;
export type Counts = Partial<Record<MessageStatus, number>>;

export const EVENTS = [
  'order.created',
  'order.status_changed',
  'order.note_added',
  'order.shipment_added',
  'customer.registered',
] as const satisfies readonly OrderEventType[];
const eventsComplete: Complete<OrderEventType, (typeof EVENTS)[number]> = true;
export const RULE_EVENTS = [
  'order.created',
  'order.note_added',
  'order.shipment_added',
  'customer.registered',
] as const satisfies readonly RuleEventType[];
const ruleEventsComplete: Complete<RuleEventType, (typeof RULE_EVENTS)[number]> = true;
/** Used, so that the completeness checks above stay in the build's type check. */
export const LISTS_COMPLETE = statusesComplete && eventsComplete && ruleEventsComplete;

export interface Localized {
  tr: string;
  en: string;
}

export interface Session {
  user: string;
  csrfToken: string;
  expiresAt: string;
}

export interface Shop {
  id: string;
  name: string;
  provider: string;
  platform: string;
}

export interface Overview {
  today: Counts;
  last7Days: Counts;
  perDay: { date: string; counts: Counts }[];
  credits: { today: number; last7Days: number };
  attention: { failed: number; dead: number; unknown: number };
  balances: {
    shopId: string;
    providerId: string;
    balance?: { amount: number; unit: string };
    error?: string;
  }[];
  dispatcher: { queued: number; oldestQueuedAt?: string; lastSentAt?: string; running: boolean };
}

export interface AdminMessage {
  id: string;
  shopId: string;
  orderId?: string;
  eventType: string;
  role: string;
  recipient: string;
  text: string;
  sender?: string;
  providerId: string;
  messageType: string;
  segments: number;
  status: MessageStatus;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  sentAt?: string;
  deliveredAt?: string;
  providerMessageId?: string;
  credits?: number;
  reason?: string;
  lastError?: { kind?: string; code?: string; message?: string };
}

export interface Attempt {
  at: string;
  result: 'sent' | 'failed' | 'unknown' | 'skipped';
  errorKind?: string;
  errorCode?: string;
  errorMessage?: string;
  providerMessageId?: string;
  durationMs?: number;
}

export interface AuditEntry {
  at: string;
  user: string;
  action: string;
  target?: string;
  details?: unknown;
}

export interface MessageDetail {
  message: AdminMessage;
  measure: { type: string; segments: number; units: number; cost?: number };
  attempts: Attempt[];
  actions: AuditEntry[];
  explanation?: Localized | string;
}

export interface Rule {
  enabled: boolean;
  customerTemplate?: string;
  adminTemplate?: string;
  adminPhones?: string[];
}

export interface TemplateSettings {
  transliterate: string;
  adminPhones: string[];
  newOrderStatuses: string[];
  statusChangeWithTracking: string;
  rules: { events: Record<string, Rule>; status: Record<string, Rule> };
}

export interface TemplatesAnswer {
  settings: TemplateSettings;
  baseline: TemplateSettings;
  overridden: string[];
  version: number;
  statuses: { slug: string; label: string }[];
}

export interface VersionSummary {
  version: number;
  user: string;
  at: string;
  summary?: string;
}

export interface VersionDetail {
  version: number;
  user: string;
  at: string;
  settings: TemplateSettings;
  diff: { path: string; before?: unknown; after?: unknown }[];
}

export interface UnknownVariable {
  variable: string;
  index: number;
  path?: string;
}

export interface Preview {
  text: string;
  type: string;
  segments: number;
  units: number;
  charactersLeft?: number;
  cost?: number;
  transliterated?: { text: string; segments: number; saving: number };
  unknownVariables?: UnknownVariable[];
}

export interface OptOut {
  phone: string;
  source: string;
  createdAt: string;
}

export interface Setup {
  webhooks: { topic: string; url: string }[];
  lastDeliveries: { topic: string; at: string }[];
  signatureFailures24h: number;
  checklist: { id: string; ok: boolean; message: Localized | string }[];
}
