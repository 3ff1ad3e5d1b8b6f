import { ValidationError } from '../errors';
import type { DeliveryReportV1, DeliveryStatusV1 } from '../sms-provider/v1/sms-provider-v1';
import type { SandboxState } from './sandbox-state';

const DELIVERY_STATUSES: readonly DeliveryStatusV1[] = [
  'queued',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'rejected',
  'expired',
];

/** The `Request` the sandbox would POST to a webhook for these messages (default: all). */
export function createDeliveryWebhookRequest(state: SandboxState, providerMessageIds?: string[]): Request {
  const wanted = providerMessageIds ? new Set(providerMessageIds) : undefined;
  const reports = state.sent
    .filter((message) => !wanted || wanted.has(message.providerMessageId))
    .map((message) => ({
      providerMessageId: message.providerMessageId,
      providerBatchId: message.providerBatchId,
      reference: message.reference,
      to: message.to,
      status: message.status,
      at: message.statusAt.toISOString(),
    }));
  return new Request(`https://${state.providerId}.invalid/webhooks/delivery`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ reports }),
  });
}

function webhookError(
  providerId: string,
  message: string,
  path: PropertyKey[],
  issue: string,
): ValidationError {
  return new ValidationError({
    message: `${providerId}: ${message}`,
    target: 'webhook',
    issues: [{ path, message: issue, code: 'invalid_type' }],
  });
}

/** Reads the reports of a webhook request built by {@link createDeliveryWebhookRequest}. */
export async function parseDeliveryWebhook(
  providerId: string,
  request: Request,
): Promise<DeliveryReportV1[]> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw webhookError(providerId, 'the webhook body is not JSON.', [], 'not JSON');
  }
  const entries = (body as { reports?: unknown })?.reports;
  if (!Array.isArray(entries)) {
    throw webhookError(providerId, 'the webhook body has no reports list.', ['reports'], 'expected an array');
  }
  return entries.map((entry: unknown, index): DeliveryReportV1 => {
    const record = (entry ?? {}) as Record<string, unknown>;
    const status = record.status as DeliveryStatusV1;
    if (typeof record.to !== 'string' || !DELIVERY_STATUSES.includes(status)) {
      const issue = 'expected to and a known status';
      throw webhookError(providerId, `webhook report ${index} is malformed.`, ['reports', index], issue);
    }
    const at = typeof record.at === 'string' ? new Date(record.at) : undefined;
    return {
      ...(typeof record.providerMessageId === 'string'
        ? { providerMessageId: record.providerMessageId }
        : {}),
      ...(typeof record.providerBatchId === 'string' ? { providerBatchId: record.providerBatchId } : {}),
      ...(typeof record.reference === 'string' ? { reference: record.reference } : {}),
      to: record.to,
      status,
      ...(at && !Number.isNaN(at.getTime()) ? { at } : {}),
      raw: entry,
    };
  });
}
