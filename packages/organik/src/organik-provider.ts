import {
  type BalanceV1,
  type BlacklistEntryV1,
  type CallOptionsV1,
  type CancelResultV1,
  createCapabilities,
  type DeliveryReportQueryV1,
  type DeliveryReportV1,
  normalizePhoneNumber,
  type SenderV1,
  type SmsProviderV1,
} from '@x/messaging-core';
import { OrganikApi } from './organik-api';
import { toOrganikCallOptions } from './organik-call-options';
import { cancelOrganikScheduled } from './organik-cancel-scheduled';
import { OrganikClient } from './organik-client';
import { getOrganikDeliveryReports } from './organik-delivery-reports';
import { parseOrganikDeliveryWebhook } from './organik-delivery-webhook';
import { ORGANIK_PROVIDER_ID } from './organik-error';
import { ORGANIK_MAX_SEGMENTS } from './organik-message';
import { organikGsmToE164 } from './organik-phone';
import { ORGANIK_MAX_RECIPIENTS_PER_CALL, sendOrganikSms } from './organik-send-sms';
import { createOrganikSenderResolver } from './organik-sender';
import type { OrganikSettings } from './organik-settings';

/** Settings of {@link createOrganik}. */
export interface OrganikProviderSettings extends OrganikSettings {
  /**
   * The sender id (başlık) used when a request has no `from`: its id or exact name. Default: the
   * `ORGANIK_SENDER` environment variable, else the first sender id of the account (asked once, then kept).
   */
  sender?: string;
  /**
   * The most numbers put in one `sendsms` request (default 50 000). Organik sets no limit; a bigger send is
   * split into several requests, whose transaction ids are joined with `,` in `providerBatchId`.
   */
  maxRecipientsPerRequest?: number;
  /**
   * Where Organik POSTs each message's delivery report (`report_url`), for every send that does not name its
   * own in `providerOptions.organik.reportUrl`. The URL usually carries a secret token: it is never logged.
   */
  reportUrl?: string;
}

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

/**
 * Creates the Organik SMS provider: the provider-neutral `SmsProviderV1` of `@x/messaging-core`, with balance,
 * senders, delivery reports (by batch id, message id or your reference), cancelling scheduled sends, blacklist
 * list/add/remove and `report_url` webhooks. Your `reference` (or else the call's `idempotencyKey`) travels as
 * Organik's `track_id` (see `toOrganikTrackId`), so that a send whose outcome is unknown can be found again in
 * the reports.
 *
 * The provider makes one attempt per call; wrap calls in `withRetry` for retries. Credentials are read at the
 * first request.
 * @param settings - credentials, base URL, format, fetch, timeout, hooks, default sender
 * @example
 * const organik = createOrganik({ apiKey: process.env.ORGANIK_API_KEY, sender: 'MYSHOP' });
 * const result = await organik.sendSms({ to: '0532 123 45 67', text: 'Siparişiniz kargoya verildi.' });
 */
export function createOrganik(settings: OrganikProviderSettings = {}): OrganikProvider {
  const api = new OrganikApi(settings);
  const client = new OrganikClient(settings, api);
  const { baseUrl } = api;
  const sendContext = {
    api,
    resolveSender: createOrganikSenderResolver(client, { sender: settings.sender, baseUrl }),
    ...(settings.reportUrl !== undefined ? { reportUrl: settings.reportUrl } : {}),
    maxRecipientsPerRequest: Math.max(
      1,
      Math.floor(settings.maxRecipientsPerRequest ?? DEFAULT_MAX_RECIPIENTS_PER_REQUEST),
    ),
  };
  const toE164 = (numbers: readonly string[]) => numbers.map((number) => normalizePhoneNumber(number));

  return {
    specificationVersion: 'v1',
    providerId: ORGANIK_PROVIDER_ID,
    capabilities: Object.freeze(
      createCapabilities({
        balance: true,
        senders: true,
        deliveryReports: true,
        deliveryWebhooks: true,
        cancelScheduled: true,
        blacklist: true,
        blacklistAdd: true,
        blacklistRemove: true,
        scheduling: true,
        maxSegments: ORGANIK_MAX_SEGMENTS,
        maxRecipientsPerCall: ORGANIK_MAX_RECIPIENTS_PER_CALL,
        references: true,
      }),
    ),
    client,
    sendSms: (request, options) => sendOrganikSms(sendContext, request, options),
    async getBalance(options) {
      const balance = await client.balance(toOrganikCallOptions(options));
      return { credits: balance.credit, amount: balance.tl, currency: 'TRY', raw: balance };
    },
    async listSenders(options) {
      const headers = await client.headers(toOrganikCallOptions(options));
      return headers.map((header) => ({ id: header.id, name: header.name, active: true }));
    },
    getDeliveryReports: (query, options) => getOrganikDeliveryReports(client, query, options),
    cancelScheduled: (ids, options) => cancelOrganikScheduled(client, baseUrl, ids, options),
    blacklist: {
      async list(options) {
        const entries = await client.blacklist(toOrganikCallOptions(options));
        return entries.map((entry) => {
          const number = organikGsmToE164(entry.gsm);
          return entry.addedAt ? { number, addedAt: entry.addedAt } : { number };
        });
      },
      async add(numbers, options) {
        await client.blacklistAdd({ gsms: toE164(numbers) }, toOrganikCallOptions(options));
      },
      async remove(numbers, options) {
        await client.blacklistRemove({ gsms: toE164(numbers) }, toOrganikCallOptions(options));
      },
    },
    parseDeliveryWebhook: parseOrganikDeliveryWebhook,
  };
}
