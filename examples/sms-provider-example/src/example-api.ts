import type { CallOptionsV1 } from '@x/messaging-core';
import {
  createJsonResponseHandler,
  createStatusCodeErrorResponseHandler,
  loadSetting,
  request,
} from '@x/provider-utils';
import * as z from 'zod/mini';
import { DEFAULT_EXAMPLE_BASE_URL, EXAMPLE_PROVIDER_ID, type ExampleSmsSettings } from './example-settings';

/** What `POST /v1/messages` takes. */
export interface ExampleSendBody {
  to: string[];
  text: string;
  from?: string;
  send_at?: string;
  reference?: string;
}

// Response schemas are lenient (extra fields pass); only what the provider reads is required.
const sendResponseSchema = z.object({
  batch_id: z.string(),
  messages: z.array(z.object({ to: z.string(), id: z.nullish(z.string()), error: z.nullish(z.string()) })),
});
const balanceResponseSchema = z.object({ credits: z.number() });

/** What `POST /v1/messages` answers. */
export type ExampleSendResponse = z.infer<typeof sendResponseSchema>;

/**
 * The one request path of the package: every call goes through provider-utils' `request()`, which applies the
 * time limit, hides the key in errors and hooks, and turns 401/402/429/5xx into typed errors.
 */
function call<T>(
  settings: ExampleSmsSettings,
  path: string,
  schema: z.ZodMiniType<T>,
  body: unknown,
  options: CallOptionsV1 = {},
) {
  const apiKey = loadSetting({
    value: settings.apiKey,
    envVar: 'EXAMPLE_SMS_API_KEY',
    optionName: 'apiKey',
    description: 'Example SMS API key',
  });
  const baseUrl = (settings.baseUrl ?? DEFAULT_EXAMPLE_BASE_URL).replace(/\/+$/, '');
  return request({
    providerId: EXAMPLE_PROVIDER_ID,
    url: `${baseUrl}${path}`,
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${apiKey}`,
      'content-type': body === undefined ? undefined : 'application/json',
      // The API drops a second send with the same key: a retried send is not sent twice.
      'idempotency-key': options.idempotencyKey,
      ...options.headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    secrets: [apiKey],
    idempotent: body === undefined,
    idempotencyKey: options.idempotencyKey,
    fetch: settings.fetch,
    hooks: settings.hooks,
    signal: options.signal,
    timeoutMs: options.timeoutMs ?? settings.timeoutMs,
    successfulResponseHandler: createJsonResponseHandler(schema),
    failedResponseHandler: createStatusCodeErrorResponseHandler(),
  });
}

/** `POST /v1/messages`: one text to up to 100 numbers. */
export async function postExampleMessages(
  settings: ExampleSmsSettings,
  body: ExampleSendBody,
  options?: CallOptionsV1,
): Promise<ExampleSendResponse> {
  return (await call(settings, '/v1/messages', sendResponseSchema, body, options)).value;
}

/** `GET /v1/balance`: the credits left. */
export async function getExampleBalance(
  settings: ExampleSmsSettings,
  options?: CallOptionsV1,
): Promise<{ credits: number }> {
  return (await call(settings, '/v1/balance', balanceResponseSchema, undefined, options)).value;
}
