import { AuthenticationError, ValidationError } from '@x/messaging-core';
import { decodeBase64, decodeBody, readBoundedBody } from '@x/provider-utils';

/**
 * Bulutfon's call webhooks: the PBX posts call events to your URL as JSON or form data, optionally with HTTP
 * Basic credentials you chose in the panel.
 */

/** The normalised kind of a webhook event. */
export type BulutfonWebhookEventType =
  | 'call-start'
  | 'call-end'
  | 'fax'
  | 'missed-call'
  | 'extension-call'
  | 'group-call'
  | 'menu-call'
  | 'unknown';

const EVENT_TYPES: Record<string, BulutfonWebhookEventType> = {
  call_init: 'call-start',
  call_hangup: 'call-end',
  fax_init: 'fax',
  missing_call: 'missed-call',
  call_init_extension: 'extension-call',
  incoming_call_extension: 'extension-call',
  call_init_group: 'group-call',
  incoming_call_group: 'group-call',
  call_init_menu: 'menu-call',
  call_init_manu: 'menu-call',
};

/** A call event posted by Bulutfon. */
export interface BulutfonWebhookEvent {
  /** The normalised kind (every spelling Bulutfon uses maps to one). */
  type: BulutfonWebhookEventType;
  /** `event_type` as sent (`call_init`, `incoming_call_extension`, `call_init_manu`...). */
  eventType: string;
  uuid?: string;
  domainId?: string;
  accountId?: string;
  caller?: string;
  callee?: string;
  direction?: string;
  /** When the event happened (Bulutfon sends epoch microseconds). */
  timestamp?: Date;
  /** The raw `timestamp` in microseconds. */
  timestampMicros?: number;
  /** The target number (extension, group or menu events). */
  destination?: string;
  /** `true` for calls started through the automatic-calls API. */
  autodial: boolean;
  additionalData?: string;
  callbackUrl?: string;
  /** Seconds of talk (hang-up events). */
  talkDuration?: number;
  hangupCause?: string;
  /** `send_bye` (callee hung up), `recv_bye` (caller hung up), `send_refuse` (rejected). */
  hangupDetail?: string;
  /** `SUCCESS` or `undefined`. */
  resultDisposition?: string;
  cdrUrl?: string;
  cdrApiUrl?: string;
  /** Every field as received. */
  raw: Record<string, unknown>;
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  if (value === null || value === undefined || value === '') return undefined;
  return typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : undefined;
}

function numberField(record: Record<string, unknown>, key: string): number | undefined {
  const value = stringField(record, key);
  if (value === undefined) return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/**
 * Maps a decoded webhook payload (already an object) to a typed event. Pure.
 * @param payload - the fields Bulutfon posted
 * @throws ValidationError when `event_type` is missing
 */
export function mapBulutfonWebhookPayload(payload: Record<string, unknown>): BulutfonWebhookEvent {
  const eventType = stringField(payload, 'event_type');
  if (!eventType) {
    throw new ValidationError({
      message: 'The webhook payload has no event_type',
      issues: [{ path: ['event_type'], message: 'Required', code: 'invalid_type' }],
      target: 'webhook',
      providerId: 'bulutfon',
    });
  }
  const timestampMicros = numberField(payload, 'timestamp');
  let timestamp: Date | undefined;
  if (timestampMicros !== undefined) {
    // 16 digits are microseconds; tolerate seconds (10) and milliseconds (13) too.
    const digits = String(Math.trunc(timestampMicros)).length;
    const ms =
      digits >= 15 ? timestampMicros / 1000 : digits >= 12 ? timestampMicros : timestampMicros * 1000;
    timestamp = new Date(Math.floor(ms));
  }
  const autodial = payload.autodial;
  return {
    type: EVENT_TYPES[eventType] ?? 'unknown',
    eventType,
    uuid: stringField(payload, 'uuid'),
    domainId: stringField(payload, 'domain_id'),
    accountId: stringField(payload, 'account_id'),
    caller: stringField(payload, 'caller'),
    callee: stringField(payload, 'callee'),
    direction: stringField(payload, 'direction'),
    timestamp,
    timestampMicros,
    destination: stringField(payload, 'destination'),
    autodial: autodial === true || autodial === 'true' || autodial === '1' || autodial === 1,
    additionalData: stringField(payload, 'additional_data'),
    callbackUrl: stringField(payload, 'callback_url'),
    talkDuration: numberField(payload, 'talk_duration'),
    hangupCause: stringField(payload, 'hangup_cause'),
    hangupDetail: stringField(payload, 'hangup_detail'),
    resultDisposition: stringField(payload, 'result_disposition'),
    cdrUrl: stringField(payload, 'cdr_url'),
    cdrApiUrl: stringField(payload, 'cdr_api_url'),
    raw: payload,
  };
}

/**
 * Compares two strings in time that depends only on their lengths, not on where they differ.
 * @param actual - the value received
 * @param expected - the value expected
 */
export function timingSafeEqualStrings(actual: string, expected: string): boolean {
  const left = new TextEncoder().encode(actual);
  const right = new TextEncoder().encode(expected);
  const length = Math.max(left.length, right.length);
  let difference = left.length ^ right.length;
  for (let index = 0; index < length; index++) difference |= (left[index] ?? 0) ^ (right[index] ?? 0);
  return difference === 0;
}

/** HTTP Basic credentials configured for the webhook in Bulutfon's panel. */
export interface BulutfonWebhookCredentials {
  username: string;
  password: string;
}

function decodeBasic(header: string | null | undefined): { username: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = decodeBase64(match[1]!);
  if (decoded === undefined) return undefined;
  const separator = decoded.indexOf(':');
  if (separator < 0) return undefined;
  return { username: decoded.slice(0, separator), password: decoded.slice(separator + 1) };
}

/**
 * Checks a request's `Authorization: Basic ...` header against the expected credentials in constant time.
 * @param authorization - the `Authorization` header value (or `null`)
 * @param credentials - the expected user name and password
 */
export function verifyBulutfonWebhookCredentials(
  authorization: string | null | undefined,
  credentials: BulutfonWebhookCredentials,
): boolean {
  const received = decodeBasic(authorization) ?? { username: '', password: '' };
  const userOk = timingSafeEqualStrings(received.username, credentials.username);
  const passwordOk = timingSafeEqualStrings(received.password, credentials.password);
  return userOk && passwordOk && authorization !== null && authorization !== undefined;
}

/** Options of {@link parseBulutfonWebhook}. */
export interface ParseBulutfonWebhookOptions {
  /** When set, requests without these HTTP Basic credentials are refused. */
  credentials?: BulutfonWebhookCredentials;
  /** The largest body read, in bytes (default 64 KiB; a call event is well under 2 KiB). */
  maxBodyBytes?: number;
}

const DEFAULT_MAX_WEBHOOK_BYTES = 64 * 1024;

function invalidWebhook(message: string, issue: string): ValidationError {
  return new ValidationError({
    message,
    issues: [{ path: [], message: issue, code: 'invalid_type' }],
    target: 'webhook',
    providerId: 'bulutfon',
  });
}

/** The body as text, read within `maxBytes` (a larger body is refused while it is read, not after). */
async function readWebhookBody(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return '';
  const tooLarge = () =>
    invalidWebhook(`The webhook body is larger than ${maxBytes} bytes`, 'Body too large');
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge();
  // No size announced to the reader: the stream is read chunk by chunk, within the limit.
  const bytes = await readBoundedBody(new Response(null), {
    body: request.body,
    aborted: undefined,
    maxBytes,
    onTooLarge: tooLarge,
  });
  return decodeBody(bytes, request.headers.get('content-type'));
}

function parseForm(body: string): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) result[key] = value;
  return result;
}

/**
 * Reads a Bulutfon call webhook (JSON or `application/x-www-form-urlencoded`) into a typed event.
 * @param request - the incoming web `Request` (Fetch API; frameworks like Hono, Next.js route handlers and
 *   Fastify via `@fastify/...` adapters provide one)
 * @param options - optional HTTP Basic credentials to enforce
 * @throws AuthenticationError when credentials are configured and do not match
 * @throws ValidationError when the body is not a Bulutfon event
 */
export async function parseBulutfonWebhook(
  request: Request,
  options: ParseBulutfonWebhookOptions = {},
): Promise<BulutfonWebhookEvent> {
  const url = new URL(request.url);
  const safeUrl = `${url.origin}${url.pathname}`;
  if (
    options.credentials &&
    !verifyBulutfonWebhookCredentials(request.headers.get('authorization'), options.credentials)
  ) {
    throw new AuthenticationError({
      message: 'The webhook request did not carry the expected HTTP Basic credentials',
      url: safeUrl,
      method: request.method,
      statusCode: 401,
      providerId: 'bulutfon',
    });
  }
  const body = await readWebhookBody(request, options.maxBodyBytes ?? DEFAULT_MAX_WEBHOOK_BYTES);
  const contentType = request.headers.get('content-type') ?? '';
  let payload: unknown;
  if (contentType.includes('json') || /^\s*[{[]/.test(body)) {
    try {
      payload = JSON.parse(body);
    } catch {
      payload = undefined;
    }
  } else {
    payload = parseForm(body);
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw invalidWebhook('The webhook body is neither a JSON object nor form data', 'Expected an object');
  }
  return mapBulutfonWebhookPayload(payload as Record<string, unknown>);
}
