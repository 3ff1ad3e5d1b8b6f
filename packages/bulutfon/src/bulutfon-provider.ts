import {
  type BalanceV1,
  type BlacklistEntryV1,
  type CallOptionsV1,
  InvalidSenderError,
  normalizePhoneNumber,
  type SenderV1,
  type SendSmsResultV1,
  type SmsCapabilitiesV1,
  type SmsProviderV1,
} from '@x/messaging-core';
import { cacheUntilRejected } from '@x/provider-utils';
import { createBulutfonApi } from './bulutfon-api';
import { BulutfonClient } from './bulutfon-client';
import { BULUTFON_PROVIDER_ID } from './bulutfon-error';
import {
  type BulutfonSendSmsRequest,
  createBulutfonSendSms,
  toBulutfonCallOptions,
} from './bulutfon-send-sms';
import type { BulutfonSettings } from './bulutfon-settings';

/** Settings of {@link createBulutfon}: the client's settings plus SMS defaults. */
export interface BulutfonProviderSettings extends BulutfonSettings {
  /** The message title (sender) used when a send has no `from`. Default: the first CONFIRMED title. */
  sender?: string;
  /** Recipients per `POST /messages` request (default 100); larger sends are split. */
  recipientsPerRequest?: number;
}

/** The Bulutfon SMS provider: the v1 contract plus the underlying client for everything else. */
export interface BulutfonProvider extends SmsProviderV1 {
  /** Always `'bulutfon'`. */
  readonly providerId: 'bulutfon';
  /** The low-level client (PBX, CDRs, recordings, fax...). */
  readonly client: BulutfonClient;
  /** Sends one text to one or more recipients; `providerOptions.bulutfon` is typed. */
  sendSms(request: BulutfonSendSmsRequest, options?: CallOptionsV1): Promise<SendSmsResultV1>;
  /** SMS credits (`credits`) and the TL balance (`amount`, `currency: 'TRY'`) from `GET /me`. */
  getBalance(options?: CallOptionsV1): Promise<BalanceV1>;
  /** The message titles; `active` means CONFIRMED (the only state that can send). */
  listSenders(options?: CallOptionsV1): Promise<SenderV1[]>;
  /** The SMS opt-out lists of every title. Bulutfon has no way to add a number. */
  readonly blacklist: {
    /** Every opted-out number, with the title it opted out of as `sender`. */
    list(options?: CallOptionsV1): Promise<BlacklistEntryV1[]>;
    /** Takes the numbers off every title's opt-out list they are on. */
    remove(numbers: string[], options?: CallOptionsV1): Promise<void>;
  };
}

const MAX_RECIPIENTS_PER_CALL = 1000;

/**
 * What the Bulutfon adapter can do. Bulutfon's v1 SMS API returns no message id, so there are no delivery
 * reports and no cancelling; opt-outs can be listed and removed, not added. Texts are measured as GSM-7 or
 * UCS-2 (Bulutfon does not document the Turkish single-shift table).
 */
export const BULUTFON_CAPABILITIES: SmsCapabilitiesV1 = Object.freeze({
  balance: true,
  senders: true,
  deliveryReports: false,
  deliveryWebhooks: false,
  cancelScheduled: false,
  blacklist: true,
  blacklistAdd: false,
  blacklistRemove: true,
  scheduling: true,
  messageTypes: Object.freeze(['normal', 'unicode'] as const),
  maxSegments: 7,
  maxRecipientsPerCall: MAX_RECIPIENTS_PER_CALL,
  references: false,
  idempotency: false,
});

/** Every opted-out number of the account, with the title it opted out of. */
async function listOptOuts(
  client: BulutfonClient,
  options: CallOptionsV1 | undefined,
): Promise<{ title: string; number: string; rejectedAt?: Date }[]> {
  const entries: { title: string; number: string; rejectedAt?: Date }[] = [];
  for (const title of await client.messageTitles.list(toBulutfonCallOptions(options))) {
    const rejections = await client.messageTitles.listRejections(title.name, toBulutfonCallOptions(options));
    for (const rejection of rejections) {
      entries.push({
        title: title.name,
        number: rejection.number.replace(/^\+/, ''),
        rejectedAt: rejection.rejectedAt,
      });
    }
  }
  return entries;
}

/**
 * Creates the Bulutfon SMS provider (`SmsProviderV1`) over the v1 messages endpoints: the title is the sender,
 * sms-rejections are the blacklist, `/me` gives the balance, and `client` reaches the rest of the API.
 *
 * Bulutfon shut its v1 SMS endpoints down on 2020-12-31. On live accounts the sends and the title and opt-out
 * calls fail with `NotFoundError` (whose message says so); balance and the voice side keep working. The
 * provider is kept for the plugins and accounts that still use it, and runs against `@x/bulutfon/testing`.
 * @param settings - credentials (`token` / `BULUTFON_TOKEN`, `email` + `password`, or `oauth`), `baseUrl`,
 *   `fetch`, `timeoutMs`, `hooks`, the default `sender` and `recipientsPerRequest`
 * @example
 * const bulutfon = createBulutfon({ token: process.env.BULUTFON_TOKEN, sender: 'TEST' });
 * await bulutfon.sendSms({ to: '0532 123 45 67', text: 'Siparişiniz kargoda.' });
 */
export function createBulutfon(settings: BulutfonProviderSettings = {}): BulutfonProvider {
  const { sender, recipientsPerRequest, ...clientSettings } = settings;
  const api = createBulutfonApi(clientSettings);
  const client = new BulutfonClient(clientSettings, api);

  async function listSenders(options?: CallOptionsV1): Promise<SenderV1[]> {
    const titles = await client.messageTitles.list(toBulutfonCallOptions(options));
    return titles.map((title) => ({
      id: String(title.id),
      name: title.name,
      active: title.state === 'CONFIRMED',
      ...(title.state === undefined ? {} : { state: title.state }),
    }));
  }

  /** The account's first CONFIRMED message title, asked once (again only after a failure). */
  const firstConfirmedTitle = cacheUntilRejected(async (options?: CallOptionsV1) => {
    const confirmed = (await listSenders(options)).find((title) => title.active);
    if (confirmed) return confirmed.name;
    throw new InvalidSenderError({
      message: 'Bulutfon: the account has no CONFIRMED message title; pass `from` or the `sender` setting',
      url: `${client.baseUrl}/message-titles`,
      providerId: BULUTFON_PROVIDER_ID,
    });
  });

  return {
    specificationVersion: 'v1',
    providerId: BULUTFON_PROVIDER_ID,
    capabilities: BULUTFON_CAPABILITIES,
    client,
    sendSms: createBulutfonSendSms({
      api,
      capabilities: BULUTFON_CAPABILITIES,
      recipientsPerRequest: Math.max(1, Math.min(recipientsPerRequest ?? 100, MAX_RECIPIENTS_PER_CALL)),
      defaultTitle: async (options) => sender ?? firstConfirmedTitle(options),
    }),
    async getBalance(options) {
      const me = await client.me(toBulutfonCallOptions(options));
      return { credits: me.credit.smsCredits, amount: me.credit.balance, currency: 'TRY', raw: me };
    },
    listSenders,
    blacklist: {
      async list(options) {
        return (await listOptOuts(client, options)).map((entry) => ({
          number: `+${entry.number}`,
          ...(entry.rejectedAt ? { addedAt: entry.rejectedAt } : {}),
          sender: entry.title,
        }));
      },
      async remove(numbers, options) {
        const wanted = new Set(numbers.map((number) => normalizePhoneNumber(number).slice(1)));
        for (const entry of await listOptOuts(client, options)) {
          if (!wanted.has(entry.number)) continue;
          await client.messageTitles.removeRejection(
            entry.title,
            entry.number,
            toBulutfonCallOptions(options),
          );
        }
      },
    },
  };
}
