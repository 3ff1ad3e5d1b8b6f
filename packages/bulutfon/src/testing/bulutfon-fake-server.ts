import { delay } from '@x/messaging-core';
import { hangUntilAborted } from '@x/provider-utils/testing';
import { toBulutfonNumber } from '../bulutfon-phone';
import { BULUTFON_BASE_URL } from '../bulutfon-settings';
import { announcementRoutes } from './bulutfon-fake-announcements';
import {
  authRoutes,
  issueAuthorizationCode,
  issueOAuthTokens,
  refuseCredentials,
} from './bulutfon-fake-auth';
import { callRoutes } from './bulutfon-fake-calls';
import { cdrRoutes } from './bulutfon-fake-cdrs';
import { createFakeDialler } from './bulutfon-fake-dialler';
import { extensionRoutes } from './bulutfon-fake-extensions';
import { faultAnswer, type QueuedFault, queueFault, takeFault } from './bulutfon-fake-faults';
import { faxRoutes } from './bulutfon-fake-faxes';
import { messageRoutes } from './bulutfon-fake-messages';
import { pbxRoutes } from './bulutfon-fake-pbx';
import { error, htmlPage, readBody } from './bulutfon-fake-responses';
import { type FakeEnvironment, type FakeRoute, findRoute } from './bulutfon-fake-routes';
import { createInitialState } from './bulutfon-fake-state';
import type {
  BulutfonFakeRequest,
  BulutfonFakeServer,
  BulutfonFakeServerOptions,
  BulutfonFakeState,
} from './bulutfon-fake-types';

/** Every endpoint of the fake, resource by resource. */
const ROUTES: readonly FakeRoute[] = [
  ...authRoutes,
  ...pbxRoutes,
  ...extensionRoutes,
  ...cdrRoutes,
  ...faxRoutes,
  ...announcementRoutes,
  ...callRoutes,
  ...messageRoutes,
];

const DEFAULT_TOKEN = 'fake-master-token-0123456789abcdef';

function createEnvironment(options: BulutfonFakeServerOptions): FakeEnvironment {
  const now = options.now ?? Date.now;
  let lastId = 0;
  return {
    options,
    baseUrl: (options.baseUrl ?? BULUTFON_BASE_URL).replace(/\/+$/, ''),
    token: options.token ?? DEFAULT_TOKEN,
    seed: options.seed ?? 1,
    cdrCount: options.cdrCount ?? 250,
    recordingSize: options.recordingSize ?? 4096,
    pbxNumber: '902122222222',
    epoch: now(),
    accessTokenTtlSeconds: options.oauth?.accessTokenTtlSeconds ?? 7200,
    now,
    nextId: () => ++lastId,
  };
}

/** The request as the fake records it: the path below the base URL, the query and the decoded body. */
async function describeRequest(request: Request, basePath: string): Promise<BulutfonFakeRequest> {
  const url = new URL(request.url);
  const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || '/' : url.pathname;
  return {
    method: request.method.toUpperCase(),
    path,
    query: Object.fromEntries(url.searchParams),
    body: await readBody(request),
    headers: Object.fromEntries(request.headers),
  };
}

/** The normal answer: the route's, after the credentials and the body are checked. */
async function answer(
  env: FakeEnvironment,
  state: BulutfonFakeState,
  request: BulutfonFakeRequest,
): Promise<Response> {
  const found = findRoute(ROUTES, request.method, request.path);
  if (!found) return error(404, 'Not found');
  const { route, params } = found;
  if (!route.public) {
    const refused = refuseCredentials(env, state, request);
    if (refused) return refused;
    if (request.body?.__malformed) return error(400, 'Malformed JSON');
  }
  if (route.sms && env.options.smsDiscontinued) return htmlPage(404, 'Not Found');
  return route.answer({ env, state, params, query: request.query, body: request.body });
}

/**
 * Creates a stateful fake of the Bulutfon REST API for tests: token checks and expiry, OAuth code and refresh
 * grants, extensions CRUD, paginated CDRs generated from a seed, downloadable recordings and faxes, fax and
 * announcement uploads that validate Bulutfon's attachment format, automatic calls (dialled one after another with
 * per-number scripted outcomes, their webhooks posted to your URL with Basic auth), customers' calls to the PBX,
 * click-to-call, SMS with the anti-spam rule, and faults to inject. Reach it through its `fetch`, msw (`createBulutfonMswHandlers`) or a
 * real port (`listenBulutfonFakeServer`). It answers on the client's default base URL unless told otherwise.
 * @param options - see {@link BulutfonFakeServerOptions}
 * @example
 * const fake = createBulutfonFakeServer({ cdrCount: 1000 });
 * const client = createBulutfonClient({ token: fake.token, fetch: fake.fetch });
 * fake.failNext('rate-limit', { retryAfterSeconds: 2 });
 * fake.scriptCalls('0532 123 45 67', 'no-answer', 'press-2');
 */
export function createBulutfonFakeServer(options: BulutfonFakeServerOptions = {}): BulutfonFakeServer {
  const env = createEnvironment(options);
  const basePath = new URL(env.baseUrl).pathname.replace(/\/+$/, '');
  const requests: BulutfonFakeRequest[] = [];
  let faults: QueuedFault[] = [];
  let state = createInitialState(env);
  const dialler = createFakeDialler(env, () => state);
  /** Dials new automatic calls at once, unless the test dials them itself. */
  const afterAnswer = (received: BulutfonFakeRequest) => {
    if (options.calls?.autoDial === false) return;
    if (received.method === 'POST' && /^\/automatic-calls(\.json)?$/.test(received.path)) {
      dialler.dial().catch(() => {});
    }
  };

  const server: BulutfonFakeServer = {
    baseUrl: env.baseUrl,
    token: env.token,
    get state() {
      return state;
    },
    get sentMessages() {
      return state.sentMessages;
    },
    get placedCalls() {
      return state.placedCalls;
    },
    get webhookDeliveries() {
      return state.webhookDeliveries;
    },
    scriptCalls(number, ...outcomes) {
      state.callScripts.set(toBulutfonNumber(number), [...outcomes]);
    },
    dialCalls: () => dialler.dial(),
    receiveCall: (call) => dialler.receiveCall(call),
    requests,
    async handle(request) {
      const received = await describeRequest(request, basePath);
      if (options.recordRequests !== false) requests.push(received);
      const fault = takeFault(faults, received);
      if (fault?.delayMs) await delay(fault.delayMs, request.signal);
      if (fault && fault.fault !== 'slow' && fault.fault !== 'timeout') return faultAnswer(fault);
      const response = await answer(env, state, received);
      if (response.ok) afterAnswer(received);
      if (fault?.fault !== 'timeout') return response;
      // The request is handled (an SMS or a call goes out), and the answer is lost.
      return hangUntilAborted(request.signal);
    },
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request && init === undefined ? input : new Request(input, init);
      const response = await server.handle(request);
      // A broken connection, as `fetch` reports one.
      if (response.type === 'error') {
        throw Object.assign(new TypeError('fetch failed'), {
          cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
        });
      }
      return response;
    }) as typeof globalThis.fetch,
    failNext(fault, faultOptions) {
      queueFault(faults, fault, faultOptions);
    },
    clearFaults() {
      faults = [];
    },
    expireTokens() {
      for (const info of state.tokens.values()) info.expiresAt = env.now();
    },
    issueAuthorizationCode: (redirectUri) => issueAuthorizationCode(env, state, redirectUri),
    issueOAuthTokens: () => issueOAuthTokens(env, state),
    setRecording(uuid, file) {
      state.recordings.set(uuid, {
        bytes: file.bytes,
        size: file.bytes?.length ?? file.size ?? env.recordingSize,
        contentType: file.contentType ?? 'audio/ogg',
        fileName: `${uuid}.ogg`,
      });
    },
    reset() {
      state = createInitialState(env);
      requests.length = 0;
      faults = [];
    },
  };
  return server;
}
