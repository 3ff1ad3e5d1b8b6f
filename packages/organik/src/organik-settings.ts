import type { FetchFunction, RequestHooks } from '@x/provider-utils';

/** A wire format of the Organik API. */
export type OrganikFormat = 'json' | 'xml';

/** Separate formats for the request body and the response, as the URL allows (`/sendsms/json/xml/`). */
export interface OrganikFormats {
  /** Format of the request body. */
  request: OrganikFormat;
  /** Format of the response. */
  response: OrganikFormat;
}

/** Settings of {@link createOrganikClient} and {@link createOrganik}. */
export interface OrganikSettings {
  /**
   * The API key (32 hex characters). Default: `username` + `password`, else the `ORGANIK_API_KEY` environment
   * variable, else `ORGANIK_USERNAME` + `ORGANIK_PASSWORD`. Read when the first request is made, not before.
   */
  apiKey?: string;
  /** API user name; the key is the MD5 of `username + password` (UTF-8). Env: `ORGANIK_USERNAME`. */
  username?: string;
  /** API user password. Env: `ORGANIK_PASSWORD`. Never sent: only its hash with the user name travels. */
  password?: string;
  /** Base URL of the API (default `https://organikapi.com`). */
  baseUrl?: string;
  /** Wire format of requests and responses (default `json`); one per call can override it. */
  format?: OrganikFormat | OrganikFormats;
  /** The `fetch` to use (default `globalThis.fetch`): pass one bound to a proxy dispatcher, or a test double. */
  fetch?: FetchFunction;
  /** Limit of each call, reading the response included (default 30 000 ms). */
  timeoutMs?: number;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** Observability hooks; they only ever see URLs with the key replaced by `***`. */
  hooks?: RequestHooks;
}

/** Options of one call to the raw client. */
export interface OrganikCallOptions {
  /** Aborts the call. */
  signal?: AbortSignal;
  /** Limit of this call, reading the response included. */
  timeoutMs?: number;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
  /** Wire format of this call. */
  format?: OrganikFormat | OrganikFormats;
  /** Passed to the `onRequest` hook (Organik has no server-side deduplication). */
  idempotencyKey?: string;
}

/** Default base URL of the Organik API. */
export const DEFAULT_ORGANIK_BASE_URL = 'https://organikapi.com';

/**
 * Reads a format setting: a single format applies to both directions.
 * @param format - `json`, `xml`, or both directions
 */
export function resolveOrganikFormats(format: OrganikFormat | OrganikFormats | undefined): OrganikFormats {
  if (format === undefined) return { request: 'json', response: 'json' };
  if (typeof format === 'string') return { request: format, response: format };
  return format;
}
