import {
  type BalanceV1,
  type BlacklistEntryV1,
  type CallOptionsV1,
  InvalidSenderError,
  measureSmsText,
  normalizePhoneNumber,
  prepareRecipients,
  type SenderV1,
  type SendSmsRequestV1,
  type SendSmsResultV1,
  type SmsCapabilitiesV1,
  type SmsProviderV1,
  sendInBatches,
  ValidationError,
  type WarningV1,
} from '@x/messaging-core';
import { cacheUntilRejected } from '@x/provider-utils';
import { z } from 'zod';
import { type BulutfonCallOptions, BulutfonClient } from './bulutfon-client';
import { BULUTFON_PROVIDER_ID } from './bulutfon-error';
import { parseInput } from './bulutfon-request-options';
import type { BulutfonSettings } from './bulutfon-settings';

/** Settings of {@link createBulutfon}: the client's settings plus SMS defaults. */
export interface BulutfonProviderSettings extends BulutfonSettings {
  /** The message title (sender) used when a send has no `from`. Default: the first CONFIRMED title. */
  sender?: string;
  /** Recipients per `POST /messages` request (default 100); larger sends are split. */
  recipientsPerRequest?: number;
}

/** Bulutfon-specific send settings, under `providerOptions.bulutfon`. */
export interface BulutfonSendProviderOptions {
  /** Append Bulutfon's opt-out link to the text. */
  rejectLink?: boolean;
  /** Deprecated by Bulutfon: deliver a long text as one message. */
  singleSms?: boolean;
}

/** The Bulutfon SMS provider: the v1 contract plus the underlying client for everything else. */
export interface BulutfonProvider extends SmsProviderV1 {
  /** Always `'bulutfon'`. */
  readonly providerId: 'bulutfon';
  /** The low-level client (PBX, CDRs, recordings, fax...). */
  readonly client: BulutfonClient;
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

const providerOptionsSchema = z
  .looseObject({
    bulutfon: z
      .strictObject({ rejectLink: z.boolean().optional(), singleSms: z.boolean().optional() })
      .optional(),
  })
  .optional();

function callOptions(options: CallOptionsV1 | undefined): BulutfonCallOptions {
  return { signal: options?.signal, timeoutMs: options?.timeoutMs, headers: options?.headers };
}

/**
 * Creates the Bulutfon SMS provider (`SmsProviderV1`) over the v1 messages endpoints: the title is the
 * sender, sms-rejections are the blacklist, `/me` gives the balance. Bulutfon discontinued these endpoints on
 * 2020-12-31; they are kept because existing plugins use them, and fail with `NotFoundError` where closed.
 * @param settings - credentials (`token` / `BULUTFON_TOKEN`, `email` + `password`, or `oauth`), `baseUrl`,
 *   `fetch`, `timeoutMs`, `hooks`, and the default `sender`
 * @example
 * const bulutfon = createBulutfon({ token: process.env.BULUTFON_TOKEN, sender: 'MAGAZAM' });
 * await bulutfon.sendSms({ to: '0532 123 45 67', text: 'Siparişiniz kargoda.' });
 */
export function createBulutfon(settings: BulutfonProviderSettings = {}): BulutfonProvider {
  const client = new BulutfonClient(settings);
  const perRequest = Math.max(1, Math.min(settings.recipientsPerRequest ?? 100, MAX_RECIPIENTS_PER_CALL));

  async function listSenders(options?: CallOptionsV1): Promise<SenderV1[]> {
    const titles = await client.messageTitles.list(callOptions(options));
    return titles.map((title) => ({
      id: String(title.id),
      name: title.name,
      active: title.state === 'CONFIRMED',
      ...(title.state === undefined ? {} : { state: title.state }),
    }));
  }

  /** The account's first CONFIRMED message title, asked once (again only after a failure). */
  const resolveTitle = cacheUntilRejected(async (options?: CallOptionsV1) => {
    const confirmed = (await listSenders(options)).find((sender) => sender.active);
    if (!confirmed) {
      throw new InvalidSenderError({
        message: 'Bulutfon: the account has no CONFIRMED message title; pass `from` or the `sender` setting',
        url: `${settings.baseUrl ?? 'https://api.bulutfon.com'}/message-titles`,
        providerId: BULUTFON_PROVIDER_ID,
      });
    }
    return confirmed.name;
  });

  async function sendSms(request: SendSmsRequestV1, options?: CallOptionsV1): Promise<SendSmsResultV1> {
    options?.signal?.throwIfAborted();
    const vendorOptions = parseInput(
      providerOptionsSchema,
      request.providerOptions,
      'providerOptions',
    )?.bulutfon;
    const measure = measureSmsText(request.text, {
      type: request.type,
      messageTypes: BULUTFON_CAPABILITIES.messageTypes,
      maxSegments: BULUTFON_CAPABILITIES.maxSegments,
      providerId: BULUTFON_PROVIDER_ID,
    });
    const prepared = prepareRecipients(request.to, { maxRecipients: MAX_RECIPIENTS_PER_CALL });
    if (
      request.sendAt !== undefined &&
      (!(request.sendAt instanceof Date) || Number.isNaN(request.sendAt.getTime()))
    ) {
      throw new ValidationError({
        message: 'Invalid send request: sendAt must be a valid Date.',
        target: 'request',
        providerId: BULUTFON_PROVIDER_ID,
        issues: [{ path: ['sendAt'], message: 'expected a valid Date', code: 'invalid_type' }],
      });
    }
    const warnings: WarningV1[] = [...prepared.warnings];
    if (request.reference !== undefined) {
      warnings.push({
        type: 'unsupported-setting',
        setting: 'reference',
        details: 'Bulutfon keeps no client reference.',
      });
    }
    if (options?.idempotencyKey !== undefined) {
      warnings.push({
        type: 'unsupported-setting',
        setting: 'idempotencyKey',
        details: 'Bulutfon does not deduplicate sends; do not retry a send that may have been delivered.',
      });
    }
    if (request.sendAt && request.sendAt.getTime() < Date.now() - 60_000) {
      warnings.push({
        type: 'unsupported-setting',
        setting: 'sendAt',
        details: 'The time is in the past; Bulutfon may send at once.',
      });
    }

    // The title is only needed (and only looked up) when a request will be made.
    const title =
      prepared.valid.length === 0 ? '' : (request.from ?? settings.sender ?? (await resolveTitle(options)));
    const { messages } = await sendInBatches({
      recipients: prepared.recipients,
      batchSize: perRequest,
      signal: options?.signal,
      providerId: BULUTFON_PROVIDER_ID,
      async send(to) {
        await client.messages.send(
          {
            title,
            receivers: to.map((e164) => e164.slice(1)),
            content: request.text,
            sendAt: request.sendAt,
            rejectLink: vendorOptions?.rejectLink,
            singleSms: vendorOptions?.singleSms,
          },
          callOptions(options),
        );
        // Bulutfon's v1 answer carries no message id: every recipient of the request is accepted.
        return { messages: to.map((number) => ({ to: number, status: 'accepted' as const })) };
      },
    });
    return { messages, type: measure.type, segments: measure.segments, warnings };
  }

  const provider: BulutfonProvider = {
    specificationVersion: 'v1',
    providerId: BULUTFON_PROVIDER_ID,
    capabilities: BULUTFON_CAPABILITIES,
    client,
    sendSms,
    async getBalance(options) {
      const me = await client.me(callOptions(options));
      return { credits: me.credit.smsCredits, amount: me.credit.balance, currency: 'TRY', raw: me };
    },
    listSenders,
    blacklist: {
      async list(options) {
        const entries: BlacklistEntryV1[] = [];
        for (const title of await client.messageTitles.list(callOptions(options))) {
          for (const rejection of await client.messageTitles.listRejections(
            title.name,
            callOptions(options),
          )) {
            entries.push({
              number: `+${rejection.number.replace(/^\+/, '')}`,
              ...(rejection.rejectedAt ? { addedAt: rejection.rejectedAt } : {}),
              sender: title.name,
            });
          }
        }
        return entries;
      },
      async remove(numbers, options) {
        const wanted = new Set(numbers.map((number) => normalizePhoneNumber(number).slice(1)));
        for (const title of await client.messageTitles.list(callOptions(options))) {
          for (const rejection of await client.messageTitles.listRejections(
            title.name,
            callOptions(options),
          )) {
            const number = rejection.number.replace(/^\+/, '');
            if (wanted.has(number))
              await client.messageTitles.removeRejection(title.name, number, callOptions(options));
          }
        }
      },
    },
  };
  return provider;
}
