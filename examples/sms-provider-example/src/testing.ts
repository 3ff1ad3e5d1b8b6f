/**
 * `@x/example-sms-provider/testing`: a fake Example SMS API on a local port, for the package's conformance test
 * and for end-to-end tests of a host (the order-notification service sends to it over real HTTP).
 */
import type { ConformanceFailure, ConformanceSentMessage } from '@x/messaging-core/testing';
import { hangUntilAborted, listenFakeServer } from '@x/provider-utils/testing';

/** Options of {@link startExampleFakeServer}. */
export interface ExampleFakeServerOptions {
  /** The key the server accepts (default {@link FAKE_EXAMPLE_API_KEY}). */
  apiKey?: string;
  /** The sender used when a request names none (default `'EXAMPLE'`). */
  defaultSender?: string;
}

/** A running fake server. */
export interface ExampleFakeServer {
  /** Its base URL (`http://127.0.0.1:PORT`): the provider's `baseUrl`. */
  readonly url: string;
  /** The messages it accepted, one per recipient, in order. */
  readonly sent: ConformanceSentMessage[];
  /** How many HTTP requests it received. */
  readonly requestCount: number;
  /** Makes the next request fail as the real API would (`'none'` clears). */
  simulate(failure: ConformanceFailure, options?: { retryAfterMs?: number }): void;
  /** Refuses this number (E.164) from now on, as an invalid recipient. */
  refuse(number: string): void;
  /** Stops the server; requests left hanging by `'timeout'` are cut. */
  close(): Promise<void>;
}

/** The key the fake server accepts by default. */
export const FAKE_EXAMPLE_API_KEY = 'ek_fake0123456789abcdefABCD';

interface FakeState {
  apiKey: string;
  defaultSender: string;
  sent: ConformanceSentMessage[];
  refused: Set<string>;
  failure: ConformanceFailure;
  retryAfterMs: number;
  answered: Map<string, unknown>;
  sequence: number;
  requests: number;
}

function reply(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers });
}

async function readJson(request: Request): Promise<Record<string, unknown> | undefined> {
  const text = await request.text();
  if (text.length > 1_000_000) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `POST /v1/messages`: records one message per accepted recipient; a repeated idempotency key is not sent again. */
function acceptMessages(state: FakeState, body: Record<string, unknown>, idempotencyKey: string | undefined) {
  if (idempotencyKey !== undefined && state.answered.has(idempotencyKey))
    return state.answered.get(idempotencyKey);
  const to = Array.isArray(body.to) ? body.to.map(String) : [];
  const from = typeof body.from === 'string' ? body.from : state.defaultSender;
  const messages = to.map((number) => {
    if (state.refused.has(number)) return { to: number, error: 'invalid_number' };
    state.sent.push({
      to: number,
      text: String(body.text ?? ''),
      from,
      ...(typeof body.send_at === 'string' ? { sendAt: new Date(body.send_at) } : {}),
      ...(typeof body.reference === 'string' ? { reference: body.reference } : {}),
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    });
    state.sequence += 1;
    return { to: number, id: `msg-${state.sequence}` };
  });
  state.sequence += 1;
  const answer = { batch_id: `batch-${state.sequence}`, messages };
  if (idempotencyKey !== undefined) state.answered.set(idempotencyKey, answer);
  return answer;
}

async function handle(state: FakeState, request: Request): Promise<Response> {
  state.requests += 1;
  if (request.headers.get('authorization') !== `Bearer ${state.apiKey}`) {
    return reply(401, { error: 'unauthorized' });
  }
  const failure = state.failure;
  state.failure = 'none';
  if (failure === 'timeout') return hangUntilAborted(request.signal); // accepted, never answered
  if (failure === 'auth') return reply(401, { error: 'unauthorized' });
  if (failure === 'insufficient-balance') return reply(402, { error: 'no_credits' });
  if (failure === 'rate-limit') {
    return reply(429, { error: 'slow_down' }, { 'retry-after': String(state.retryAfterMs / 1000) });
  }
  if (failure === 'server-error') {
    return new Response('<html><body>502 Bad Gateway</body></html>', {
      status: 502,
      headers: { 'content-type': 'text/html' },
    });
  }
  const { pathname } = new URL(request.url);
  if (request.method === 'GET' && pathname === '/v1/balance') return reply(200, { credits: 1200 });
  if (request.method !== 'POST' || pathname !== '/v1/messages') return reply(404, { error: 'not_found' });
  const body = await readJson(request);
  if (body === undefined) return reply(400, { error: 'bad_json' });
  const key = request.headers.get('idempotency-key') ?? undefined;
  return reply(200, acceptMessages(state, body, key));
}

/**
 * Starts the fake Example SMS API on `127.0.0.1` (a free port): `POST /v1/messages` and `GET /v1/balance` with a
 * bearer key, failures on demand.
 * @param options - the accepted key and the default sender
 * @example
 * const fake = await startExampleFakeServer();
 * const sms = createExampleSms({ apiKey: FAKE_EXAMPLE_API_KEY, baseUrl: fake.url });
 */
export async function startExampleFakeServer(
  options: ExampleFakeServerOptions = {},
): Promise<ExampleFakeServer> {
  const state: FakeState = {
    apiKey: options.apiKey ?? FAKE_EXAMPLE_API_KEY,
    defaultSender: options.defaultSender ?? 'EXAMPLE',
    sent: [],
    refused: new Set(),
    failure: 'none',
    retryAfterMs: 1000,
    answered: new Map(),
    sequence: 0,
    requests: 0,
  };
  const listener = await listenFakeServer((request) => handle(state, request));
  return {
    url: listener.url,
    sent: state.sent,
    get requestCount() {
      return state.requests;
    },
    simulate(failure, simulateOptions) {
      state.failure = failure;
      state.retryAfterMs = simulateOptions?.retryAfterMs ?? 1000;
    },
    refuse: (number) => void state.refused.add(number),
    close: () => listener.close(),
  };
}
