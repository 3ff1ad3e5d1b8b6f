import { delay } from '@x/messaging-core';
import { calculate } from '@x/sms-segments';
import { organikApiKey } from '../organik-md5';
import { decodeOrganikMessage } from '../organik-message';
import { formatIstanbulDate, formatIstanbulDateTime, parseIstanbulDateTime } from '../organik-time';
import { buildOrganikXmlItems, buildOrganikXmlResponse, readOrganikXmlRequest } from '../organik-xml';

/** The API key the fake server accepts unless told otherwise (32 hex characters, like a real key). */
export const FAKE_ORGANIK_API_KEY = '0123456789abcdef0123456789abcdef';

/** The base URL the fake server answers on unless told otherwise (the real one, so msw intercepts it). */
export const FAKE_ORGANIK_BASE_URL = 'https://organikapi.com';

/** The documented error messages, as the service sends them. */
const ERROR_MESSAGES: Record<number, string> = {
  1: 'An unknown error has occurred.',
  84: 'Database operation failed.',
  85: 'The database could not be registered.',
  86: 'No valid registration data was found.',
  87: 'No records were found.',
  88: 'Unsupported request_name',
  89: 'User not found.',
  90: 'API KEY must be 32 characters.',
  91: 'Unsupported response type.',
  92: 'Unsupported request type.',
  93: 'Too much request.',
  94: 'Server temporary unavailable.',
  95: 'Server fault.',
  96: 'Invalid request parameters.',
  97: 'Invalid request body format.',
  98: 'Unauthorize IP address.',
  99: 'Authorization error.',
  101: 'The SMS title is incorrect.',
  102: "Couldn't found any valid GSM number",
  103: 'Insufficient balance',
  104: 'There is no customer contract for sending SMS.',
  105: 'Message text was not found.',
  106: 'Message text is too long.',
  107: 'This SMS title is disabled.',
  108: 'Insufficient TL balance',
  109: 'The GSM number is on the black list.',
  110: 'The number is incorrect.',
  111: 'The GSM number is too short or too long.',
  112: 'Message text is not in BASE64 format.',
};

/** What the fake server can be told to do instead of answering normally. */
export type OrganikFakeFailure =
  /** Answer with this documented error code in the envelope (HTTP 200). */
  | number
  /** HTTP 500 with an HTML page. */
  | 'server-error'
  /** HTTP 502 with an HTML page. */
  | 'bad-gateway'
  /** HTTP 429 with a `Retry-After` header (seconds, from `retryAfterMs`). */
  | 'http-rate-limit'
  /** HTTP 200 with an HTML page (a captive portal, a misconfigured proxy). */
  | 'html'
  /** Process the request, then answer with the first half of the body only. */
  | 'truncated'
  /** HTTP 200 with a well-formed envelope whose data has the wrong shape. */
  | 'malformed'
  /** Break the connection without answering (the request is not processed). */
  | 'network'
  /** Process the request, then break the connection before answering. */
  | 'network-after-processing'
  /** Answer after `delayMs` (default 60 s) unless the client gives up first. */
  | 'slow';

/** Options of {@link OrganikFakeServer.fail}. */
export interface OrganikFakeFailureOptions {
  /** How many requests fail this way (default 1; `Infinity` until {@link OrganikFakeServer.reset} or `clearFailures`). */
  times?: number;
  /** Only requests to this operation (`sendsms`, `balance`...) fail. */
  requestName?: string;
  /** Let this many matching requests through first (default 0). */
  after?: number;
  /** Delay for `slow`. */
  delayMs?: number;
  /** `Retry-After` for `http-rate-limit`. */
  retryAfterMs?: number;
}

/** A sender id (başlık) known to the fake server. */
export interface OrganikFakeHeader {
  /** Its id. */
  id: number;
  /** Its name. */
  name: string;
  /** A disabled sender is refused with error 107. */
  disabled?: boolean;
}

/** A contact of a fake group. */
export interface OrganikFakeContact {
  /** The number, digits (`905321234567`). */
  gsm: string;
  /** First name (`#AD#`). */
  name?: string;
  /** Surname (`#SOYAD#`). */
  surname?: string;
  /** `yyyy-MM-dd`. */
  birthday?: string;
  /** Custom fields `#OZEL1#`…`#OZEL5#`. */
  custom?: string[];
}

/** A contact group of the fake server. */
export interface OrganikFakeGroup {
  /** Its id. */
  id: number;
  /** Its name. */
  name: string;
  /** Its contacts. */
  contacts: OrganikFakeContact[];
}

/** An incoming message in the fake inbox. */
export interface OrganikFakeInboxMessage {
  /** The short number. */
  recipient: string;
  /** The text. */
  message: string;
  /** The sender's number. */
  sender: string;
  /** When it arrived (default: now). */
  received?: Date;
  /** The keyword it matched. */
  rootKeyword: string;
  /** The keyword as received. */
  receiveKeyword?: string | null;
}

/** Shape quirks of the real service (or of its documentation) the fake server reproduces. */
export interface OrganikFakeQuirks {
  /** XML send responses carry `<result>` inside `<data>`, as in the documentation's examples. Default true. */
  xmlResultInsideData?: boolean;
  /** XML detailed reports are bare sibling `<item>`s without an envelope, as in the documentation. Default false. */
  xmlUnwrappedDetailedReport?: boolean;
  /** JSON numbers are sent as strings (ids, counts, amounts). Default false. */
  jsonNumbersAsStrings?: boolean;
}

/** Options of {@link createOrganikFakeServer}. */
export interface OrganikFakeServerOptions {
  /** The key to accept (default {@link FAKE_ORGANIK_API_KEY}); or give `username` and `password`. */
  apiKey?: string;
  /** API user name; with `password`, the accepted key is their MD5. */
  username?: string;
  /** API user password. */
  password?: string;
  /** The base URL the msw handlers intercept (default `https://organikapi.com`). */
  baseUrl?: string;
  /** Starting credits (default 1000). */
  credit?: number;
  /** Starting TL balance (default 100). */
  tl?: number;
  /** TL charged per part to a foreign number (default 0.25). */
  foreignPartPrice?: number;
  /** Sender ids (default `[{ id: 1, name: 'ORGANIK' }]`). */
  headers?: OrganikFakeHeader[];
  /** Contact groups (default none). */
  groups?: OrganikFakeGroup[];
  /** The clock (default the real one); scheduled sends become due against it. */
  now?: () => Date;
  /** Delay added to every answer, in milliseconds (default 0). */
  latencyMs?: number;
  /** Shape quirks to reproduce. */
  quirks?: OrganikFakeQuirks;
}

/** One request the fake server received. */
export interface OrganikFakeCall {
  /** The operation. */
  requestName: string;
  /** HTTP method. */
  method: string;
  /** Format of the request body. */
  requestFormat: 'json' | 'xml';
  /** Format of the response. */
  responseFormat: 'json' | 'xml';
  /** The query parameters. */
  query: Record<string, string>;
  /** The request's `data`, as parsed from JSON or XML (XML values are strings). */
  data: unknown;
  /** The raw request body. */
  body: string;
  /** The request headers. */
  headers: Record<string, string>;
}

/** One message the fake server accepted (one per number). */
export interface OrganikFakeMessage {
  /** The delivery's id. */
  transactionId: number;
  /** The message's id. */
  gsmTrackId: string;
  /** The delivery's track id (`''` when none). */
  trackId: string;
  /** The number, digits. */
  gsm: string;
  /** The number as sent. */
  requestGsm: string;
  /** The text (placeholders filled in). */
  text: string;
  /** The sender, as given. */
  header: string;
  /** The `message_format` used. */
  messageFormat: number;
  /** Parts. */
  smsCount: number;
  /** Credits charged. */
  creditAmount: number;
  /** TL charged. */
  tlAmount: number;
  /** When it was accepted. */
  createdAt: Date;
  /** When sending starts (the scheduled time, or creation). */
  startAt: Date;
  /** When it reached its final status, if it did. */
  finishedAt: Date | null;
  /** 0 queued, 1 with the operator, 2 delivered, 3 wrong number, 4 timed out. */
  status: number;
  /** Whether the scheduled send was cancelled. */
  cancelled: boolean;
  /** Hours the operator keeps trying. */
  timeoutHours: number;
  /** The `report_url` of the delivery, if any. */
  reportUrl?: string;
}

/** A delivery report the fake server would POST to a `report_url`. */
export interface OrganikFakeCallback {
  /** The `report_url`. */
  url: string;
  /** The JSON body: one detailed-report row. */
  body: string;
}

type Format = 'json' | 'xml';

interface ArmedFailure {
  failure: OrganikFakeFailure;
  remaining: number;
  skip: number;
  requestName?: string;
  delayMs: number;
  retryAfterMs?: number;
}

class FakeError extends Error {
  constructor(readonly code: number) {
    super(ERROR_MESSAGES[code] ?? 'error');
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function asInteger(value: unknown): number | undefined {
  const text = asText(value)?.trim();
  return text !== undefined && /^-?\d+$/.test(text) ? Number(text) : undefined;
}

const MESSAGE_TYPES = ['normal', 'turkish', 'unicode'] as const;

/**
 * A stateful emulation of the Organik SMS API v2, for tests and demos: it checks the key, keeps a balance that
 * drops by the credits of each send, a blacklist that refuses numbers, contact groups, scheduled sends that can be
 * cancelled, and reports that reflect what was sent, in JSON and in XML. Errors and faults can be injected.
 *
 * Use it through {@link OrganikFakeServer.fetch} (no network), its msw handlers, or its `node:http` wrapper.
 */
export class OrganikFakeServer {
  /** The key the server accepts. */
  readonly apiKey: string;
  /** The base URL its msw handlers intercept. */
  readonly baseUrl: string;
  /** Every request received, in order. */
  readonly calls: OrganikFakeCall[] = [];
  /** Every message accepted, one per number, in order. */
  readonly messages: OrganikFakeMessage[] = [];
  /** Report callbacks the service would have POSTed (recorded, not sent). */
  readonly callbacks: OrganikFakeCallback[] = [];
  /** Credits left. */
  credit: number;
  /** TL left. */
  tl: number;
  /** Sender ids. */
  headers: OrganikFakeHeader[];
  /** Contact groups. */
  groups: OrganikFakeGroup[];
  /** The blacklist: number (digits, `90…`) → day added. */
  readonly blacklist = new Map<string, string>();
  /** The inbox. */
  readonly inbox: (OrganikFakeInboxMessage & { id: number })[] = [];
  /** Delay added to every answer. */
  latencyMs: number;

  private readonly options: OrganikFakeServerOptions;
  private readonly now: () => Date;
  private failures: ArmedFailure[] = [];
  private nextTransactionId = 16502030;
  private nextMessageSerial = 63032793;
  private nextGroupId = 100;
  private nextContactId = 5000;
  private nextInboxId = 1;

  /** @param options - see {@link OrganikFakeServerOptions} */
  constructor(options: OrganikFakeServerOptions = {}) {
    this.options = options;
    this.apiKey =
      options.apiKey ??
      (options.username !== undefined && options.password !== undefined
        ? organikApiKey(options.username, options.password)
        : FAKE_ORGANIK_API_KEY);
    this.baseUrl = (options.baseUrl ?? FAKE_ORGANIK_BASE_URL).replace(/\/+$/, '');
    this.now = options.now ?? (() => new Date());
    this.credit = options.credit ?? 1000;
    this.tl = options.tl ?? 100;
    this.headers = structuredClone(options.headers ?? [{ id: 1, name: 'ORGANIK' }]);
    this.groups = structuredClone(options.groups ?? []);
    this.latencyMs = options.latencyMs ?? 0;
    for (const group of this.groups) this.nextGroupId = Math.max(this.nextGroupId, group.id + 1);
  }

  /**
   * A `fetch` that answers from this server without any network. Pass it as the `fetch` setting of a client.
   * Requests to other URLs are refused with a `TypeError`, as a failed connection would be.
   */
  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const response = await this.handle(request);
    if (response.type === 'error') throw new TypeError('fetch failed');
    return response;
  };

  /**
   * Answers one request. Returns `Response.error()` when a network failure was injected.
   * @param request - any request; its path must be `/v2/{key}/{request_name}/…`
   */
  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const segments = url.pathname.split('/').filter(Boolean);
    const [version, key = '', requestName = '', requestType, responseType] = segments;
    if (version !== 'v2' || segments.length < 3) {
      return new Response('<html><body><h1>404 Not Found</h1></body></html>', {
        status: 404,
        headers: { 'content-type': 'text/html' },
      });
    }
    const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
    const requestFormat = (requestType ?? 'json').toLowerCase();
    const responseFormat = (responseType ?? requestType ?? 'json').toLowerCase();
    const respondIn: Format = responseFormat === 'xml' ? 'xml' : 'json';
    const query = Object.fromEntries(url.searchParams);
    const headers = Object.fromEntries(request.headers);
    const call: OrganikFakeCall = {
      requestName: requestName.toLowerCase(),
      method: request.method,
      requestFormat: requestFormat === 'xml' ? 'xml' : 'json',
      responseFormat: respondIn,
      query,
      data: undefined,
      body,
      headers,
    };
    this.calls.push(call);

    const failure = this.takeFailure(call.requestName);
    const latencyMs = failure?.failure === 'slow' ? failure.delayMs : this.latencyMs;
    if (latencyMs > 0) {
      try {
        await delay(latencyMs, request.signal);
      } catch {
        return Response.error();
      }
    }
    if (failure && failure.failure !== 'slow') {
      const early = this.earlyFailure(failure, respondIn);
      if (early) return early;
    }

    let response: Response;
    try {
      if (requestFormat !== 'json' && requestFormat !== 'xml') throw new FakeError(92);
      if (responseFormat !== 'json' && responseFormat !== 'xml') throw new FakeError(91);
      if (key.length !== 32) throw new FakeError(90);
      if (key !== this.apiKey) throw new FakeError(99);
      if (typeof failure?.failure === 'number') throw new FakeError(failure.failure);
      call.data = this.readData(request.method, body, call.requestFormat);
      const { data, envelopeQuirk } = this.dispatch(call.requestName, call.data, query);
      response = this.success(respondIn, call.requestName, data, envelopeQuirk);
    } catch (error) {
      if (!(error instanceof FakeError)) throw error;
      response = this.failure(respondIn, error.code);
    }

    if (failure?.failure === 'truncated') {
      const text = await response.text();
      return new Response(text.slice(0, Math.floor(text.length / 2)), {
        status: 200,
        headers: response.headers,
      });
    }
    if (failure?.failure === 'network-after-processing') return Response.error();
    return response;
  }

  /**
   * Makes the next matching request(s) fail. Failures queue up in the order they were armed.
   * @param failure - an error code, or a fault (see {@link OrganikFakeFailure})
   * @param options - how many times, for which operation
   */
  fail(failure: OrganikFakeFailure, options: OrganikFakeFailureOptions = {}): void {
    const armed: ArmedFailure = {
      failure,
      remaining: options.times ?? 1,
      skip: options.after ?? 0,
      delayMs: options.delayMs ?? 60_000,
    };
    if (options.requestName !== undefined) armed.requestName = options.requestName.toLowerCase();
    if (options.retryAfterMs !== undefined) armed.retryAfterMs = options.retryAfterMs;
    this.failures.push(armed);
  }

  /** Removes every armed failure. */
  clearFailures(): void {
    this.failures = [];
  }

  /**
   * Moves due messages forward: every message that is neither cancelled nor final, and whose start time has come,
   * gets `status` (default 2, delivered) and a finish time; a message with a `report_url` records a callback.
   * @param status - the final status to give: 2 delivered, 3 wrong number, 4 timed out (or 1, with the operator)
   * @param filter - only messages for which it returns true
   */
  deliverAll(
    status = 2,
    filter: (message: OrganikFakeMessage) => boolean = () => true,
  ): OrganikFakeMessage[] {
    const now = this.now();
    const changed: OrganikFakeMessage[] = [];
    for (const message of this.messages) {
      if (message.cancelled || message.status >= 2 || message.startAt > now || !filter(message)) continue;
      message.status = status;
      message.finishedAt = status >= 2 ? now : null;
      changed.push(message);
      if (message.reportUrl) {
        this.callbacks.push({ url: message.reportUrl, body: JSON.stringify(this.reportRow(message)) });
      }
    }
    return changed;
  }

  /**
   * Puts a message in the inbox.
   * @param message - the incoming message
   */
  addInboxMessage(message: OrganikFakeInboxMessage): void {
    this.inbox.push({ ...message, id: this.nextInboxId++ });
  }

  /** The accepted messages as `{ to: '+90…', text }`, not counting cancelled ones. */
  sentMessages(): { to: string; text: string }[] {
    return this.messages
      .filter((message) => !message.cancelled)
      .map((message) => ({ to: `+${message.gsm}`, text: message.text }));
  }

  /** Forgets calls, messages, callbacks, blacklist, inbox and failures, and restores balances, senders and groups. */
  reset(): void {
    this.calls.length = 0;
    this.messages.length = 0;
    this.callbacks.length = 0;
    this.blacklist.clear();
    this.inbox.length = 0;
    this.failures = [];
    this.credit = this.options.credit ?? 1000;
    this.tl = this.options.tl ?? 100;
    this.headers = structuredClone(this.options.headers ?? [{ id: 1, name: 'ORGANIK' }]);
    this.groups = structuredClone(this.options.groups ?? []);
    this.latencyMs = this.options.latencyMs ?? 0;
  }

  /**
   * The detailed-report row of a message, in the service's JSON shape (also the body of report callbacks).
   * @param message - an accepted message
   */
  reportRow(message: OrganikFakeMessage): Record<string, unknown> {
    return {
      gsm: Number(message.gsm),
      transaction_id: message.transactionId,
      gsm_track_id: message.gsmTrackId,
      delivery_track_id: message.trackId,
      create_date: formatIstanbulDateTime(message.createdAt, true),
      start_date: formatIstanbulDateTime(message.startAt, true),
      finish_date: message.finishedAt ? formatIstanbulDateTime(message.finishedAt, true) : null,
      status: message.status,
      sms_count: message.status === 0 ? 0 : message.smsCount,
      credit_amount: message.status === 0 ? 0 : message.creditAmount,
      is_foreign_gsm: message.gsm.startsWith('90') ? 0 : 1,
    };
  }

  private takeFailure(requestName: string): ArmedFailure | undefined {
    const index = this.failures.findIndex(
      (failure) => failure.requestName === undefined || failure.requestName === requestName,
    );
    if (index === -1) return undefined;
    const failure = this.failures[index]!;
    if (failure.skip > 0) {
      failure.skip -= 1;
      return undefined;
    }
    failure.remaining -= 1;
    if (failure.remaining <= 0) this.failures.splice(index, 1);
    return failure;
  }

  private earlyFailure(failure: ArmedFailure, format: Format): Response | undefined {
    const html = (status: number, title: string) =>
      new Response(
        `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`,
        {
          status,
          headers: { 'content-type': 'text/html; charset=utf-8' },
        },
      );
    switch (failure.failure) {
      case 'server-error':
        return html(500, '500 Internal Server Error');
      case 'bad-gateway':
        return html(502, '502 Bad Gateway');
      case 'html':
        return html(200, 'Service Unavailable');
      case 'http-rate-limit':
        return new Response('Too Many Requests', {
          status: 429,
          headers: { 'retry-after': String(Math.ceil((failure.retryAfterMs ?? 1000) / 1000)) },
        });
      case 'network':
        return Response.error();
      case 'malformed':
        return format === 'xml'
          ? new Response(
              buildOrganikXmlResponse({
                result: 1,
                data: { tl: 'many', credit: 'lots', deliveries: { transaction_id: { unexpected: 'shape' } } },
              }),
              {
                headers: { 'content-type': 'application/xml' },
              },
            )
          : Response.json({
              response: { result: true, data: { deliveries: 'unexpected', tl: 'many', credit: [] } },
            });
      default:
        return undefined;
    }
  }

  private readData(method: string, body: string, format: Format): unknown {
    if (method === 'GET' || body.trim() === '') return undefined;
    if (format === 'json') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        throw new FakeError(97);
      }
      if (!isRecord(parsed)) throw new FakeError(97);
      return parsed.data;
    }
    const read = readOrganikXmlRequest(body);
    if (!read.ok || !isRecord(read.value) || !isRecord(read.value.document)) throw new FakeError(97);
    return read.value.document.data;
  }

  private dispatch(
    requestName: string,
    data: unknown,
    query: Record<string, string>,
  ): { data: unknown; envelopeQuirk?: 'result-in-data' | 'bare-items' } {
    const input = isRecord(data) ? data : {};
    switch (requestName) {
      case 'balance':
        return { data: { tl: this.tl, credit: this.credit } };
      case 'headers':
        return { data: this.headers.map((header) => ({ id: header.id, name: header.name })) };
      case 'smsviaget':
        return { data: this.sendSmsViaGet(query), envelopeQuirk: 'result-in-data' };
      case 'sendsms':
        return { data: this.sendSms(input), envelopeQuirk: 'result-in-data' };
      case 'detailedreport':
        return { data: this.detailedReport(input), envelopeQuirk: 'bare-items' };
      case 'basicreport':
        return { data: this.basicReport(input) };
      case 'groups':
        return {
          data: this.groups.map((group) => ({
            id: group.id,
            name: group.name,
            count: group.contacts.length,
          })),
        };
      case 'groupcontent':
        return { data: this.groupContent(input) };
      case 'groupadd':
        return { data: this.groupAdd(input) };
      case 'groupcontentadd':
        return { data: this.groupContentAdd(input) };
      case 'cancelscheduledtasks':
        return { data: this.cancel(input) };
      case 'blacklist':
        return { data: [...this.blacklist].map(([gsm, date]) => ({ gsm: Number(gsm), date })) };
      case 'blacklistadd':
      case 'blacklistremove':
        this.changeBlacklist(requestName === 'blacklistadd', input);
        return { data: undefined };
      case 'inbox':
        return { data: this.readInbox(input) };
      default:
        throw new FakeError(88);
    }
  }

  private success(
    format: Format,
    requestName: string,
    data: unknown,
    envelopeQuirk: 'result-in-data' | 'bare-items' | undefined,
  ): Response {
    const quirks = this.options.quirks ?? {};
    if (format === 'json') {
      const value = quirks.jsonNumbersAsStrings ? stringifyNumbers(data) : data;
      const response: Record<string, unknown> = { result: true };
      if (value !== undefined)
        response.data = requestName === 'inbox' ? keyedObject(value as unknown[]) : value;
      return Response.json({ response }, { headers: { 'content-type': 'application/json; charset=utf-8' } });
    }
    let xml: string;
    if (envelopeQuirk === 'bare-items' && quirks.xmlUnwrappedDetailedReport) {
      xml = buildOrganikXmlItems(data as unknown[]);
    } else if (envelopeQuirk === 'result-in-data' && (quirks.xmlResultInsideData ?? true)) {
      xml = buildOrganikXmlResponse({ data: { result: 1, ...(data as Record<string, unknown>) } });
    } else {
      xml = buildOrganikXmlResponse(data === undefined ? { result: 1 } : { result: 1, data });
    }
    return new Response(xml, { headers: { 'content-type': 'application/xml; charset=utf-8' } });
  }

  private failure(format: Format, code: number): Response {
    const error = {
      message: ERROR_MESSAGES[code] ?? 'An unknown error has occurred.',
      number: String(code),
      time: formatIstanbulDateTime(this.now(), true),
      code,
    };
    if (format === 'json') return Response.json({ response: { result: false, error } });
    return new Response(buildOrganikXmlResponse({ result: 0, error }), {
      headers: { 'content-type': 'application/xml; charset=utf-8' },
    });
  }

  private sendSmsViaGet(query: Record<string, string>): unknown {
    const options: Record<string, unknown> = {
      header: query.header,
      timeout: query.timeout,
      delivery_time: query.deliverytime,
      gsm_isUnique: query.gsm_isunique,
      track_id: query.track_id,
      report_url: query.report_url,
      message_format: query.message_format,
    };
    const delivery = {
      options,
      recipients: {
        gsms: query.gsms ? query.gsms.split(',') : [],
        groups: query.groupids ? query.groupids.split(',') : [],
      },
      message: query.message,
    };
    return this.sendSms({ deliveries: [delivery] });
  }

  private sendSms(data: Record<string, unknown>): unknown {
    const deliveries = asArray(data.deliveries);
    if (deliveries.length === 0) throw new FakeError(96);
    const global = isRecord(data.global_options) ? data.global_options : {};
    const now = this.now();
    const planned = deliveries.map((delivery) => this.planDelivery(global, delivery, now));
    const credit = planned.reduce((sum, plan) => sum + (plan.ok ? plan.credit : 0), 0);
    const tl = planned.reduce((sum, plan) => sum + (plan.ok ? plan.tl : 0), 0);
    if (credit > this.credit) throw new FakeError(103);
    if (tl > this.tl + 1e-9) throw new FakeError(108);
    this.credit -= credit;
    this.tl = Math.round((this.tl - tl) * 100) / 100;
    return {
      deliveries: planned.map((plan) => {
        if (!plan.ok) {
          return {
            track_id: plan.trackId,
            transaction_id: null,
            error: { number: plan.code, message: ERROR_MESSAGES[plan.code] },
            valid: [],
            invalid: plan.invalid,
          };
        }
        const transactionId = this.nextTransactionId++;
        const valid = plan.accepted.map((recipient, index) => {
          const message: OrganikFakeMessage = {
            transactionId,
            gsmTrackId: `${transactionId}-${4730 + index}-${this.nextMessageSerial++}`,
            trackId: plan.trackId,
            gsm: recipient.gsm,
            requestGsm: recipient.requestGsm,
            text: recipient.text,
            header: plan.header,
            messageFormat: plan.messageFormat,
            smsCount: recipient.smsCount,
            creditAmount: recipient.credit,
            tlAmount: recipient.tl,
            createdAt: now,
            startAt: plan.startAt,
            finishedAt: null,
            status: plan.startAt > now ? 0 : 1,
            cancelled: false,
            timeoutHours: plan.timeoutHours,
          };
          if (plan.reportUrl) message.reportUrl = plan.reportUrl;
          this.messages.push(message);
          return {
            request_gsm: asNumberIfDigits(recipient.requestGsm),
            gsm: Number(recipient.gsm),
            gsm_track_id: message.gsmTrackId,
            tl_amount: recipient.tl,
            sms_count: recipient.smsCount,
            credit_amount: recipient.credit,
          };
        });
        return { track_id: plan.trackId, transaction_id: transactionId, valid, invalid: plan.invalid };
      }),
    };
  }

  private planDelivery(global: Record<string, unknown>, delivery: unknown, now: Date) {
    const record = isRecord(delivery) ? delivery : {};
    const options = { ...global, ...(isRecord(record.options) ? record.options : {}) };
    const trackId = asText(options.track_id) ?? '';
    const fail = (code: number, invalid: unknown[] = []) => ({ ok: false as const, code, trackId, invalid });

    const headerValue = asText(options.header);
    const header = this.headers.find(
      (candidate) => String(candidate.id) === headerValue || candidate.name === headerValue,
    );
    if (!header) return fail(101);
    if (header.disabled) return fail(107);
    const encoded = asText(record.message);
    if (encoded === undefined || encoded === '') return fail(105);
    const text = decodeOrganikMessage(encoded);
    if (text === undefined) return fail(112);
    const formatValue = asText(options.message_format) ?? '0';
    const messageFormat = /^\d$/.test(formatValue)
      ? Number(formatValue)
      : MESSAGE_TYPES.indexOf(formatValue as (typeof MESSAGE_TYPES)[number]);
    const type = MESSAGE_TYPES[messageFormat];
    if (type === undefined) return fail(96);
    const deliveryTime = asText(options.delivery_time);
    let startAt = now;
    if (deliveryTime) {
      const parsed = parseIstanbulDateTime(deliveryTime);
      if (!parsed) return fail(96);
      if (parsed > now) startAt = parsed;
    }
    const timeoutHours = asInteger(options.timeout) ?? 48;
    if (timeoutHours < 1 || timeoutHours > 48) return fail(96);
    const unique = asText(options.gsm_isUnique ?? options.gsm_isunique) !== '0';

    const recipients = isRecord(record.recipients) ? record.recipients : {};
    const targets: { requestGsm: string; gsm?: string; text: string; error?: number }[] = [];
    for (const value of asArray(recipients.gsms)) {
      const requestGsm = asText(value) ?? '';
      const gsm = normaliseGsm(requestGsm);
      targets.push(typeof gsm === 'number' ? { requestGsm, text, error: gsm } : { requestGsm, gsm, text });
    }
    for (const value of asArray(recipients.groups)) {
      const group = this.groups.find((candidate) => String(candidate.id) === asText(value));
      for (const contact of group?.contacts ?? []) {
        targets.push({ requestGsm: contact.gsm, gsm: contact.gsm, text: personalise(text, contact) });
      }
    }
    if (targets.length === 0) return fail(102);

    const seen = new Set<string>();
    const accepted: {
      requestGsm: string;
      gsm: string;
      text: string;
      smsCount: number;
      credit: number;
      tl: number;
    }[] = [];
    const invalid: unknown[] = [];
    for (const target of targets) {
      const error = target.error ?? (target.gsm && this.blacklist.has(target.gsm) ? 109 : undefined);
      if (error !== undefined || target.gsm === undefined) {
        invalid.push({
          request_gsm: asNumberIfDigits(target.requestGsm),
          gsm: target.gsm ? Number(target.gsm) : null,
          error: { number: error ?? 110, message: ERROR_MESSAGES[error ?? 110] },
        });
        continue;
      }
      if (unique && seen.has(target.gsm)) continue;
      seen.add(target.gsm);
      const measured = calculate(target.text, { type, maxSegments: 7 });
      if (measured.segments === null || measured.segments > 7) return fail(106);
      const foreign = !target.gsm.startsWith('90');
      accepted.push({
        requestGsm: target.requestGsm,
        gsm: target.gsm,
        text: target.text,
        smsCount: measured.segments,
        credit: foreign ? 0 : measured.segments,
        tl: foreign ? measured.segments * (this.options.foreignPartPrice ?? 0.25) : 0,
      });
    }
    if (accepted.length === 0) return fail(102, invalid);
    const plan = {
      ok: true as const,
      trackId,
      header: headerValue ?? '',
      messageFormat,
      startAt,
      timeoutHours,
      accepted,
      invalid,
      credit: accepted.reduce((sum, recipient) => sum + recipient.credit, 0),
      tl: accepted.reduce((sum, recipient) => sum + recipient.tl, 0),
      reportUrl: asText(options.report_url),
    };
    return plan;
  }

  private selectMessages(input: Record<string, unknown>): OrganikFakeMessage[] {
    const transactionIds = new Set(asArray(input.transaction_ids).map((value) => asText(value)));
    const trackIds = new Set(asArray(input.delivery_track_ids).map((value) => asText(value)));
    const gsmTrackIds = new Set(asArray(input.gsm_track_ids).map((value) => asText(value)));
    if (transactionIds.size + trackIds.size + gsmTrackIds.size === 0) throw new FakeError(96);
    return this.messages.filter(
      (message) =>
        !message.cancelled &&
        (transactionIds.has(String(message.transactionId)) ||
          (message.trackId !== '' && trackIds.has(message.trackId)) ||
          gsmTrackIds.has(message.gsmTrackId)),
    );
  }

  private detailedReport(input: Record<string, unknown>): unknown {
    const rows = this.selectMessages(input);
    if (rows.length === 0) throw new FakeError(87);
    return rows.map((message) => this.reportRow(message));
  }

  private basicReport(input: Record<string, unknown>): unknown {
    const rows = this.selectMessages(input);
    const count = (status: number) => rows.filter((message) => message.status === status).length;
    return {
      gsm_count: rows.length,
      credit_amount: rows.reduce((sum, message) => sum + message.creditAmount, 0),
      tl_amount: rows.reduce((sum, message) => sum + message.tlAmount, 0),
      sending_count: count(0),
      sended_count: count(1),
      deliveried_count: count(2),
      wrong_count: count(3),
      timeout_count: count(4),
      sms_count: rows.reduce((sum, message) => sum + message.smsCount, 0),
    };
  }

  private groupContent(input: Record<string, unknown>): unknown {
    const ids = asArray(input.group_ids).map((value) => asText(value));
    if (ids.length === 0) throw new FakeError(96);
    return this.groups
      .filter((group) => ids.includes(String(group.id)))
      .flatMap((group) =>
        group.contacts.map((contact) => ({
          group_id: group.id,
          name: contact.name ?? '',
          surname: contact.surname ?? '',
          gsm: Number(contact.gsm),
          birthday: contact.birthday ?? null,
        })),
      );
  }

  private groupAdd(input: Record<string, unknown>): unknown {
    const names = asArray(input.groups).map((value) => asText(value) ?? '');
    if (names.length === 0 || names.some((name) => name.trim() === '')) throw new FakeError(96);
    return names.map((name) => {
      const group: OrganikFakeGroup = { id: this.nextGroupId++, name, contacts: [] };
      this.groups.push(group);
      return { id: group.id, name };
    });
  }

  private groupContentAdd(input: Record<string, unknown>): unknown {
    const persons = asArray(input.persons);
    if (persons.length === 0) throw new FakeError(96);
    const stored: unknown[] = [];
    for (const person of persons) {
      if (!isRecord(person)) continue;
      const group = this.groups.find((candidate) => String(candidate.id) === asText(person.group_id));
      const gsm = normaliseGsm(asText(person.gsm) ?? '');
      if (!group || typeof gsm === 'number') continue;
      const contact: OrganikFakeContact = { gsm };
      const name = asText(person.name);
      const surname = asText(person.surname);
      const birthday = asText(person.birthday);
      if (name) contact.name = name;
      if (surname) contact.surname = surname;
      if (birthday) contact.birthday = birthday;
      group.contacts.push(contact);
      stored.push({
        id: this.nextContactId++,
        group_id: group.id,
        gsm: Number(gsm),
        name: name ?? '',
        surname: surname ?? '',
        birthday: birthday ?? null,
      });
    }
    if (stored.length === 0) throw new FakeError(85);
    return stored;
  }

  private cancel(input: Record<string, unknown>): unknown {
    const ids = asArray(input.transaction_ids).map((value) => asText(value) ?? '');
    if (ids.length === 0) throw new FakeError(96);
    const now = this.now();
    return ids.map((id) => {
      const messages = this.messages.filter((message) => String(message.transactionId) === id);
      const cancellable =
        messages.length > 0 &&
        messages.every((message) => !message.cancelled && message.status === 0 && message.startAt > now);
      if (cancellable) {
        for (const message of messages) {
          message.cancelled = true;
          this.credit += message.creditAmount;
          this.tl = Math.round((this.tl + message.tlAmount) * 100) / 100;
        }
      }
      return { transaction_id: asNumberIfDigits(id), status: cancellable };
    });
  }

  private changeBlacklist(add: boolean, input: Record<string, unknown>): void {
    const gsms = asArray(input.gsms);
    if (gsms.length === 0) throw new FakeError(96);
    const day = formatIstanbulDate(this.now());
    for (const value of gsms) {
      const gsm = normaliseGsm(asText(value) ?? '');
      if (typeof gsm === 'number') throw new FakeError(96);
      if (add) this.blacklist.set(gsm, day);
      else this.blacklist.delete(gsm);
    }
  }

  private readInbox(input: Record<string, unknown>): unknown {
    const keyword = asText(input.rootKeyword);
    const range = isRecord(input.date) ? input.date : {};
    const begin = asText(range.begin);
    const end = asText(range.end);
    const rows = this.inbox
      .filter((message) => {
        const day = formatIstanbulDate(message.received ?? this.now());
        return (
          (keyword === undefined || message.rootKeyword === keyword) &&
          (begin === undefined || day >= begin) &&
          (end === undefined || day <= end)
        );
      })
      .map((message) => ({
        id: message.id,
        recipient: Number(message.recipient),
        message: message.message,
        sender: Number(message.sender),
        received: formatIstanbulDateTime(message.received ?? this.now(), true),
        rootKeyword: message.rootKeyword,
        receiveKeyword: message.receiveKeyword ?? null,
      }));
    if (rows.length === 0) throw new FakeError(87);
    return rows;
  }
}

/** Normalises a number as the service does; returns an error code (110, 111) when it cannot. */
function normaliseGsm(input: string): string | number {
  const trimmed = input.trim();
  if (!/^\+?\d+$/.test(trimmed)) return 110;
  let digits = trimmed.replace(/^\+/, '');
  if (digits.startsWith('00')) digits = digits.slice(2);
  if (digits.length === 10 && digits.startsWith('5')) digits = `90${digits}`;
  else if (digits.length === 11 && digits.startsWith('0')) digits = `9${digits}`;
  if (digits.length < 10 || digits.length > 13) return 111;
  if (digits.startsWith('90') && digits.length !== 12) return 111;
  return digits;
}

function personalise(text: string, contact: OrganikFakeContact): string {
  return text
    .replaceAll('#AD#', contact.name ?? '')
    .replaceAll('#SOYAD#', contact.surname ?? '')
    .replaceAll('#GSM#', contact.gsm)
    .replace(/#OZEL([1-5])#/g, (_match, index: string) => contact.custom?.[Number(index) - 1] ?? '');
}

function asNumberIfDigits(value: string): string | number {
  return /^\d{1,15}$/.test(value) && !value.startsWith('0') ? Number(value) : value;
}

function keyedObject(rows: unknown[]): Record<string, unknown> {
  return Object.fromEntries(rows.map((row, index) => [String(index), row]));
}

function stringifyNumbers(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(stringifyNumbers);
  if (isRecord(value))
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, stringifyNumbers(item)]));
  return value;
}

/**
 * Creates a stateful fake of the Organik SMS API v2. See {@link OrganikFakeServer}.
 * @param options - key, balances, senders, groups, clock, quirks
 * @example
 * const server = createOrganikFakeServer();
 * const organik = createOrganik({ apiKey: server.apiKey, fetch: server.fetch });
 */
export function createOrganikFakeServer(options: OrganikFakeServerOptions = {}): OrganikFakeServer {
  return new OrganikFakeServer(options);
}
