import { pushQueuedFault, takeQueuedFault } from '@x/messaging-core';
import { error, htmlPage, json } from './bulutfon-fake-responses';
import type {
  BulutfonFakeAnswer,
  BulutfonFakeFault,
  BulutfonFakeFaultOptions,
  BulutfonFakeRequest,
} from './bulutfon-fake-types';

/** The faults queued by `failNext`, and the answers Bulutfon (or what stands in front of it) gives for each. */

/** A fault waiting for its requests. */
export interface QueuedFault extends BulutfonFakeFaultOptions {
  fault: BulutfonFakeFault;
  remaining: number;
}

/** Queues a fault for the next `options.times` matching requests. */
export function queueFault(
  queue: QueuedFault[],
  fault: BulutfonFakeFault,
  options: BulutfonFakeFaultOptions = {},
): void {
  pushQueuedFault(queue, { ...options, fault }, options.times);
}

/** Takes one use of the oldest fault queued for `request`, if any. */
export function takeFault(queue: QueuedFault[], request: BulutfonFakeRequest): QueuedFault | undefined {
  return takeQueuedFault(queue, (queued) => queued.match?.(request) ?? true);
}

function customAnswer(answer: BulutfonFakeAnswer): Response {
  const body =
    answer.body === undefined
      ? null
      : typeof answer.body === 'string'
        ? answer.body
        : JSON.stringify(answer.body);
  return new Response(body, {
    status: answer.status,
    headers: {
      ...(typeof answer.body === 'object' ? { 'content-type': 'application/json' } : {}),
      ...answer.headers,
    },
  });
}

/**
 * The answer for a fault that replaces the normal one (every fault but `timeout` and `slow`, which the server
 * handles around the normal answer).
 */
export function faultAnswer(queued: QueuedFault): Response | Promise<Response> {
  const { fault } = queued;
  if (typeof fault === 'object') return customAnswer(fault);
  switch (fault) {
    case 'rate-limit':
      return json(
        { error: 'Too Many Requests' },
        429,
        queued.retryAfterSeconds === undefined ? {} : { 'retry-after': String(queued.retryAfterSeconds) },
      );
    case 'server-error':
      return htmlPage(500, '<h1>500 Internal Server Error</h1>');
    case 'html-error':
      return htmlPage(502, '<h1>502 Bad Gateway</h1>nginx');
    case 'malformed':
      return new Response('{"cdrs":[{"uuid":"abc", "direction":', {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    case 'empty':
      return new Response(null, { status: 400 });
    case 'expired-token':
      return error(401, 'Token expired');
    case 'auth':
      return error(401, 'Invalid access token');
    case 'insufficient-balance':
      return error(422, 'Insufficient SMS credit');
    case 'invalid-number':
      return error(422, 'Receivers are invalid');
    case 'reset':
      return Response.error();
    default:
      throw new Error(`the ${fault} fault is not an answer of its own`);
  }
}
