import { delay } from '@x/messaging-core';
import { hangUntilAborted } from '@x/provider-utils/testing';
import { dispatchFakeRequest } from './organik-fake-dispatch';
import { envelopeCodeOf, faultAnswer, queueFault, takeFault } from './organik-fake-faults';
import { addFakeInboxMessage } from './organik-fake-inbox';
import { deliverFakeMessages, fakeReportRow } from './organik-fake-reports';
import { createFakeState, type OrganikFakeState, resetFakeState } from './organik-fake-state';
import type {
  OrganikFakeCallback,
  OrganikFakeFailOptions,
  OrganikFakeFault,
  OrganikFakeGroup,
  OrganikFakeHeader,
  OrganikFakeInboxMessage,
  OrganikFakeMessage,
  OrganikFakeRequest,
  OrganikFakeSentMessage,
  OrganikFakeServerOptions,
} from './organik-fake-types';
import {
  errorResponse,
  FakeError,
  type FakeFormat,
  readRequestData,
  successResponse,
} from './organik-fake-wire';

/**
 * A stateful emulation of the Organik SMS API v2, for tests and demos: it checks the key, keeps a balance that
 * drops by the credits of each send, a blacklist that refuses numbers, contact groups, scheduled sends that can be
 * cancelled, and reports that reflect what was sent, in JSON and in XML. Faults can be injected.
 *
 * Use it through {@link OrganikFakeServer.fetch} (no network), `createOrganikMswHandlers`, or
 * `listenOrganikFakeServer` (a real port).
 */
export interface OrganikFakeServer {
  /** The key the server accepts. */
  readonly apiKey: string;
  /** The base URL its msw handlers intercept (the client's default unless told otherwise). */
  readonly baseUrl: string;
  /** Every request received, in order. */
  readonly requests: readonly OrganikFakeRequest[];
  /** The SMS accepted, one per number, in order, cancelled ones left out (a new list at each read). */
  readonly sentMessages: OrganikFakeSentMessage[];
  /** Every message accepted, one per number, with the service's own fields (cancelled ones too). */
  readonly messages: readonly OrganikFakeMessage[];
  /** Report callbacks the service would have POSTed to `report_url` (recorded, not sent). */
  readonly callbacks: readonly OrganikFakeCallback[];
  /** The blacklist: number (digits, `90…`) → day added; a test may fill it directly. */
  readonly blacklist: Map<string, string>;
  /** Credits left. */
  readonly credit: number;
  /** TL left. */
  readonly tl: number;
  /** Sender ids (as given in the options, until a reset). */
  readonly headers: readonly OrganikFakeHeader[];
  /** Contact groups, with the contacts added since. */
  readonly groups: readonly OrganikFakeGroup[];
  /**
   * A `fetch` that answers from this server without any network; pass it as the client's `fetch` setting.
   * Requests to other URLs are refused with a `TypeError`, as a failed connection would be.
   */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /**
   * Answers one request; `Response.error()` when a broken connection was injected. After a `timeout` fault it
   * never answers: it rejects with the reason of the request's signal once that aborts.
   * @param request - any request; its path must be `/v2/{key}/{request_name}/…`
   */
  handle(request: Request): Promise<Response>;
  /**
   * Makes the next matching request(s) fail with `fault`; faults queue up in the order they were given.
   * @param fault - a common fault, an Organik extra, or a documented error code; see {@link OrganikFakeFault}
   * @param options - how many times, which requests
   */
  failNext(fault: OrganikFakeFault, options?: OrganikFakeFailOptions): void;
  /** Removes every queued fault. */
  clearFaults(): void;
  /**
   * Moves due messages forward: every message that is neither cancelled nor final, and whose start time has come,
   * gets `status` and a finish time; a message with a `report_url` records a callback.
   * @param status - 2 delivered (default), 3 wrong number, 4 timed out (or 1, with the operator)
   * @param filter - only messages for which it returns true
   * @returns the messages changed
   */
  deliverAll(status?: number, filter?: (message: OrganikFakeMessage) => boolean): OrganikFakeMessage[];
  /** Puts a message in the inbox. */
  addInboxMessage(message: OrganikFakeInboxMessage): void;
  /** The detailed-report row of a message, in the service's JSON shape (also the body of report callbacks). */
  reportRow(message: OrganikFakeMessage): Record<string, unknown>;
  /** Forgets requests, messages, callbacks, blacklist, inbox and faults; restores balances, senders and groups. */
  reset(): void;
}

function notFound(): Response {
  return new Response('<html><body><h1>404 Not Found</h1></body></html>', {
    status: 404,
    headers: { 'content-type': 'text/html' },
  });
}

function toSentMessage(message: OrganikFakeMessage): OrganikFakeSentMessage {
  const sent: OrganikFakeSentMessage = { to: `+${message.gsm}`, text: message.text };
  if (message.header !== '') sent.from = message.header;
  if (message.startAt > message.createdAt) sent.sendAt = message.startAt;
  if (message.trackId !== '') sent.reference = message.trackId;
  return sent;
}

/** Reads the request into its record; a body that cannot be read is answered later with error 97. */
async function recordRequest(state: OrganikFakeState, request: Request, segments: string[]) {
  const [, , requestName = '', requestType, responseType] = segments;
  const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
  const requestFormat = (requestType ?? 'json').toLowerCase();
  const responseFormat = (responseType ?? requestType ?? 'json').toLowerCase();
  const record: OrganikFakeRequest = {
    requestName: requestName.toLowerCase(),
    method: request.method,
    requestFormat: requestFormat === 'xml' ? 'xml' : 'json',
    responseFormat: responseFormat === 'xml' ? 'xml' : 'json',
    query: Object.fromEntries(new URL(request.url).searchParams),
    data: undefined,
    body,
    headers: Object.fromEntries(request.headers),
  };
  let unreadable: FakeError | undefined;
  try {
    record.data = readRequestData(request.method, body, record.requestFormat);
  } catch (error) {
    if (!(error instanceof FakeError)) throw error;
    unreadable = error;
  }
  state.requests.push(record);
  const formatError =
    requestFormat !== 'json' && requestFormat !== 'xml'
      ? 92
      : responseFormat !== 'json' && responseFormat !== 'xml'
        ? 91
        : undefined;
  return { record, unreadable, formatError };
}

/** Processes a request the faults let through: checks the key, then the operation answers. */
function answer(
  state: OrganikFakeState,
  key: string,
  read: Awaited<ReturnType<typeof recordRequest>>,
  fault: OrganikFakeFault | undefined,
): Response {
  const format: FakeFormat = read.record.responseFormat;
  try {
    if (read.formatError !== undefined) throw new FakeError(read.formatError);
    if (key.length !== 32) throw new FakeError(90);
    if (key !== state.apiKey) throw new FakeError(99);
    const code = envelopeCodeOf(fault);
    if (code !== undefined) throw new FakeError(code);
    if (read.unreadable) throw read.unreadable;
    const result = dispatchFakeRequest(state, read.record, fault === 'invalid-number');
    const quirks = state.options.quirks ?? {};
    return successResponse(format, read.record.requestName, result.data, quirks, result.envelopeQuirk);
  } catch (error) {
    if (!(error instanceof FakeError)) throw error;
    return errorResponse(format, error.code, state.now());
  }
}

/** Waits, unless the client gives up first (then the connection is gone: `false`). */
async function wait(milliseconds: number, signal: AbortSignal): Promise<boolean> {
  try {
    await delay(milliseconds, signal);
    return true;
  } catch {
    return false;
  }
}

async function handle(state: OrganikFakeState, request: Request): Promise<Response> {
  const segments = new URL(request.url).pathname.split('/').filter(Boolean);
  if (segments[0] !== 'v2' || segments.length < 3) return notFound();
  const read = await recordRequest(state, request, segments);
  const queued = takeFault(state, read.record);
  if (state.latencyMs > 0 && !(await wait(state.latencyMs, request.signal))) return Response.error();
  const early = faultAnswer(queued, read.record.responseFormat);
  if (early) return early;
  const response = answer(state, segments[1] ?? '', read, queued?.fault);
  switch (queued?.fault) {
    case 'timeout':
      // The request is processed (a send goes out), and the answer is lost.
      return hangUntilAborted(request.signal);
    case 'truncated': {
      const text = await response.text();
      return new Response(text.slice(0, Math.floor(text.length / 2)), { headers: response.headers });
    }
    case 'reset-after-processing':
      return Response.error();
    default:
      return response;
  }
}

/**
 * Creates a stateful fake of the Organik SMS API v2. See {@link OrganikFakeServer}.
 * @param options - key, base URL, balances, senders, groups, clock, latency, quirks
 * @example
 * const server = createOrganikFakeServer();
 * const organik = createOrganik({ apiKey: server.apiKey, fetch: server.fetch, sender: 'ORGANIK' });
 * await organik.sendSms({ to: '0532 123 45 67', text: 'Merhaba!' });
 * server.sentMessages; // [{ to: '+905321234567', text: 'Merhaba!', from: 'ORGANIK' }]
 */
export function createOrganikFakeServer(options: OrganikFakeServerOptions = {}): OrganikFakeServer {
  const state = createFakeState(options);
  return {
    apiKey: state.apiKey,
    baseUrl: state.baseUrl,
    requests: state.requests,
    get sentMessages() {
      return state.messages.filter((message) => !message.cancelled).map(toSentMessage);
    },
    messages: state.messages,
    callbacks: state.callbacks,
    blacklist: state.blacklist,
    get credit() {
      return state.credit;
    },
    get tl() {
      return state.tl;
    },
    get headers() {
      return state.headers;
    },
    get groups() {
      return state.groups;
    },
    async fetch(input, init) {
      const response = await handle(state, new Request(input, init));
      if (response.type === 'error') throw new TypeError('fetch failed');
      return response;
    },
    handle: (request) => handle(state, request),
    failNext: (fault, failOptions = {}) => queueFault(state, fault, failOptions),
    clearFaults() {
      state.faults = [];
    },
    deliverAll: (status, filter) => deliverFakeMessages(state, status, filter),
    addInboxMessage: (message) => addFakeInboxMessage(state, message),
    reportRow: fakeReportRow,
    reset: () => resetFakeState(state),
  };
}
