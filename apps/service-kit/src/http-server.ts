import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, LogController } from 'fastify';
import type { Logger } from 'pino';

declare module 'fastify' {
  interface FastifyRequest {
    /** The exact bytes of the request body, kept for signature checks. */
    rawBody?: Buffer;
  }
}

/** The answer of `GET /health`. */
export interface HealthReport {
  status: 'ok' | 'shutting-down' | 'unhealthy';
  [key: string]: unknown;
}

/** Options of {@link createHttpServer}. */
export interface HttpServerOptions {
  /** The service's logger (see `createLogger`). */
  logger: Logger;
  /** Largest accepted body in bytes; larger bodies get 413. Default 1 MiB. */
  bodyLimitBytes?: number;
  /** Trust `X-Forwarded-*` headers (behind a reverse proxy). */
  trustProxy?: boolean;
  /** Reports the service's state for `GET /health`; `{ status: 'ok' }` when omitted. */
  health?: () => HealthReport | Promise<HealthReport>;
}

/** The JSON shape of every error answer: `{ error: { code, message } }`. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/**
 * Sends an error answer in the service's JSON shape.
 * @param reply - the Fastify reply
 * @param statusCode - the HTTP status
 * @param code - a stable, machine-readable code (`invalid_signature`, `unknown_shop`...)
 * @param message - a description for people, without personal data or secrets
 */
export function sendError(
  reply: FastifyReply,
  statusCode: number,
  code: string,
  message: string,
): FastifyReply {
  const body: ErrorBody = { error: { code, message } };
  return reply.code(statusCode).send(body);
}

function badRequest(message: string): FastifyError {
  const error = new Error(message) as FastifyError;
  error.statusCode = 400;
  error.code = 'malformed_body';
  return error;
}

/**
 * Creates the Fastify server shared by the order-notification apps:
 * - JSON bodies are parsed from a captured raw buffer (`request.rawBody`, for signatures); malformed JSON is
 *   answered 400, form-encoded bodies (WooCommerce's creation ping) are parsed too, other types are kept raw;
 * - bodies above `bodyLimitBytes` (1 MiB) are answered 413;
 * - `GET /health` reports the service's state (503 while shutting down);
 * - every error answer is `{ error: { code, message } }` and 5xx details are only logged.
 * @param options - logger, limits and health reporter
 * @returns the server, not listening yet; register routes, then `listen()` or `inject()`
 */
export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger,
    bodyLimit: options.bodyLimitBytes ?? 1_048_576,
    trustProxy: options.trustProxy ?? false,
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    keepAliveTimeout: 65_000,
  }) as unknown as FastifyInstance;

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    /^application\/([\w.+-]+\+)?json(;|$)/,
    { parseAs: 'buffer' },
    (request, body: Buffer, done) => {
      const buffer = body;
      request.rawBody = buffer;
      try {
        done(null, JSON.parse(buffer.toString('utf8')));
      } catch {
        done(badRequest('The body is not valid JSON'), undefined);
      }
    },
  );
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'buffer' },
    (request, body: Buffer, done) => {
      const buffer = body;
      request.rawBody = buffer;
      done(null, Object.fromEntries(new URLSearchParams(buffer.toString('utf8'))));
    },
  );
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    request.rawBody = body;
    done(null, body);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const statusCode =
      typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    if (statusCode >= 500) {
      request.log.error({ err: error, url: request.routeOptions.url }, 'request failed');
      return sendError(reply, statusCode, 'internal_error', 'The request could not be processed; try again');
    }
    if (statusCode === 413)
      return sendError(reply, 413, 'body_too_large', 'The body is larger than the limit');
    if (error.code === 'malformed_body') return sendError(reply, 400, 'malformed_body', error.message);
    if (statusCode === 415)
      return sendError(reply, 415, 'unsupported_media_type', 'Unsupported content type');
    return sendError(reply, statusCode, error.code ?? 'bad_request', error.message);
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, 404, 'not_found', 'No such route'));

  app.get('/health', async (_request, reply) => {
    const report = options.health ? await options.health() : { status: 'ok' as const };
    return reply.code(report.status === 'ok' ? 200 : 503).send(report);
  });
  return app;
}
