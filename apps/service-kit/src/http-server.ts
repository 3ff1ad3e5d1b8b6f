import Fastify, { type FastifyError, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from 'pino';
import { drainBody } from './body-drain';
import { fullTurn } from './event-loop';
import {
  answerClientError,
  answerFrameworkError,
  isProviderFailure,
  providerFailureAnswer,
  sendError,
} from './http-errors';
import { MAX_JSON_DEPTH, readBoundedJson } from './json-depth';
import { SERVER_DEFAULTS } from './service-settings';

declare module 'fastify' {
  interface FastifyRequest {
    /** The exact bytes of the request body, kept for signature checks. */
    rawBody?: Buffer;
    /**
     * Which parser read the body: `json` (`application/json`, `application/*+json`), `form`
     * (`application/x-www-form-urlencoded`, parsed into an object of strings) or `raw` (any other type, kept as
     * bytes). Routes that expect JSON check it: a form body is an object too.
     */
    bodyFormat?: 'json' | 'form' | 'raw';
  }
  interface FastifyInstance {
    /**
     * Whether the server is shutting down (set by `closeHttpServer`): every answer from then on carries
     * `Connection: close`, those of requests already in progress included, and its connection closes after it.
     */
    closing: boolean;
  }
}

/** The answer of `GET /health`. */
export interface HealthReport {
  status: 'ok' | 'shutting-down' | 'unhealthy';
  [key: string]: unknown;
}

/** Options of {@link createHttpServer}. Defaults are those of the configuration file's `server` section. */
export interface HttpServerOptions {
  /** The service's logger (see `createLogger`). */
  logger: Logger;
  /** Largest accepted body in bytes; larger bodies get 413. Default 1 MiB. */
  bodyLimitBytes?: number;
  /**
   * Most bytes of a body over the limit read and thrown away before the 413, so that the client reads it
   * (4 MiB); a body declared larger is not read, and its connection closes with the answer.
   */
  bodyDrainLimitBytes?: number;
  /** Trust `X-Forwarded-*` headers (behind a reverse proxy). */
  trustProxy?: boolean;
  /** Longest wait for a request's headers, from the connection (or the request's first byte) on (10 s). */
  headersTimeoutMs?: number;
  /** Longest wait for a whole request, headers and body (30 s); at least `headersTimeoutMs`. */
  requestTimeoutMs?: number;
  /** How long a kept-alive connection may stay idle between requests (65 s). */
  keepAliveTimeoutMs?: number;
  /** Most open connections; one beyond it is closed at once (1024). */
  maxConnections?: number;
  /** Reports the service's state for `GET /health`; `{ status: 'ok' }` when omitted. */
  health?: () => HealthReport | Promise<HealthReport>;
}

function badRequest(message: string): FastifyError {
  const error = new Error(message) as FastifyError;
  error.statusCode = 400;
  error.code = 'malformed_body';
  return error;
}

/**
 * How often Node looks for requests over their time limits: every second, or four times per headers timeout
 * when that is shorter, so that a slow client is answered at most that much after its limit.
 */
function timeoutCheckIntervalMs(headersTimeoutMs: number): number {
  return Math.min(1000, Math.ceil(headersTimeoutMs / 4));
}

/** Logs connections refused for `maxConnections`, at most once a second, with how many since the last line. */
function logDroppedConnections(app: FastifyInstance, maxConnections: number): void {
  let dropped = 0;
  let loggedAt = 0;
  app.server.on('drop', () => {
    dropped += 1;
    const now = Date.now();
    if (now - loggedAt < 1000) return;
    app.log.warn({ dropped, maxConnections }, 'connections refused: maxConnections reached');
    loggedAt = now;
    dropped = 0;
  });
}

/**
 * From this size on, a parsed JSON body is handed to its route after a full turn of the event loop. Reading and
 * parsing a body near the 1 MiB limit holds the loop for 10 to 20 ms, and the route's own work on such a body
 * (an order of thousands of lines) about as long again; done in one run, the two made one stall of over 50 ms.
 * Smaller bodies go straight on, as a yield would only add latency to them. Routes use the same size to split
 * their own work on a large body.
 */
export const LARGE_BODY_BYTES = 64 * 1024;

/**
 * The JSON, form-encoded and raw body parsers; each keeps the exact bytes in `request.rawBody` and says which
 * it was in `request.bodyFormat`.
 */
function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    /^application\/([\w.+-]+\+)?json(;|$)/,
    { parseAs: 'buffer' },
    (request, body: Buffer, done) => {
      request.rawBody = body;
      request.bodyFormat = 'json';
      const read = readBoundedJson(body);
      if (!read.ok) {
        const message =
          read.reason === 'too-deep'
            ? `The body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep`
            : 'The body is not valid JSON';
        done(badRequest(message), undefined);
        return;
      }
      if (body.length < LARGE_BODY_BYTES) done(null, read.value);
      else fullTurn().then(() => done(null, read.value), done);
    },
  );
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'buffer' },
    (request, body: Buffer, done) => {
      request.rawBody = body;
      request.bodyFormat = 'form';
      done(null, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
    },
  );
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    request.rawBody = body;
    request.bodyFormat = 'raw';
    done(null, body);
  });
}

/** Every error of a request, and unknown routes, answered `{ error: { code, message } }`. */
function registerErrorAnswers(app: FastifyInstance, drainLimitBytes: number): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (isProviderFailure(error)) {
      // A provider's (or a shop's) answer to the service is not this request's status: a Bulutfon 401 passed
      // on as a 401 would read as the caller's own credentials refused.
      request.log.warn({ err: error, url: request.routeOptions.url }, 'a provider call failed');
      const answer = providerFailureAnswer(error);
      return sendError(reply, 502, answer.code, answer.message);
    }
    const statusCode =
      typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    if (statusCode >= 500) {
      request.log.error({ err: error, url: request.routeOptions.url }, 'request failed');
      return sendError(reply, statusCode, 'internal_error', 'The request could not be processed; try again');
    }
    if (statusCode === 413) {
      // The connection closes after the answer; what the client is still sending is read first.
      reply.header('connection', 'close');
      await drainBody(request.raw, drainLimitBytes);
      return sendError(reply, 413, 'body_too_large', 'The body is larger than the limit');
    }
    if (error.code === 'malformed_body') return sendError(reply, 400, 'malformed_body', error.message);
    if (statusCode === 415)
      return sendError(reply, 415, 'unsupported_media_type', 'Unsupported content type');
    // Fastify's own codes (FST_ERR_...) are its vocabulary, not the service's.
    const code = error.code === undefined || error.code.startsWith('FST_') ? 'bad_request' : error.code;
    return sendError(reply, statusCode, code, error.message);
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, 404, 'not_found', 'No such route'));
}

/**
 * Creates the Fastify server shared by the order-notification apps:
 * - JSON bodies are parsed from a captured raw buffer (`request.rawBody`, for signatures); malformed JSON, and
 *   JSON nested more than `MAX_JSON_DEPTH` (128) levels deep, is answered 400 before it is parsed, form-encoded
 *   bodies (WooCommerce's creation ping) are parsed too, other types are kept raw;
 * - bodies above `bodyLimitBytes` (1 MiB) are answered 413, after reading what the client still sends (up to
 *   `bodyDrainLimitBytes`) so that it sees the answer, and the connection is closed;
 * - a request whose headers (or whole request) do not arrive within `headersTimeoutMs` (`requestTimeoutMs`)
 *   is answered 408 and its connection closed; idle kept-alive connections close after `keepAliveTimeoutMs`;
 *   connections beyond `maxConnections` are closed at once;
 * - `GET /health` reports the service's state (503 while shutting down);
 * - every error answer is `{ error: { code, message } }`, those of the connection itself (408, 431, a
 *   malformed request) and of routing (a URL that does not decode, 414) included; 5xx details are only logged;
 * - a provider's failure that a route lets through (a typed `ApiCallError`, `TimeoutError` or `NetworkError`) is
 *   answered 502 `provider_error`, never with the provider's own status; its refusal of the shop's own sender or
 *   calling number (`InvalidSenderError`) 502 `provider_setup`, asking to check the shop's settings.
 * @param options - logger, limits, time limits and health reporter
 * @returns the server, not listening yet; register routes, then `listen()` or `inject()`
 */
export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const headersTimeout = options.headersTimeoutMs ?? SERVER_DEFAULTS.headersTimeoutMs;
  const requestTimeout = options.requestTimeoutMs ?? SERVER_DEFAULTS.requestTimeoutMs;
  const maxConnections = options.maxConnections ?? SERVER_DEFAULTS.maxConnections;
  const app = Fastify({
    loggerInstance: options.logger,
    bodyLimit: options.bodyLimitBytes ?? SERVER_DEFAULTS.bodyLimitBytes,
    trustProxy: options.trustProxy ?? SERVER_DEFAULTS.trustProxy,
    logController: new LogController({ disableRequestLogging: true }),
    // Requests that reach the service while it shuts down are served (WooCommerce never resends a refused
    // delivery); see closeHttpServer.
    return503OnClosing: false,
    http: {
      headersTimeout,
      requestTimeout,
      connectionsCheckingInterval: timeoutCheckIntervalMs(headersTimeout),
    },
    // Fastify sets Node's requestTimeout from its own option (0, no limit, unless given).
    requestTimeout,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? SERVER_DEFAULTS.keepAliveTimeoutMs,
    clientErrorHandler: answerClientError,
    frameworkErrors: (error, _request, reply) => answerFrameworkError(error, reply),
  }) as unknown as FastifyInstance;
  app.decorate('closing', false);
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.server.closing) reply.header('connection', 'close');
    done(null, payload);
  });
  app.server.maxConnections = maxConnections;
  logDroppedConnections(app, maxConnections);
  registerBodyParsers(app);
  registerErrorAnswers(app, options.bodyDrainLimitBytes ?? SERVER_DEFAULTS.bodyDrainLimitBytes);
  app.get('/health', async (_request, reply) => {
    const report = options.health ? await options.health() : { status: 'ok' as const };
    return reply.code(report.status === 'ok' ? 200 : 503).send(report);
  });
  return app;
}
