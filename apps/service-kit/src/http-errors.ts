import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import {
  ApiCallError,
  InvalidSenderError,
  type MessagingError,
  NetworkError,
  TimeoutError,
  ValidationError,
} from '@x/messaging-core';
import type { FastifyError, FastifyReply } from 'fastify';

/**
 * A failed call to a provider or a shop that a route let through: its answer (an error status, or a 2xx that
 * could not be read), its time limit or its network. The server answers it 502 ({@link providerFailureAnswer});
 * the admin routes leave it to the server instead of reading it as the caller's bad input.
 * @param error - what a route threw
 */
export function isProviderFailure(error: unknown): error is MessagingError {
  return (
    ApiCallError.isInstance(error) ||
    TimeoutError.isInstance(error) ||
    NetworkError.isInstance(error) ||
    (ValidationError.isInstance(error) && error.target === 'response')
  );
}

/**
 * The answer to a provider's failure ({@link isProviderFailure}), always 502 (the provider's status is not the
 * request's), in the service's one error format:
 * - `provider_setup` when the provider refused the shop's own sender or calling number (`InvalidSenderError`: an
 *   SMS sender id it has not approved, a PBX number the account does not own): the shop's settings or its
 *   account must change, and the same request fails again until they do;
 * - `provider_error` for any other failure (a refused credential, a time limit, a server error), which may pass.
 * The message names the provider and the error's kind, never the error's own text (the provider's answer, a
 * number).
 * @param error - the provider's failure
 */
export function providerFailureAnswer(error: MessagingError): { code: string; message: string } {
  const provider = error.providerId ?? 'provider';
  if (InvalidSenderError.isInstance(error)) {
    return {
      code: 'provider_setup',
      message:
        `The ${provider} account refused the caller number or sender set for this shop: check the shop's PBX ` +
        `number (voice.pbxNumber) or SMS sender (sender), and that the ${provider} account owns or has approved it`,
    };
  }
  return { code: 'provider_error', message: `The ${provider} call failed (${error.kind}); see the log` };
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

interface ErrorAnswer {
  statusCode: number;
  code: string;
  message: string;
}

/** Answers to the errors Node's HTTP parser reports before a request reaches Fastify, by error code. */
const CLIENT_ERRORS: Readonly<Record<string, ErrorAnswer>> = {
  ERR_HTTP_REQUEST_TIMEOUT: {
    statusCode: 408,
    code: 'request_timeout',
    message: 'The request was not received in time',
  },
  HPE_HEADER_OVERFLOW: {
    statusCode: 431,
    code: 'headers_too_large',
    message: 'The request headers are too large',
  },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: {
    statusCode: 413,
    code: 'body_too_large',
    message: 'The chunk extensions are too large',
  },
};

const MALFORMED_REQUEST: ErrorAnswer = {
  statusCode: 400,
  code: 'bad_request',
  message: 'The request is not valid HTTP',
};

/**
 * Answers an error of the connection itself (Node's `clientError`: a request not received in time, headers
 * too large, a malformed request) in the service's JSON shape, then closes the connection. Nothing is written
 * when the connection is gone, or when an answer on it has already begun (that would corrupt it).
 * @param error - the error Node reported
 * @param socket - the client's connection
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const answer = CLIENT_ERRORS[error.code ?? ''] ?? MALFORMED_REQUEST;
  const answering = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && answering?.headersSent !== true) {
    const body = JSON.stringify({
      error: { code: answer.code, message: answer.message },
    } satisfies ErrorBody);
    socket.write(
      `HTTP/1.1 ${answer.statusCode} ${STATUS_CODES[answer.statusCode]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(error);
}
/**
 * Answers the errors Fastify raises while routing (its `frameworkErrors`): a URL that does not decode, a path
 * parameter over the length limit.
 * @param error - Fastify's error
 * @param reply - the reply of the request
 */
export function answerFrameworkError(error: FastifyError, reply: FastifyReply): FastifyReply {
  if (error.code === 'FST_ERR_BAD_URL') return sendError(reply, 400, 'bad_url', 'The URL is not valid');
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return sendError(reply, 414, 'url_too_long', 'A part of the URL is too long');
  }
  reply.log.error({ err: error }, 'routing failed');
  return sendError(reply, 500, 'internal_error', 'The request could not be processed; try again');
}
