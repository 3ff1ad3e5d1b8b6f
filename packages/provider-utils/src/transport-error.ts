import { MessagingError, NetworkError, TimeoutError } from '@x/messaging-core';
import { outcomeUnknown } from './api-call-error';
import type { CallState } from './call-state';

/** System error codes that prove the request never reached the server. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EAI_FAIL',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** TLS failures: never sent, and retrying will not help. */
const TLS_CODE_PATTERN = /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY|HOSTNAME/i;

/**
 * Finds a system error code (`ECONNREFUSED`, `UND_ERR_SOCKET`) on an error, its causes or the first of its
 * aggregated errors.
 * @param error - anything thrown by fetch or a body read
 * @returns the code, or undefined when there is none
 */
export function systemCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code.length > 0) return code;
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      const inner = systemCodeOf(errors[0]);
      if (inner) return inner;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * A copy of an underlying error that keeps its name, code and (redacted) message, and nothing else.
 * @param error - the underlying error
 * @param redact - hides the call's secrets
 */
export function sanitizeCause(error: unknown, redact: (text: string) => string): Error | undefined {
  if (!(error instanceof Error)) return undefined;
  const copy = new Error(redact(error.message));
  copy.name = error.name;
  const code = systemCodeOf(error);
  if (code) Object.defineProperty(copy, 'code', { value: code, enumerable: true });
  copy.stack = undefined;
  return copy;
}

/**
 * The error of a call whose own time limit ran out.
 * @param state - the call
 * @param cause - what the runtime threw when the call was aborted
 */
export function timeoutError(state: CallState, cause?: unknown): TimeoutError {
  return new TimeoutError({
    message: `${state.providerId}: ${state.method} ${state.safeUrl} did not complete within ${state.timeoutMs} ms.`,
    providerId: state.providerId,
    timeoutMs: state.timeoutMs,
    url: state.safeUrl,
    isRetryable: true,
    maybeDelivered: outcomeUnknown(state.statusCode, state.idempotent),
    cause: sanitizeCause(cause, state.redact),
  });
}

/** What failed, for the message of a {@link NetworkError}. */
function describeFailure(state: CallState, notSent: boolean, tls: boolean): string {
  if (notSent) return 'could not connect';
  if (tls) return 'failed the TLS handshake';
  return state.statusCode === undefined
    ? 'failed before a response arrived'
    : 'broke while the response was read';
}

/**
 * Classifies an error raised while sending the request or reading the response (not a handler's own error).
 * @param error - what fetch or the body read threw
 * @param state - the call
 * @returns the error to throw: the caller's abort reason, a TimeoutError or a NetworkError (a typed error passes
 *   through)
 */
export function classifyTransportError(error: unknown, state: CallState): unknown {
  if (state.callerSignal?.aborted) return state.callerSignal.reason;
  if (state.timedOut) return timeoutError(state, error);
  if (MessagingError.isInstance(error)) return error;
  const code = systemCodeOf(error);
  const beforeResponse = state.statusCode === undefined && code !== undefined;
  const notSent = beforeResponse && NOT_SENT_CODES.has(code);
  const tls = beforeResponse && TLS_CODE_PATTERN.test(code);
  return new NetworkError({
    message: `${state.providerId}: ${state.method} ${state.safeUrl} ${describeFailure(state, notSent, tls)}${code ? ` (${code})` : ''}.`,
    providerId: state.providerId,
    url: state.safeUrl,
    code,
    isRetryable: !tls,
    maybeDelivered: notSent || tls ? false : outcomeUnknown(state.statusCode, state.idempotent),
    cause: sanitizeCause(error, state.redact),
  });
}
