import type {
  CallOptionsV1,
  DeliveryReport,
  DeliveryReportQuery,
  DeliveryStatus,
  SmsProviderV1,
} from '@x/messaging-core';
import { chunk } from '@x/provider-utils';
import { type EngineContext, errorField } from './engine-context';
import type { MessageGuard, MessagePatch, MessageStatus, OutboxMessage } from './outbox-store';

/** Most ids asked of a provider in one report query. */
const REPORT_QUERY_SIZE = 100;

/**
 * What a delivery report moves a message to, and from which statuses. A report may overtake the answer of the
 * send itself (a fast webhook), so `sending` is accepted too; a late `sent` never undoes `delivered`.
 */
const REPORT_TARGET: Record<DeliveryStatus, { status: MessageStatus; from: readonly MessageStatus[] }> = {
  queued: { status: 'sent', from: ['queued', 'sending', 'unknown'] },
  sent: { status: 'sent', from: ['queued', 'sending', 'unknown'] },
  delivered: { status: 'delivered', from: ['queued', 'sending', 'sent', 'unknown', 'failed'] },
  undelivered: { status: 'failed', from: ['sending', 'sent', 'unknown'] },
  failed: { status: 'failed', from: ['sending', 'sent', 'unknown'] },
  rejected: { status: 'failed', from: ['sending', 'sent', 'unknown'] },
  expired: { status: 'failed', from: ['sending', 'sent', 'unknown'] },
};

/** The call options of a report lookup: the engine's time limit, and the caller's signal when given. */
function lookupOptions(context: EngineContext, signal: AbortSignal | undefined): CallOptionsV1 {
  return signal === undefined
    ? { timeoutMs: context.sendTimeoutMs }
    : { timeoutMs: context.sendTimeoutMs, signal };
}

/** Moves one message as its report says; returns whether it changed. */
async function updateFromReport(
  context: EngineContext,
  message: OutboxMessage,
  report: DeliveryReport,
): Promise<boolean> {
  const target = REPORT_TARGET[report.status];
  if (target === undefined || target.status === message.status) return false;
  const now = context.now();
  const patch: MessagePatch = { status: target.status, reason: `report:${report.status}`, updatedAt: now };
  if (target.status === 'delivered') patch.deliveredAt = report.at ?? now;
  if (message.sentAt === undefined) patch.sentAt = report.at ?? now;
  if (report.providerMessageId !== undefined) patch.providerMessageId = report.providerMessageId;
  if (report.providerBatchId !== undefined) patch.providerBatchId = report.providerBatchId;
  if (report.segments !== undefined) patch.segments = report.segments;
  const guard: MessageGuard = { status: target.from };
  return context.store.update(message.id, patch, guard);
}

/**
 * Applies reports of one provider: each is matched to a message of that provider by the provider's message id,
 * else by reference (the message id given at send). Reports of unknown messages are ignored.
 * @returns how many messages changed
 */
export async function applyDeliveryReports(
  context: EngineContext,
  providerId: string,
  reports: readonly DeliveryReport[],
): Promise<number> {
  if (reports.length === 0) return 0;
  const ids = reports.flatMap((report) =>
    report.providerMessageId === undefined ? [] : [report.providerMessageId],
  );
  const references = reports.flatMap((report) => (report.reference === undefined ? [] : [report.reference]));
  const [byProviderId, byReference] = await Promise.all([
    ids.length > 0 ? context.store.findByProviderMessageIds(providerId, ids) : [],
    references.length > 0 ? context.store.get(references) : [],
  ]);
  const providerIndex = new Map(byProviderId.map((message) => [message.providerMessageId!, message]));
  const referenceIndex = new Map(
    byReference
      .filter((message) => message.providerId === providerId)
      .map((message) => [message.id, message]),
  );
  let changed = 0;
  for (const report of reports) {
    const message =
      (report.providerMessageId === undefined ? undefined : providerIndex.get(report.providerMessageId)) ??
      (report.reference === undefined ? undefined : referenceIndex.get(report.reference));
    if (message !== undefined && (await updateFromReport(context, message, report))) changed++;
  }
  return changed;
}

/** The ids of a report query, bounded: at most {@link REPORT_QUERY_SIZE} of each kind, without blanks. */
function boundedQuery(query: DeliveryReportQuery): DeliveryReportQuery {
  const bounded: DeliveryReportQuery = {};
  for (const key of ['references', 'providerMessageIds', 'providerBatchIds'] as const) {
    const ids = [...new Set((query[key] ?? []).filter((id) => typeof id === 'string' && id !== ''))];
    if (ids.length > 0) bounded[key] = ids.slice(0, REPORT_QUERY_SIZE);
  }
  return bounded;
}

/**
 * Asks a provider for the reports of the given messages and applies what it answers. The ids usually come
 * from a push (a webhook) that is not trusted: only the provider's own answer changes a message.
 * @returns how many messages changed (0 when the provider keeps no reports or the query names nothing)
 * @throws the provider's error when the lookup fails
 */
export async function refreshDeliveryReports(
  context: EngineContext,
  providerId: string,
  query: DeliveryReportQuery,
  signal?: AbortSignal,
): Promise<number> {
  const provider = context.providers[providerId];
  if (provider?.getDeliveryReports === undefined) return 0;
  const bounded = boundedQuery(query);
  if (!provider.capabilities.references) delete bounded.references;
  if (Object.keys(bounded).length === 0) return 0;
  const reports = await provider.getDeliveryReports(bounded, lookupOptions(context, signal));
  return applyDeliveryReports(context, providerId, reports);
}

/**
 * Settles one provider's part of the `unknown` messages: a message the provider reports moves as the report
 * says; one it does not know is queued again (same reference) once `reconcileAfterMs` has passed since its
 * last attempt began, or becomes `dead` when its attempts are used up.
 */
async function reconcilePart(
  context: EngineContext,
  provider: SmsProviderV1,
  part: readonly OutboxMessage[],
  signal: AbortSignal | undefined,
): Promise<number> {
  const { logger } = context;
  let reports: DeliveryReport[];
  try {
    const references = part.map((message) => message.id);
    reports = await provider.getDeliveryReports!({ references }, lookupOptions(context, signal));
  } catch (error) {
    logger.warn?.(
      { providerId: part[0]?.providerId, error: errorField(error) },
      'could not reconcile unknown messages',
    );
    return 0;
  }
  const byReference = new Map(
    reports.flatMap((report) => (report.reference ? [[report.reference, report]] : [])),
  );
  const now = context.now();
  let changed = 0;
  for (const message of part) {
    const report = byReference.get(message.id);
    if (report !== undefined) {
      if (await updateFromReport(context, message, report)) changed++;
      continue;
    }
    if (now.getTime() - message.updatedAt.getTime() < context.reconcileAfterMs) continue;
    const patch: MessagePatch =
      message.attempts >= context.maxAttempts
        ? { status: 'dead', reason: 'retries-exhausted', updatedAt: now }
        : { status: 'queued', nextAttemptAt: now, reason: 'reconciled-not-received', updatedAt: now };
    if (await context.store.update(message.id, patch, { status: ['unknown'] })) {
      changed++;
      logger.info?.(
        { messageId: message.id, providerId: message.providerId, status: patch.status },
        'unknown message not found at the provider',
      );
    }
  }
  return changed;
}

/**
 * Reconciles `unknown` messages with the reports of providers that find messages by reference; messages of
 * other providers wait for an operator ({@link resolveUnknown}).
 * @returns how many messages changed
 */
export async function reconcileUnknown(context: EngineContext, signal?: AbortSignal): Promise<number> {
  const unknown = await context.store.list({ status: 'unknown', limit: 1000 });
  const byProvider = new Map<string, OutboxMessage[]>();
  for (const message of unknown) {
    byProvider.set(message.providerId, [...(byProvider.get(message.providerId) ?? []), message]);
  }
  let changed = 0;
  for (const [providerId, messages] of byProvider) {
    const provider = context.providers[providerId];
    if (provider?.getDeliveryReports === undefined || !provider.capabilities.references) continue;
    for (const part of chunk(messages, REPORT_QUERY_SIZE)) {
      if (signal?.aborted) return changed;
      changed += await reconcilePart(context, provider, part, signal);
    }
  }
  return changed;
}

/**
 * Polls the reports of `sent` messages younger than `reportWindowMs`: by the provider's message id, else by
 * reference when the provider finds messages that way.
 * @returns how many messages changed
 */
export async function pollSent(context: EngineContext, signal?: AbortSignal): Promise<number> {
  let changed = 0;
  const since = new Date(context.now().getTime() - context.reportWindowMs);
  for (const [providerId, provider] of Object.entries(context.providers)) {
    if (provider.getDeliveryReports === undefined) continue;
    const sent = await context.store.list({ providerId, status: 'sent', since, limit: 1000 });
    const withId = sent.filter((message) => message.providerMessageId !== undefined);
    const withoutId = provider.capabilities.references
      ? sent.filter((message) => message.providerMessageId === undefined)
      : [];
    const queries: DeliveryReportQuery[] = [
      ...chunk(withId, REPORT_QUERY_SIZE).map((part) => ({
        providerMessageIds: part.map((message) => message.providerMessageId!),
      })),
      ...chunk(withoutId, REPORT_QUERY_SIZE).map((part) => ({
        references: part.map((message) => message.id),
      })),
    ];
    for (const query of queries) {
      if (signal?.aborted) return changed;
      try {
        const reports = await provider.getDeliveryReports(query, lookupOptions(context, signal));
        changed += await applyDeliveryReports(context, providerId, reports);
      } catch (error) {
        context.logger.warn?.({ providerId, error: errorField(error) }, 'could not poll delivery reports');
      }
    }
  }
  return changed;
}

/**
 * What deciding an `unknown` message writes: `resend` queues it again (same id, so the same reference),
 * `sent` and `failed` record what the operator found out.
 * @param outcome - the operator's decision
 * @param now - the time of the decision
 */
export function resolvePatch(outcome: 'resend' | 'sent' | 'failed', now: Date): MessagePatch {
  return outcome === 'resend'
    ? { status: 'queued', nextAttemptAt: now, reason: 'resent-by-operator', updatedAt: now }
    : outcome === 'sent'
      ? { status: 'sent', sentAt: now, reason: 'confirmed-by-operator', updatedAt: now }
      : { status: 'failed', reason: 'failed-by-operator', updatedAt: now };
}

/**
 * Decides an `unknown` message a provider cannot reconcile: `resend` queues it again, `sent` and `failed`
 * record what the operator found out.
 * @returns false when the message is not `unknown`
 */
export function resolveUnknown(
  context: EngineContext,
  messageId: string,
  outcome: 'resend' | 'sent' | 'failed',
): Promise<boolean> {
  return context.store.update(messageId, resolvePatch(outcome, context.now()), { status: ['unknown'] });
}
