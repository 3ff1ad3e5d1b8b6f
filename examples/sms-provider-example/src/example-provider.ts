import {
  type BalanceV1,
  type CallOptionsV1,
  createCapabilities,
  InvalidRecipientError,
  measureSmsText,
  prepareRecipients,
  type SendSmsMessageResultV1,
  type SmsProviderV1,
} from '@x/messaging-core';
import { getExampleBalance, postExampleMessages } from './example-api';
import { DEFAULT_EXAMPLE_BASE_URL, EXAMPLE_PROVIDER_ID, type ExampleSmsSettings } from './example-settings';

/** Most numbers one `POST /v1/messages` takes. */
const MAX_RECIPIENTS = 100;

/** The Example SMS provider: the v1 contract with `getBalance`. */
export interface ExampleSmsProvider extends SmsProviderV1 {
  getBalance(options?: CallOptionsV1): Promise<BalanceV1>;
}

/**
 * Creates the Example SMS provider. It makes one attempt per call (wrap it in `withRetry` for retries); the key
 * is read at the first request.
 * @param settings - key, base URL, default sender, time limit, fetch, hooks
 * @example
 * const sms = createExampleSms({ apiKey: process.env.EXAMPLE_SMS_API_KEY, sender: 'MAGAZA' });
 * await sms.sendSms({ to: '0532 123 45 67', text: 'Siparişiniz kargoya verildi.' });
 */
export function createExampleSms(settings: ExampleSmsSettings = {}): ExampleSmsProvider {
  const capabilities = Object.freeze(
    createCapabilities({
      balance: true,
      scheduling: true,
      references: true,
      idempotency: true,
      maxRecipientsPerCall: MAX_RECIPIENTS,
    }),
  );
  return {
    specificationVersion: 'v1',
    providerId: EXAMPLE_PROVIDER_ID,
    capabilities,
    async sendSms({ to, text, type, from, sendAt, reference }, options) {
      const measure = measureSmsText(text, { type, ...capabilities, providerId: EXAMPLE_PROVIDER_ID });
      const { recipients, valid, warnings } = prepareRecipients(to, { maxRecipients: MAX_RECIPIENTS });
      const sender = from ?? settings.sender;
      const response =
        valid.length === 0
          ? undefined
          : await postExampleMessages(
              settings,
              {
                to: valid,
                text,
                ...(sender === undefined ? {} : { from: sender }),
                ...(sendAt === undefined ? {} : { send_at: sendAt.toISOString() }),
                ...(reference === undefined ? {} : { reference }),
              },
              options,
            );
      const answers = new Map(response?.messages.map((message) => [message.to, message]));
      const messages = recipients.map((recipient): SendSmsMessageResultV1 => {
        if (recipient.error) return { to: recipient.input, status: 'rejected', error: recipient.error };
        const answer = answers.get(recipient.e164);
        if (answer?.id) return { to: recipient.e164, status: 'accepted', providerMessageId: answer.id };
        // The error names the refusal, never the number: numbers are personal data.
        const error = new InvalidRecipientError({
          message: `${EXAMPLE_PROVIDER_ID}: recipient refused (${answer?.error ?? 'no answer for it'}).`,
          providerId: EXAMPLE_PROVIDER_ID,
          providerCode: answer?.error ?? 'missing',
          url: `${(settings.baseUrl ?? DEFAULT_EXAMPLE_BASE_URL).replace(/\/+$/, '')}/v1/messages`,
        });
        return { to: recipient.e164, status: 'rejected', error };
      });
      return { messages, ...measure, providerBatchId: response?.batch_id, warnings };
    },
    async getBalance(options) {
      const balance = await getExampleBalance(settings, options);
      return { credits: balance.credits, raw: balance };
    },
  };
}
