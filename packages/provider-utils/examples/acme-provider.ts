// A complete SMS provider for a fictional JSON API ("Acme"), built on @x/provider-utils and checked by the
// conformance kit of @x/messaging-core (test/acme-provider.test.ts). Copy it to start a new provider.
import {
  type CallOptions,
  createCapabilities,
  InvalidRecipientError,
  measureSmsText,
  prepareRecipients,
  type SendSmsMessageResult,
  type SmsProviderV1,
} from '@x/messaging-core';
import { z } from 'zod';
import {
  createJsonResponseHandler,
  createStatusCodeErrorResponseHandler,
  type FetchFunction,
  loadSetting,
  type RequestHooks,
  request,
} from '../src/index';

/** Settings of {@link createAcme}. `apiKey` falls back to the `ACME_API_KEY` environment variable. */
export interface AcmeSettings {
  apiKey?: string;
  baseUrl?: string;
  fetch?: FetchFunction;
  hooks?: RequestHooks;
}

const sendResponseSchema = z.object({
  batch_id: z.string(),
  messages: z.array(z.object({ to: z.string(), id: z.string().nullish(), error: z.string().nullish() })),
});
const balanceResponseSchema = z.object({ credits: z.number() });

/** Creates the Acme SMS provider. Acme answers 401 for a bad key and 402 for an empty balance. */
export function createAcme(settings: AcmeSettings = {}): SmsProviderV1 {
  const baseUrl = settings.baseUrl ?? 'https://api.acme-sms.example/v1';
  const call = <T>(path: string, schema: z.ZodType<T>, body: unknown, options: CallOptions = {}) => {
    const apiKey = loadSetting({
      value: settings.apiKey,
      envVar: 'ACME_API_KEY',
      optionName: 'apiKey',
      description: 'Acme API key',
    });
    return request({
      providerId: 'acme',
      url: `${baseUrl}${path}`,
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...options.headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      secrets: [apiKey],
      idempotent: body === undefined, // reads may be retried, sends may not
      fetch: settings.fetch,
      hooks: settings.hooks,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      successfulResponseHandler: createJsonResponseHandler(schema),
      failedResponseHandler: createStatusCodeErrorResponseHandler(),
    });
  };

  const capabilities = createCapabilities({ balance: true, scheduling: true, maxRecipientsPerCall: 100 });
  return {
    specificationVersion: 'v1',
    providerId: 'acme',
    capabilities,
    async sendSms({ to, text, type, from, sendAt, reference }, options) {
      const measure = measureSmsText(text, { type, ...capabilities, providerId: 'acme' });
      const { recipients, valid, warnings } = prepareRecipients(to, { maxRecipients: 100 });
      // Acme keeps no reference and does not deduplicate: say so rather than drop them silently.
      if (reference !== undefined) warnings.push({ type: 'unsupported-setting', setting: 'reference' });
      if (options?.idempotencyKey !== undefined) {
        warnings.push({ type: 'unsupported-setting', setting: 'idempotencyKey' });
      }
      const body = { to: valid, text, type: measure.type, from, send_at: sendAt?.toISOString() };
      const response =
        valid.length > 0 ? (await call('/messages', sendResponseSchema, body, options)).value : undefined;
      const results = new Map(response?.messages.map((message) => [message.to, message]));
      const messages = recipients.map((recipient): SendSmsMessageResult => {
        if (recipient.error) return { to: recipient.input, status: 'rejected', error: recipient.error };
        const result = results.get(recipient.e164);
        if (result?.id) return { to: recipient.e164, status: 'accepted', providerMessageId: result.id };
        const error = new InvalidRecipientError({
          message: 'acme: recipient refused.',
          providerId: 'acme',
          providerCode: result?.error ?? 'missing',
          url: `${baseUrl}/messages`,
        });
        return { to: recipient.e164, status: 'rejected', error };
      });
      return { messages, ...measure, providerBatchId: response?.batch_id, warnings };
    },
    async getBalance(options) {
      const { value } = await call('/balance', balanceResponseSchema, undefined, options);
      return { credits: value.credits, raw: value };
    },
  };
}
