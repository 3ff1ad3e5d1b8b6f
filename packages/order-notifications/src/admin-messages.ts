import { maskPhoneNumber, ValidationError } from '@x/messaging-core';
import { calculate } from '@x/sms-segments';
import { type AdminActionCode, AdminActionError } from './admin-error';
import type {
  AuditEntry,
  AuditPage,
  AuditQuery,
  MessageAttempt,
  MessagePage,
  MessageQuery,
} from './admin-store';
import { resolvePatch } from './delivery-reports';
import { type EngineContext, maxSegmentsOf, shopOf } from './engine-context';
import { normalizeLines, TEXT_LIMITS } from './inbound-text';
import { explainMessage, type Words } from './message-explanation';
import { measure } from './message-text';
import type { MessagePatch, MessageStatus, NewOutboxMessage, OutboxMessage } from './outbox-store';
import { checkTypedNumber, fingerprint } from './phone-number';

/** A message as the console shows it: the recipient masked, without the dedupe key (it holds the number). */
export type AdminMessage = Omit<OutboxMessage, 'dedupeKey'>;

/**
 * The console's view of a message: the recipient masked (`+90532*****67`) and no dedupe key.
 * @param message - a stored message
 */
export function toAdminMessage(message: OutboxMessage): AdminMessage {
  const { dedupeKey: _dedupeKey, ...rest } = message;
  return { ...rest, recipient: message.recipient === '' ? '' : maskPhoneNumber(message.recipient) };
}

/** Who acts, for the audit log. */
export interface Operator {
  /** The signed-in user's name (`admin` for the admin token). */
  user: string;
}

/** Everything the console's detail view shows of one message. */
export interface MessageDetail {
  /** The message as stored (mask it with {@link toAdminMessage} before showing it). */
  message: OutboxMessage;
  /** Its text measured: type, segments, units, and the cost at the shop's `pricePerSegment`. */
  measure: { type: 'normal' | 'turkish' | 'unicode'; segments: number; units: number; cost?: number };
  /** Every send attempt, oldest first. */
  attempts: MessageAttempt[];
  /** Operators' actions on it, newest first. */
  actions: AuditEntry[];
  /** Its reason or error in words. */
  explanation: Words;
}

/** What {@link NotificationEngine.sendTestMessage} is asked to send. */
export interface TestMessageInput extends Operator {
  /** The shop whose provider, sender and transliteration are used. */
  shopId: string;
  /** The number, in any notation, at most 50 characters (national numbers in the shop's default country). */
  phone: string;
  /** The text (normalised as an event's note is: control characters removed, at most 1,000 characters). */
  text: string;
}

/** What {@link NotificationEngine.sendTestMessage} did. */
export interface TestMessageResult {
  /** The queued message, or the one already queued by the same submission (recipient masked). */
  message?: AdminMessage;
  /** True when the same text to the same number was submitted moments ago: nothing new was queued. */
  duplicate: boolean;
}

/** How long the same test text to the same number counts as a double submission, in milliseconds. */
export const TEST_MESSAGE_WINDOW_MS = 60_000;

/** The console's message actions and queries (published through {@link AdminConsole}). */
export interface AdminMessageActions {
  /** See {@link AdminMessageLog.get}. */
  detail(id: string): Promise<MessageDetail | undefined>;
  /** See {@link AdminMessageLog.query}. */
  query(query: MessageQuery): Promise<MessagePage>;
  /** See {@link AdminMessageLog.retry}. */
  retry(id: string, operator: Operator): Promise<OutboxMessage>;
  /** See {@link AdminMessageLog.cancel}. */
  cancel(id: string, operator: Operator): Promise<OutboxMessage>;
  /** See {@link AdminMessageLog.resolve}. */
  resolve(id: string, outcome: 'resend' | 'sent' | 'failed', operator: Operator): Promise<OutboxMessage>;
  /** See {@link AdminConsole.sendTestMessage}. */
  sendTest(input: TestMessageInput): Promise<TestMessageResult>;
  /** See {@link AdminConsole.audit}. */
  audit(query: AuditQuery): Promise<AuditPage>;
}

function invalid(path: string, message: string, code: string): ValidationError {
  return new ValidationError({ message, issues: [{ path: [path], message, code }], target: 'test-message' });
}

/** A message with its measure, attempts, actions and explanation. */
async function readDetail(context: EngineContext, id: string): Promise<MessageDetail | undefined> {
  const { store } = context;
  const [message] = await store.get([id]);
  if (message === undefined) return undefined;
  const [attempts, actions] = await Promise.all([
    store.admin.listAttempts(id),
    store.admin.listAudit({ target: id, limit: 200 }),
  ]);
  const result = calculate(message.text, message.messageType === 'turkish' ? { type: 'turkish' } : {});
  const measured: MessageDetail['measure'] = {
    type: result.type,
    segments: message.segments,
    units: result.units ?? 0,
  };
  const price = context.config.shops[message.shopId]?.pricePerSegment;
  if (price !== undefined) measured.cost = Number((message.segments * price).toPrecision(12));
  return {
    message,
    measure: measured,
    attempts,
    actions: actions.entries,
    explanation: explainMessage(message),
  };
}

/** Queues a test message through the outbox (see {@link AdminConsole.sendTestMessage}). */
async function sendTest(
  context: EngineContext,
  newId: () => string,
  input: TestMessageInput,
): Promise<TestMessageResult> {
  const { store } = context;
  const shop = shopOf(context.config, input.shopId);
  const checked = checkTypedNumber(input.phone, shop.defaultCountry);
  if (!checked.ok)
    throw invalid('phone', `not a usable mobile number (${checked.reason})`, 'invalid_phone_number');
  const text = normalizeLines(String(input.text), TEXT_LIMITS.note).trim();
  if (text === '') throw invalid('text', 'the text is empty', 'empty_text');
  const measured = measure(text, shop, maxSegmentsOf(context, shop));
  if (!measured.result.fits) throw invalid('text', 'the text is longer than the provider allows', 'too_long');
  const now = context.now();
  const textKey = fingerprint(measured.text);
  // A submission seconds after the same one (the window's boundary between them) is found here; two at once
  // share the window's dedupe key, which the store keeps unique.
  const recent = await store.admin.queryMessages({
    shopId: input.shopId,
    eventType: 'admin.test',
    since: new Date(now.getTime() - TEST_MESSAGE_WINDOW_MS),
    phoneDigits: checked.e164.slice(-10),
    limit: 20,
  });
  const sameText = `|admin.test|${checked.e164}|${textKey}|`;
  const earlier = recent.messages.find((message) => message.dedupeKey.includes(sameText));
  if (earlier !== undefined) return { message: toAdminMessage(earlier), duplicate: true };
  const window = Math.floor(now.getTime() / TEST_MESSAGE_WINDOW_MS);
  const row: NewOutboxMessage = {
    id: newId(),
    dedupeKey: [input.shopId, 'admin.test', checked.e164, textKey, window].join('|'),
    shopId: input.shopId,
    eventType: 'admin.test',
    role: 'admin',
    recipient: checked.e164,
    text: measured.text,
    providerId: shop.provider,
    messageType: measured.messageType,
    segments: measured.result.segments ?? 0,
    status: 'queued',
    createdAt: now,
  };
  if (shop.sender !== undefined) row.sender = shop.sender;
  const result = await store.admin.enqueueAudited([row], {
    at: now,
    user: input.user,
    action: 'message.test',
    shopId: input.shopId,
    target: row.id,
    details: { recipient: maskPhoneNumber(checked.e164), segments: row.segments },
  });
  const inserted = result.inserted[0];
  return inserted === undefined
    ? { duplicate: true }
    : { message: toAdminMessage(inserted), duplicate: false };
}

/**
 * The message actions of the admin console over the engine's store. Each action is a guarded change with its
 * audit entry in one transaction: a double click, or two operators at once, change the message once.
 * @param context - the engine's shared parts
 * @param newId - the engine's id generator
 */
export function createAdminMessageActions(context: EngineContext, newId: () => string): AdminMessageActions {
  const { store } = context;

  async function change(
    id: string,
    from: readonly MessageStatus[],
    patch: MessagePatch,
    action: { name: string; code: AdminActionCode; operator: Operator; details?: Record<string, unknown> },
  ): Promise<OutboxMessage> {
    const [message] = await store.get([id]);
    if (message === undefined) throw new AdminActionError({ code: 'not_found', message: 'No such message' });
    const changed = await store.admin.changeMessage({
      messageId: id,
      from,
      patch,
      audit: {
        at: context.now(),
        user: action.operator.user,
        action: action.name,
        shopId: message.shopId,
        target: id,
        details: { from: message.status, ...action.details },
      },
    });
    if (changed !== undefined) return changed;
    throw new AdminActionError({
      code: action.code,
      message: `The message is ${(await store.get([id]))[0]?.status ?? 'gone'}; it must be ${from.join(' or ')}`,
    });
  }

  return {
    detail: (id) => readDetail(context, id),
    query: (query) => store.admin.queryMessages(query),
    retry: (id, operator) => {
      const now = context.now();
      const patch: MessagePatch = {
        status: 'queued',
        nextAttemptAt: now,
        reason: 'retried-by-operator',
        updatedAt: now,
      };
      return change(id, ['failed', 'dead'], patch, {
        name: 'message.retry',
        code: 'not_retryable',
        operator,
      });
    },
    cancel: (id, operator) => {
      const patch: MessagePatch = { status: 'skipped', reason: 'cancelled', updatedAt: context.now() };
      return change(id, ['queued'], patch, { name: 'message.cancel', code: 'not_cancellable', operator });
    },
    resolve: (id, outcome, operator) =>
      change(id, ['unknown'], resolvePatch(outcome, context.now()), {
        name: 'message.resolve',
        code: 'not_unknown',
        operator,
        details: { outcome },
      }),
    sendTest: (input) => sendTest(context, newId, input),
    audit: (query) => store.admin.listAudit(query),
  };
}
