import type { FetchFunction, RequestHooks } from '@x/provider-utils';

/** The provider id: on every error, result and stored message. */
export const EXAMPLE_PROVIDER_ID = 'example-sms';

/** Default base URL of the (fictional) Example SMS API. */
export const DEFAULT_EXAMPLE_BASE_URL = 'https://api.example-sms.test';

/** Settings of {@link createExampleSms}. */
export interface ExampleSmsSettings {
  /** The API key. Default: the `EXAMPLE_SMS_API_KEY` environment variable, read at the first request. */
  apiKey?: string;
  /** Base URL of the API (default {@link DEFAULT_EXAMPLE_BASE_URL}): a staging host, a proxy, a fake server. */
  baseUrl?: string;
  /** The sender id used when a message names none (default: the account's default sender). */
  sender?: string;
  /** Limit of each call, reading the response included (default 30 000 ms). */
  timeoutMs?: number;
  /** The `fetch` to use (default `globalThis.fetch`): a proxy-bound one, a test double. */
  fetch?: FetchFunction;
  /** Observability hooks; they see URLs and headers with the key hidden. */
  hooks?: RequestHooks;
}
