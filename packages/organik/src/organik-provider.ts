import {
  ApiCallError,
  type BalanceV1,
  type BlacklistEntryV1,
  type CallOptionsV1,
  type CancelResultV1,
  type DeliveryReportQueryV1,
  type DeliveryReportV1,
  InvalidPhoneNumberError,
  InvalidSenderError,
  MessagingError,
  NotFoundError,
  parsePhoneNumberDetails,
  type SenderV1,
  type SendSmsMessageResultV1,
  type SendSmsRequestV1,
  type SendSmsResultV1,
  type SmsCapabilitiesV1,
  type SmsProviderV1,
  ValidationError,
  type WarningV1,
} from '@x/messaging-core';
import { cacheUntilRejected, loadOptionalSetting } from '@x/provider-utils';
import { z } from 'zod';
import { buildOrganikSendSmsRequest, type OrganikDeliveryOptions } from './convert-to-organik-request';
import { mapOrganikStatus } from './map-organik-status';
import { OrganikClient, sendPreparedSms } from './organik-client';
import { createOrganikError, ORGANIK_PROVIDER_ID } from './organik-error';
import { ORGANIK_MAX_SEGMENTS, planOrganikMessage } from './organik-message';
import { maskPhoneNumber, organikGsmToE164 } from './organik-phone';
import { parseOrganikDeliveryReport } from './organik-report';
import type { OrganikDeliveryResult, OrganikReportRow } from './organik-schemas';
import { DEFAULT_ORGANIK_BASE_URL, type OrganikCallOptions, type OrganikSettings } from './organik-settings';

/** Settings of {@link createOrganik}. */
export interface OrganikProviderSettings extends OrganikSettings {
  /**
   * The sender id (başlık) used when a request has no `from`: its id or exact name. Default: the
   * `ORGANIK_SENDER` environment variable, else the first sender id of the account (asked once, then cached).
   */
  sender?: string;
  /**
   * The most numbers put in one `sendsms` request (default 50 000). Organik sets no limit; a bigger send is
   * split into several requests, whose transaction ids are joined with `,` in `providerBatchId`.
   */
  maxRecipientsPerRequest?: number;
}

/** Organik-specific settings of a send, under `providerOptions.organik`. */
export interface OrganikSendSmsProviderOptions {
  /** Hours the operator keeps trying (1–48, default 48); undelivered messages are then refunded. */
  timeoutHours?: number;
  /** A URL Organik POSTs the delivery report to (read it with `parseDeliveryWebhook`). */
  reportUrl?: string;
}

const providerOptionsSchema = z
  .strictObject({
    timeoutHours: z.number().int().min(1).max(48).optional(),
    reportUrl: z.url({ protocol: /^https?$/ }).optional(),
  })
  .optional();

/** The Organik provider: the v1 contract with every optional method, plus the raw client. */
export interface OrganikProvider extends SmsProviderV1 {
  /** The raw client, for what the contract does not model (groups, personalised sends, inbox, basic reports). */
  readonly client: OrganikClient;
  getBalance(options?: CallOptionsV1): Promise<BalanceV1>;
  listSenders(options?: CallOptionsV1): Promise<SenderV1[]>;
  getDeliveryReports(query: DeliveryReportQueryV1, options?: CallOptionsV1): Promise<DeliveryReportV1[]>;
  cancelScheduled(ids: string[], options?: CallOptionsV1): Promise<CancelResultV1[]>;
  readonly blacklist: {
    list(options?: CallOptionsV1): Promise<BlacklistEntryV1[]>;
    add(numbers: string[], options?: CallOptionsV1): Promise<void>;
    remove(numbers: string[], options?: CallOptionsV1): Promise<void>;
  };
  parseDeliveryWebhook(request: Request): Promise<DeliveryReportV1[]>;
}

const DEFAULT_MAX_RECIPIENTS_PER_REQUEST = 50_000;
const MAX_RECIPIENTS_PER_CALL = 1_000_000;
const TURKISH_MOBILE = /^(?:\+?90|0090|0)?(5\d{9})$/;

/** A number that can be sent to; `outcome` is filled in once Organik has answered for it. */
interface Sendable {
  input: string;
  e164: string;
  digits: string;
  outcome?: SendSmsMessageResultV1;
}

/** A recipient after normalisation: Organik's digits, or why it cannot be sent to. */
type Recipient = Sendable | { input: string; error: MessagingError };

/**
 * Normalises one recipient. Turkish mobiles in the usual notations take a fast path (a 10 000-number send must
 * stay cheap); anything else goes through the core's phone-number parser.
 */
function normalizeRecipient(input: string): { e164: string; landline: boolean } | { error: MessagingError } {
  if (isTurkishMobileE164(input)) return { e164: input, landline: false };
  const compact = typeof input === 'string' ? input.replace(/[\s().-]/g, '') : '';
  const mobile = TURKISH_MOBILE.exec(compact);
  if (mobile) return { e164: `+90${mobile[1]}`, landline: false };
  try {
    const details = parsePhoneNumberDetails(String(input));
    return { e164: details.e164, landline: !details.isMobile };
  } catch (error) {
    if (!InvalidPhoneNumberError.isInstance(error)) throw error;
    return { error };
  }
}

function landlineWarning(e164: string): WarningV1 {
  return { type: 'landline', recipient: maskPhoneNumber(e164), details: 'Not a mobile number.' };
}

/** Whether the input is already `+905XXXXXXXXX`, the form the core's normaliser writes. */
function isTurkishMobileE164(input: string): boolean {
  if (typeof input !== 'string' || input.length !== 13 || !input.startsWith('+905')) return false;
  for (let index = 4; index < 13; index++) {
    const code = input.charCodeAt(index);
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}

/** Normalises recipients to distinct E.164 numbers in request order; warns once per landline. */
function prepareRecipients(
  to: string | readonly string[],
  warnings: WarningV1[],
): { recipients: Recipient[]; sendable: Sendable[] } {
  if (typeof to === 'string') {
    // One recipient, the usual transactional send: no de-duplication to do.
    const normalized = normalizeRecipient(to);
    if ('error' in normalized) return { recipients: [{ input: to, error: normalized.error }], sendable: [] };
    if (normalized.landline) warnings.push(landlineWarning(normalized.e164));
    const recipient: Sendable = { input: to, e164: normalized.e164, digits: normalized.e164.slice(1) };
    return { recipients: [recipient], sendable: [recipient] };
  }
  const inputs = Array.isArray(to) ? to : [];
  if (inputs.length === 0 || inputs.length > MAX_RECIPIENTS_PER_CALL) {
    const message = inputs.length === 0 ? 'at least one recipient is required' : 'too many recipients';
    throw new ValidationError({
      message: `Invalid send request: ${message}.`,
      target: 'request',
      issues: [{ path: ['to'], message, code: inputs.length === 0 ? 'too_small' : 'too_big' }],
      providerId: ORGANIK_PROVIDER_ID,
    });
  }
  const seen = new Set<string>();
  const recipients: Recipient[] = [];
  const sendable: Sendable[] = [];
  for (const input of inputs) {
    const normalized = normalizeRecipient(input);
    if ('error' in normalized) {
      if (seen.has(`raw:${input}`)) continue;
      seen.add(`raw:${input}`);
      recipients.push({ input: String(input), error: normalized.error });
      continue;
    }
    const { e164 } = normalized;
    if (seen.has(e164)) continue;
    seen.add(e164);
    if (normalized.landline) warnings.push(landlineWarning(e164));
    const recipient: Sendable = { input, e164, digits: e164.slice(1) };
    recipients.push(recipient);
    sendable.push(recipient);
  }
  return { recipients, sendable };
}

function toClientOptions(options: CallOptionsV1 | undefined): OrganikCallOptions | undefined {
  if (!options) return undefined;
  const result: OrganikCallOptions = {};
  if (options.signal) result.signal = options.signal;
  if (options.timeoutMs !== undefined) result.timeoutMs = options.timeoutMs;
  if (options.headers) result.headers = options.headers;
  if (options.idempotencyKey !== undefined) result.idempotencyKey = options.idempotencyKey;
  return result;
}

function invalidRequest(message: string, path: string): ValidationError {
  return new ValidationError({
    message: `Invalid send request: ${path} ${message}.`,
    target: 'request',
    issues: [{ path: [path], message }],
    providerId: ORGANIK_PROVIDER_ID,
  });
}

function toDeliveryReport(row: OrganikReportRow): DeliveryReportV1 {
  const report: DeliveryReportV1 = {
    providerMessageId: row.gsmTrackId,
    providerBatchId: row.transactionId,
    to: organikGsmToE164(row.gsm),
    status: mapOrganikStatus(row.status),
    raw: row,
  };
  if (row.deliveryTrackId) report.reference = row.deliveryTrackId;
  const at = row.finishedAt ?? row.startedAt ?? row.createdAt;
  if (at) report.at = at;
  if (row.smsCount > 0) report.segments = row.smsCount;
  return report;
}

function splitIds(ids: readonly string[] | undefined): string[] {
  return (ids ?? [])
    .flatMap((id) => String(id).split(','))
    .map((id) => id.trim())
    .filter(Boolean);
}

/**
 * Creates the Organik SMS provider: the provider-neutral `SmsProviderV1` of `@x/messaging-core`, with balance,
 * senders, delivery reports (by batch id, message id or your reference), cancelling scheduled sends, blacklist
 * list/add/remove and `report_url` webhooks. Your `reference` (or else the call's `idempotencyKey`) travels as
 * Organik's `track_id`, so that a send whose outcome is unknown can be found again in the reports.
 *
 * The provider makes one attempt per call; wrap calls in `withRetry` for retries. Credentials are read at the
 * first request.
 * @param settings - credentials, base URL, format, fetch, timeout, hooks, default sender
 * @example
 * const organik = createOrganik({ apiKey: process.env.ORGANIK_API_KEY, sender: 'MYSHOP' });
 * const result = await organik.sendSms({ to: '0532 123 45 67', text: 'Siparişiniz kargoya verildi.' });
 */
export function createOrganik(settings: OrganikProviderSettings = {}): OrganikProvider {
  const client = new OrganikClient(settings);
  const baseUrl = (settings.baseUrl ?? DEFAULT_ORGANIK_BASE_URL).replace(/\/+$/, '');
  const chunkSize = Math.max(
    1,
    Math.floor(settings.maxRecipientsPerRequest ?? DEFAULT_MAX_RECIPIENTS_PER_REQUEST),
  );
  /** The account's first sender id, asked once (again only after a failure). */
  const firstSender = cacheUntilRejected(async (options: CallOptionsV1 | undefined) => {
    const first = (await client.headers(toClientOptions(options)))[0];
    if (!first) {
      throw new InvalidSenderError({
        message: 'The Organik account has no sender id (başlık); register one in the panel.',
        url: `${baseUrl}/v2/***/headers/`,
        providerId: ORGANIK_PROVIDER_ID,
      });
    }
    return first.id;
  });
  /** The `sender` setting or `ORGANIK_SENDER`, once read; `null` when neither is set. */
  let configuredSender: string | null | undefined;

  const capabilities: SmsCapabilitiesV1 = Object.freeze({
    balance: true,
    senders: true,
    deliveryReports: true,
    deliveryWebhooks: true,
    cancelScheduled: true,
    blacklist: true,
    blacklistAdd: true,
    blacklistRemove: true,
    scheduling: true,
    messageTypes: Object.freeze(['normal', 'turkish', 'unicode'] as const),
    maxSegments: ORGANIK_MAX_SEGMENTS,
    maxRecipientsPerCall: MAX_RECIPIENTS_PER_CALL,
    references: true,
    idempotency: false,
  });

  /** The sender of a send: given, configured, or (asked once) the account's first; no wait when known. */
  function resolveSender(
    from: string | undefined,
    options: CallOptionsV1 | undefined,
  ): string | Promise<string> {
    if (from !== undefined && from !== null) return from;
    // The configured sender is read at the first send, like the credentials.
    configuredSender ??=
      loadOptionalSetting({
        value: settings.sender,
        envVar: 'ORGANIK_SENDER',
        optionName: 'sender',
        description: 'Organik sender',
      }) ?? null;
    if (configuredSender !== null) return configuredSender;
    return firstSender(options);
  }

  /** Sets the outcome of each number of `chunk` from what Organik reported. */
  function mapDelivery(
    delivery: OrganikDeliveryResult | undefined,
    chunk: readonly Sendable[],
    url: string,
  ): void {
    // A single number is matched directly; a larger chunk is indexed by number once.
    const only = chunk.length === 1 ? chunk[0] : undefined;
    const byNumber = only ? undefined : new Map(chunk.map((recipient) => [recipient.e164, recipient]));
    const find = (e164: string) => (only ? (only.e164 === e164 ? only : undefined) : byNumber?.get(e164));
    for (const valid of delivery?.valid ?? []) {
      const e164 = organikGsmToE164(valid.gsm);
      const recipient = find(e164);
      if (recipient) {
        recipient.outcome = { to: e164, status: 'accepted', providerMessageId: valid.gsmTrackId };
      }
    }
    for (const invalid of delivery?.invalid ?? []) {
      const e164 = organikGsmToE164(invalid.gsm ?? invalid.requestGsm);
      const recipient = find(e164);
      if (recipient) {
        recipient.outcome = {
          to: e164,
          status: 'rejected',
          error: createOrganikError(invalid.error, { url, method: 'POST', recipient: maskPhoneNumber(e164) }),
        };
      }
    }
    for (const recipient of chunk) {
      recipient.outcome ??= {
        to: recipient.e164,
        status: 'rejected',
        error: new ApiCallError({
          message: `Organik did not report recipient ${maskPhoneNumber(recipient.e164)}; check the delivery reports before sending again.`,
          url,
          method: 'POST',
          providerId: ORGANIK_PROVIDER_ID,
          maybeDelivered: true,
        }),
      };
    }
  }

  const provider: OrganikProvider = {
    specificationVersion: 'v1',
    providerId: ORGANIK_PROVIDER_ID,
    capabilities,
    client,

    async sendSms(request: SendSmsRequestV1, options?: CallOptionsV1): Promise<SendSmsResultV1> {
      if (typeof request?.text !== 'string') throw invalidRequest('must be a string', 'text');
      const plan = planOrganikMessage(request.text, request.type ?? 'auto');
      const givenOptions = request.providerOptions?.[ORGANIK_PROVIDER_ID];
      let organikOptions: OrganikSendSmsProviderOptions = {};
      if (givenOptions !== undefined) {
        const parsedOptions = providerOptionsSchema.safeParse(givenOptions);
        if (!parsedOptions.success) {
          const issue = parsedOptions.error.issues[0];
          throw invalidRequest(
            issue?.message ?? 'is invalid',
            `providerOptions.organik.${issue?.path.join('.') ?? ''}`,
          );
        }
        organikOptions = parsedOptions.data ?? {};
      }
      const warnings: WarningV1[] = [];
      if (request.sendAt !== undefined) {
        if (!(request.sendAt instanceof Date) || Number.isNaN(request.sendAt.getTime())) {
          throw invalidRequest('must be a valid Date', 'sendAt');
        }
        if (request.sendAt.getTime() % 60_000 !== 0) {
          warnings.push({
            type: 'unsupported-setting',
            setting: 'sendAt',
            details: 'Organik schedules to the minute; the seconds were dropped.',
          });
        }
      }
      if (options?.idempotencyKey !== undefined) {
        warnings.push({
          type: 'unsupported-setting',
          setting: 'idempotencyKey',
          details:
            'Organik does not deduplicate sends; without a reference the key travels as track_id, to find the send in the reports.',
        });
      }
      const { recipients, sendable } = prepareRecipients(request.to, warnings);
      const batchIds: string[] = [];
      let credits = 0;
      let amount = 0;

      if (sendable.length > 0) {
        options?.signal?.throwIfAborted();
        const sender = resolveSender(request.from, options);
        const header = typeof sender === 'string' ? sender : await sender;
        const trackId = request.reference ?? options?.idempotencyKey;
        const clientOptions = toClientOptions(options);
        const url = `${baseUrl}/v2/***/sendsms/`;
        // The same options for every request of the send.
        const deliveryOptions: OrganikDeliveryOptions = { header };
        if (trackId !== undefined) deliveryOptions.trackId = trackId;
        if (request.sendAt !== undefined) deliveryOptions.deliveryTime = request.sendAt;
        if (organikOptions.timeoutHours !== undefined)
          deliveryOptions.timeoutHours = organikOptions.timeoutHours;
        if (organikOptions.reportUrl !== undefined) deliveryOptions.reportUrl = organikOptions.reportUrl;
        let failure: MessagingError | undefined;
        for (let start = 0; start < sendable.length; start += chunkSize) {
          const chunk =
            start === 0 && sendable.length <= chunkSize ? sendable : sendable.slice(start, start + chunkSize);
          if (failure) {
            const notAttempted = new MessagingError({
              message: 'Not sent: an earlier request of this send failed.',
              providerId: ORGANIK_PROVIDER_ID,
              isRetryable: failure.isRetryable,
              maybeDelivered: false,
            });
            for (const recipient of chunk) {
              recipient.outcome = { to: recipient.e164, status: 'rejected', error: notAttempted };
            }
            continue;
          }
          try {
            const { value: response } = await sendPreparedSms(
              client,
              buildOrganikSendSmsRequest([
                {
                  options: deliveryOptions,
                  messageFormat: plan.messageFormat,
                  gsms: chunk.map((recipient) => recipient.digits),
                  message: request.text,
                },
              ]),
              clientOptions,
            );
            const delivery = response.deliveries[0];
            if (delivery?.error && (delivery.invalid.length === 0 || delivery.error.code !== 102)) {
              throw createOrganikError(delivery.error, { url, method: 'POST', statusCode: 200 });
            }
            if (delivery?.transactionId) batchIds.push(delivery.transactionId);
            for (const valid of delivery?.valid ?? []) {
              credits += valid.creditAmount;
              amount += valid.tlAmount;
            }
            mapDelivery(delivery, chunk, url);
          } catch (error) {
            // The first request failing means nothing was sent: the whole call fails.
            if (!MessagingError.isInstance(error) || start === 0) throw error;
            failure = error;
            for (const recipient of chunk) {
              recipient.outcome = { to: recipient.e164, status: 'rejected', error };
            }
          }
        }
      }

      const messages = recipients.map((recipient): SendSmsMessageResultV1 => {
        if ('error' in recipient) return { to: recipient.input, status: 'rejected', error: recipient.error };
        return recipient.outcome ?? { to: recipient.e164, status: 'rejected' };
      });
      const result: SendSmsResultV1 = { messages, type: plan.type, segments: plan.segments, warnings };
      if (batchIds.length > 0) result.providerBatchId = batchIds.join(',');
      if (credits > 0 || amount > 0) {
        result.cost = { credits };
        if (amount > 0)
          Object.assign(result.cost, { amount: Math.round(amount * 100) / 100, currency: 'TRY' });
      }
      return result;
    },

    async getBalance(options?: CallOptionsV1): Promise<BalanceV1> {
      const balance = await client.balance(toClientOptions(options));
      return { credits: balance.credit, amount: balance.tl, currency: 'TRY', raw: balance };
    },

    async listSenders(options?: CallOptionsV1): Promise<SenderV1[]> {
      const headers = await client.headers(toClientOptions(options));
      return headers.map((header) => ({ id: header.id, name: header.name, active: true }));
    },

    async getDeliveryReports(
      query: DeliveryReportQueryV1,
      options?: CallOptionsV1,
    ): Promise<DeliveryReportV1[]> {
      const rows = await client.detailedReport(
        {
          transactionIds: splitIds(query?.providerBatchIds),
          gsmTrackIds: splitIds(query?.providerMessageIds),
          deliveryTrackIds: query?.references ?? [],
        },
        toClientOptions(options),
      );
      return rows.map(toDeliveryReport);
    },

    async cancelScheduled(ids: string[], options?: CallOptionsV1): Promise<CancelResultV1[]> {
      const transactionIds = splitIds(ids);
      const results = await client.cancelScheduledTasks({ transactionIds }, toClientOptions(options));
      const byId = new Map(results.map((result) => [result.transactionId, result.cancelled]));
      return ids.map((id): CancelResultV1 => {
        const parts = splitIds([id]);
        const states = parts.map((part) => byId.get(part));
        if (states.some((state) => state === undefined)) {
          return {
            id,
            cancelled: false,
            error: new NotFoundError({
              message: 'Organik did not report this scheduled send.',
              url: `${baseUrl}/v2/***/cancelscheduledtasks/`,
              method: 'POST',
              providerId: ORGANIK_PROVIDER_ID,
            }),
          };
        }
        return { id, cancelled: states.every(Boolean) };
      });
    },

    blacklist: {
      async list(options?: CallOptionsV1): Promise<BlacklistEntryV1[]> {
        const entries = await client.blacklist(toClientOptions(options));
        return entries.map((entry) =>
          entry.addedAt
            ? { number: organikGsmToE164(entry.gsm), addedAt: entry.addedAt }
            : { number: organikGsmToE164(entry.gsm) },
        );
      },
      async add(numbers: string[], options?: CallOptionsV1): Promise<void> {
        await client.blacklistAdd({ gsms: numbers.map(toE164) }, toClientOptions(options));
      },
      async remove(numbers: string[], options?: CallOptionsV1): Promise<void> {
        await client.blacklistRemove({ gsms: numbers.map(toE164) }, toClientOptions(options));
      },
    },

    async parseDeliveryWebhook(request: Request): Promise<DeliveryReportV1[]> {
      const text = await request.text();
      let payload: unknown;
      try {
        payload = JSON.parse(text);
      } catch {
        const form = new URLSearchParams(text);
        payload = Object.fromEntries(form);
        if (form.size === 0 || !form.has('gsm')) {
          throw new ValidationError({
            message: 'The Organik delivery report is not JSON.',
            target: 'webhook',
            issues: [{ path: [], message: 'not JSON', code: 'invalid_format' }],
            providerId: ORGANIK_PROVIDER_ID,
          });
        }
      }
      return parseOrganikDeliveryReport(payload).map(toDeliveryReport);
    },
  };
  return provider;
}

/** A number in E.164, by the same rules as a send's recipients; throws `InvalidPhoneNumberError`. */
function toE164(number: string): string {
  const normalized = normalizeRecipient(number);
  if ('error' in normalized) throw normalized.error;
  return normalized.e164;
}
