import { ApiCallError, NotFoundError, ValidationError } from '../errors';
import type {
  CancelResultV1,
  DeliveryReportQueryV1,
  DeliveryReportV1,
  DeliveryStatusV1,
} from '../sms-provider/v1/sms-provider-v1';
import { sandboxUrl } from './sandbox-faults';
import type { SandboxState } from './sandbox-state';
import type { SandboxMessage } from './sandbox-types';

/** The delivery report of one sandbox message. */
export function toReport(message: SandboxMessage): DeliveryReportV1 {
  return {
    providerMessageId: message.providerMessageId,
    providerBatchId: message.providerBatchId,
    ...(message.reference === undefined ? {} : { reference: message.reference }),
    to: message.to,
    status: message.status,
    at: message.statusAt,
    segments: message.segments,
    raw: {
      id: message.providerMessageId,
      batch: message.providerBatchId,
      status: message.status,
      cancelled: message.cancelled,
    },
  };
}

/** The reports of the messages a query names by batch id, message id or reference. */
export function findReports(state: SandboxState, query: DeliveryReportQueryV1): DeliveryReportV1[] {
  const batchIds = new Set(query?.providerBatchIds ?? []);
  const messageIds = new Set(query?.providerMessageIds ?? []);
  const references = new Set(query?.references ?? []);
  if (batchIds.size + messageIds.size + references.size === 0) {
    throw new ValidationError({
      message: 'Give at least one batch id, message id or reference.',
      target: 'request',
      issues: [{ path: [], message: 'empty query', code: 'too_small' }],
    });
  }
  return state.sent
    .filter(
      (message) =>
        batchIds.has(message.providerBatchId) ||
        messageIds.has(message.providerMessageId) ||
        (message.reference !== undefined && references.has(message.reference)),
    )
    .map(toReport);
}

/** Moves every sent (and every due scheduled) message to `delivered`, landlines to `undelivered`. */
export function deliverAll(state: SandboxState): DeliveryReportV1[] {
  const at = state.now();
  const changed: DeliveryReportV1[] = [];
  for (const message of state.sent) {
    const due =
      message.status === 'sent' ||
      (message.status === 'queued' && (message.sendAt?.getTime() ?? 0) <= at.getTime());
    if (!due) continue;
    message.status = message.landline ? 'undelivered' : 'delivered';
    message.statusAt = at;
    changed.push(toReport(message));
  }
  return changed;
}

/** Sets the status of one message. */
export function setDeliveryStatus(
  state: SandboxState,
  providerMessageId: string,
  status: DeliveryStatusV1,
): void {
  const message = state.sent.find((candidate) => candidate.providerMessageId === providerMessageId);
  if (!message) {
    throw new NotFoundError({
      providerId: state.providerId,
      url: sandboxUrl(state.providerId, 'getDeliveryReports'),
      message: `${state.providerId}: no such message.`,
    });
  }
  message.status = status;
  message.statusAt = state.now();
}

/** Cancels scheduled sends by batch id, refunding their credits; a send already out cannot be cancelled. */
export function cancelScheduledSends(state: SandboxState, ids: string[]): CancelResultV1[] {
  const url = sandboxUrl(state.providerId, 'cancelScheduled');
  return ids.map((id): CancelResultV1 => {
    const batch = state.sent.filter((message) => message.providerBatchId === id);
    if (batch.length === 0) {
      const error = new NotFoundError({
        providerId: state.providerId,
        url,
        statusCode: 404,
        message: `${state.providerId}: no such send.`,
      });
      return { id, cancelled: false, error };
    }
    if (batch.some((message) => message.status !== 'queued')) {
      const error = new ApiCallError({
        providerId: state.providerId,
        url,
        statusCode: 409,
        message: `${state.providerId}: the send is no longer scheduled.`,
      });
      return { id, cancelled: false, error };
    }
    const at = state.now();
    for (const message of batch) {
      message.status = 'rejected';
      message.cancelled = true;
      message.statusAt = at;
      state.balance += message.segments;
    }
    return { id, cancelled: true };
  });
}
