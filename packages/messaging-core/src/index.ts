const MARKER = Symbol.for('x.messaging.error');

/** Base class of every error the @x packages throw. */
export class MessagingError extends Error {
  private readonly [MARKER] = true;

  /**
   * @param message - a description without secrets or personal data
   * @param options - the underlying cause, if any
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MessagingError';
  }

  /** Tells whether `error` is a MessagingError, even one created by another copy of this package. */
  static isInstance(error: unknown): error is MessagingError {
    return typeof error === 'object' && error !== null && MARKER in error;
  }
}
