import { ValidationError, type ValidationIssue } from '@x/messaging-core';

const CONFIG_ERROR_MARKER = Symbol.for('x.messaging.error.ConfigError');

/** Formats a path the way configuration files are read: `shops.demo.rules.status.completed`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part) => (typeof part === 'number' ? `[${part}]` : String(part)))
    .join('.')
    .replace(/\.\[/g, '[');
}

/**
 * A notification configuration (or a template given to the engine) was refused. The message names every
 * problem with its location, for example
 * `shops.demo.rules.status.completed.customerTemplate: unknown variable {foo}`; `issues` has them one by one.
 */
export class ConfigError extends ValidationError {
  /** @param options - the problems found; the message is built from them */
  constructor(options: { issues: readonly ValidationIssue[]; message?: string; cause?: unknown }) {
    const summary = options.issues
      .map((issue) => (issue.path.length > 0 ? `${formatPath(issue.path)}: ${issue.message}` : issue.message))
      .join('; ');
    super({
      message: options.message ?? `Invalid notification configuration: ${summary}`,
      issues: options.issues,
      target: 'config',
      cause: options.cause,
    });
    this.name = 'ConfigError';
    Object.defineProperty(this, CONFIG_ERROR_MARKER, { value: true });
  }

  /** Tells whether `error` is a ConfigError, even when created by another copy of this package. */
  static override isInstance(error: unknown): error is ConfigError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[CONFIG_ERROR_MARKER] === true
    );
  }
}
