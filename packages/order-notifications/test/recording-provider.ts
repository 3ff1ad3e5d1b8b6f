import {
  createCapabilities,
  type DeliveryReport,
  type DeliveryReportQuery,
  InvalidRecipientError,
  MessagingError,
  NetworkError,
  RateLimitError,
  type SendSmsRequest,
  type SendSmsResult,
  type SmsProviderV1,
  TimeoutError,
} from '@x/messaging-core';

/** A failure the next send should meet. */
export type Failure =
  | 'rate-limit'
  | 'server-error'
  | 'timeout-after-send'
  | 'blacklisted'
  | 'invalid-sender'
  | 'crash';

/** A provider that records what it receives; failures are queued per call. */
export interface RecordingProvider extends SmsProviderV1 {
  sent: { to: string; text: string; reference?: string; providerMessageId: string; from?: string }[];
  attempts: number;
  failNext(...failures: Failure[]): void;
  /** Reports by reference, as the provider would answer (`accepted` sends are reported when `report` says). */
  reports: Map<string, DeliveryReport>;
  reportQueries: DeliveryReportQuery[];
}

let counter = 0;

export function createRecordingProvider(
  options: { providerId?: string; references?: boolean; reports?: boolean } = {},
): RecordingProvider {
  const providerId = options.providerId ?? 'recording';
  const failures: Failure[] = [];
  const provider: RecordingProvider = {
    specificationVersion: 'v1',
    providerId,
    capabilities: createCapabilities({
      deliveryReports: options.reports ?? true,
      references: options.references ?? true,
    }),
    sent: [],
    attempts: 0,
    reports: new Map(),
    reportQueries: [],
    failNext(...next) {
      failures.push(...next);
    },
    async sendSms(request: SendSmsRequest): Promise<SendSmsResult> {
      provider.attempts++;
      const to = Array.isArray(request.to) ? request.to[0]! : request.to;
      const failure = failures.shift();
      const url = 'https://sms.example/send';
      if (failure === 'rate-limit') {
        throw new RateLimitError({
          message: 'Too many requests',
          url,
          statusCode: 429,
          retryAfterMs: 10,
          providerId,
        });
      }
      if (failure === 'server-error') {
        throw new NetworkError({ message: 'Connection refused', url, code: 'ECONNREFUSED', providerId });
      }
      if (failure === 'invalid-sender') {
        throw new MessagingError({ message: 'Sender not approved', providerId, isRetryable: false });
      }
      if (failure === 'crash') throw new TypeError(`cannot read ${to}`);
      const providerMessageId = `pm-${++counter}`;
      if (failure === 'blacklisted') {
        return {
          messages: [
            {
              to,
              status: 'rejected',
              error: new InvalidRecipientError({
                message: 'Blacklisted',
                url,
                blacklisted: true,
                providerId,
              }),
            },
          ],
          type: 'normal',
          segments: 1,
          warnings: [],
        };
      }
      const record: RecordingProvider['sent'][number] = { to, text: request.text, providerMessageId };
      if (request.reference !== undefined) record.reference = request.reference;
      if (request.from !== undefined) record.from = request.from;
      provider.sent.push(record);
      if (failure === 'timeout-after-send') {
        throw new TimeoutError({
          message: 'Timed out',
          timeoutMs: 1000,
          url,
          maybeDelivered: true,
          providerId,
        });
      }
      return {
        messages: [{ to, status: 'accepted', providerMessageId }],
        type: 'normal',
        segments: 1,
        providerBatchId: `batch-${counter}`,
        cost: { credits: 1 },
        warnings: [],
      };
    },
  };
  if (options.reports ?? true) {
    provider.getDeliveryReports = async (query) => {
      provider.reportQueries.push(query);
      const result: DeliveryReport[] = [];
      for (const reference of query.references ?? []) {
        const report = provider.reports.get(reference);
        if (report !== undefined) result.push(report);
      }
      for (const id of query.providerMessageIds ?? []) {
        for (const report of provider.reports.values()) {
          if (report.providerMessageId === id) result.push(report);
        }
      }
      return result;
    };
  }
  return provider;
}
