import { MessagingError } from '@x/messaging-core';

const ADMIN_ACTION_ERROR_MARKER = Symbol.for('x.messaging.error.AdminActionError');

/**
 * Why an operator's action was refused, as the admin API answers it: `not_found` (404), the others 409.
 * - `not_retryable`: only a `failed` or `dead` message can be retried;
 * - `not_cancellable`: only a `queued` message can be cancelled;
 * - `not_unknown`: only an `unknown` message can be resolved;
 * - `version_conflict`: the templates were saved by someone else since `baseVersion`.
 */
export type AdminActionCode =
  | 'not_found'
  | 'not_retryable'
  | 'not_cancellable'
  | 'not_unknown'
  | 'version_conflict';

/** An operator's action that the state of the message or of the templates does not allow. Nothing was changed. */
export class AdminActionError extends MessagingError {
  /** What prevented it. */
  readonly code: AdminActionCode;

  /** @param options - the code and a message in plain words (no personal data) */
  constructor(options: { code: AdminActionCode; message: string }) {
    super({ message: options.message });
    this.name = 'AdminActionError';
    this.code = options.code;
    Object.defineProperty(this, ADMIN_ACTION_ERROR_MARKER, { value: true });
  }

  /** Tells whether `error` is an AdminActionError, even when created by another copy of this package. */
  static override isInstance(error: unknown): error is AdminActionError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[ADMIN_ACTION_ERROR_MARKER] === true
    );
  }
}
