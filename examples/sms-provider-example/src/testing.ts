/**
 * `@x/example-sms-provider/testing`: a fake Example SMS API on a local port, for the package's conformance test
 * and for end-to-end tests of a host (the order-notification service sends to it over real HTTP).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConformanceFailure, ConformanceSentMessage } from '@x/messaging-core/testing';

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

function reply(
  outgoing: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  outgoing.writeHead(status, { 'content-type': 'application/json', ...headers });
  outgoing.end(JSON.stringify(body));
}

async function readJson(incoming: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    size += (chunk as Buffer).length;
    if (size > 1_000_000) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
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

async function handle(state: FakeState, incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
  state.requests += 1;
  if (incoming.headers.authorization !== `Bearer ${state.apiKey}`) {
    return reply(outgoing, 401, { error: 'unauthorized' });
  }
  const failure = state.failure;
  state.failure = 'none';
  if (failure === 'timeout') return; // accepted, never answered
  if (failure === 'auth') return reply(outgoing, 401, { error: 'unauthorized' });
  if (failure === 'insufficient-balance') return reply(outgoing, 402, { error: 'no_credits' });
  if (failure === 'rate-limit') {
    return reply(outgoing, 429, { error: 'slow_down' }, { 'retry-after': String(state.retryAfterMs / 1000) });
  }
  if (failure === 'server-error') {
    outgoing.writeHead(502, { 'content-type': 'text/html' });
    return void outgoing.end('<html><body>502 Bad Gateway</body></html>');
  }
  if (incoming.method === 'GET' && incoming.url === '/v1/balance')
    return reply(outgoing, 200, { credits: 1200 });
  if (incoming.method !== 'POST' || incoming.url !== '/v1/messages')
    return reply(outgoing, 404, { error: 'not_found' });
  const body = await readJson(incoming);
  if (body === undefined) return reply(outgoing, 400, { error: 'bad_json' });
  const key = incoming.headers['idempotency-key'];
  reply(outgoing, 200, acceptMessages(state, body, typeof key === 'string' ? key : undefined));
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
  const server = createServer((incoming, outgoing) => {
    handle(state, incoming, outgoing).catch(() => outgoing.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sent: state.sent,
    get requestCount() {
      return state.requests;
    },
    simulate(failure, simulateOptions) {
      state.failure = failure;
      state.retryAfterMs = simulateOptions?.retryAfterMs ?? 1000;
    },
    refuse: (number) => void state.refused.add(number),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
