import { delay } from '../delay';
import {
  ApiCallError,
  AuthenticationError,
  InsufficientBalanceError,
  InvalidSenderError,
  type MessagingError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  TimeoutError,
} from '../errors';
import { pushQueuedFault, takeQueuedFault } from '../fault-queue';
import type { CallOptionsV1 } from '../sms-provider/v1/sms-provider-v1';
import type { SandboxCall, SandboxFailOptions, SandboxFailure, SandboxMethod } from './sandbox-types';

/** A failure waiting for the next call (of one method, or of any). */
export interface QueuedFailure {
  failure: SandboxFailure | MessagingError;
  method?: SandboxMethod;
  retryAfterMs?: number;
  match?: (call: SandboxCall) => boolean;
  remaining: number;
}

/** The failures queued by `failNext`, oldest first. */
export type FaultQueue = QueuedFailure[];

/** The URL the sandbox puts on its errors. */
export function sandboxUrl(providerId: string, method: SandboxMethod): string {
  return `sandbox://${providerId}/${method}`;
}

/** Queues `failure` for the next `options.times` calls (of `options.method`, or of any method). */
export function queueFailure(
  queue: FaultQueue,
  failure: SandboxFailure | MessagingError,
  options: SandboxFailOptions,
): void {
  pushQueuedFault(
    queue,
    {
      failure,
      ...(options.method === undefined ? {} : { method: options.method }),
      ...(options.retryAfterMs === undefined ? {} : { retryAfterMs: options.retryAfterMs }),
      ...(options.match === undefined ? {} : { match: options.match }),
    },
    options.times,
  );
}

/** Takes one use of the oldest failure queued for `call`, if any. */
export function takeFailure(queue: FaultQueue, call: SandboxCall): QueuedFailure | undefined {
  return takeQueuedFault(
    queue,
    (queued) =>
      (queued.method === undefined || queued.method === call.method) && (queued.match?.(call) ?? true),
  );
}

/** The typed error a real provider would fail with, for a queued failure. */
export function simulatedError(
  providerId: string,
  queued: QueuedFailure,
  method: SandboxMethod,
  timeoutMs = 30_000,
): MessagingError {
  if (typeof queued.failure !== 'string') return queued.failure;
  const url = sandboxUrl(providerId, method);
  const common = { providerId, url, method: 'POST' };
  switch (queued.failure) {
    case 'auth':
      return new AuthenticationError({
        ...common,
        message: `${providerId}: the API key was refused.`,
        statusCode: 401,
      });
    case 'insufficient-balance':
      return new InsufficientBalanceError({
        ...common,
        message: `${providerId}: insufficient balance.`,
        statusCode: 402,
      });
    case 'rate-limit':
      return new RateLimitError({
        ...common,
        message: `${providerId}: too many requests.`,
        statusCode: 429,
        retryAfterMs: queued.retryAfterMs,
      });
    case 'server-error':
      return new ApiCallError({
        ...common,
        message: `${providerId}: server error (HTTP 500).`,
        statusCode: 500,
        isRetryable: true,
        maybeDelivered: method === 'sendSms',
      });
    case 'timeout':
      return new TimeoutError({
        providerId,
        url,
        message: `${providerId}: ${method} did not complete in time.`,
        timeoutMs,
        maybeDelivered: method === 'sendSms',
      });
    case 'network':
      return new NetworkError({
        providerId,
        url,
        code: 'ECONNREFUSED',
        message: `${providerId}: could not connect (ECONNREFUSED).`,
        maybeDelivered: false,
      });
    case 'invalid-sender':
      return new InvalidSenderError({
        ...common,
        message: `${providerId}: the sender is not approved.`,
        statusCode: 400,
      });
    case 'not-found':
      return new NotFoundError({ ...common, message: `${providerId}: not found.`, statusCode: 404 });
  }
}

/**
 * Throws the queued failure. A `'timeout'` first waits out the call's `timeoutMs` (default 30 s) like a provider
 * that never answers; the caller's signal ends the wait with its reason.
 */
export async function raiseFailure(
  providerId: string,
  queued: QueuedFailure,
  method: SandboxMethod,
  callOptions: CallOptionsV1 | undefined,
): Promise<never> {
  if (queued.failure === 'timeout') {
    const timeoutMs = callOptions?.timeoutMs ?? 30_000;
    await delay(timeoutMs, callOptions?.signal);
    throw simulatedError(providerId, queued, method, timeoutMs);
  }
  throw simulatedError(providerId, queued, method);
}
