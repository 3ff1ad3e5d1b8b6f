import { maskPhoneNumbersInText } from '@x/messaging-core';
import { createRedactor, REDACTED } from '@x/provider-utils';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /** pino level: `fatal`, `error`, `warn`, `info` (default), `debug`, `trace` or `silent`. */
  level?: string;
  /**
   * Values that must never be printed (webhook secrets, tokens, passwords, the secrets providers declare);
   * replaced by `***` in their raw, URL-encoded, form-encoded and base64 forms.
   */
  secrets?: readonly (string | undefined)[];
  /** Where to write; standard output by default. Tests pass a stream to inspect the lines. */
  destination?: DestinationStream;
}

/** Header and field paths that are always censored, whatever their value. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-wc-webhook-signature"]',
  'req.headers["x-webhook-signature"]',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'headers["x-csrf-token"]',
  'password',
  'token',
  'apiKey',
  'secret',
  'cookie',
  'csrfToken',
  'sessionId',
  '*.password',
  '*.token',
  '*.apiKey',
  '*.secret',
  '*.cookie',
  '*.csrfToken',
  '*.sessionId',
];

/**
 * Credentials that are not known in advance (a console session's cookie and CSRF token, a bearer token, a
 * password hash): hidden wherever they appear in a string, whatever their value.
 */
const CREDENTIAL_PATTERNS: readonly [RegExp, string][] = [
  [/\b(x_admin_session=)[^;\s"']+/gi, `$1${REDACTED}`],
  [/\b(x-csrf-token["']?\s*[:=]\s*["']?)[^;\s"',}]+/gi, `$1${REDACTED}`],
  [/\b(csrfToken["']?\s*[:=]\s*["']?)[^;\s"',}]+/g, `$1${REDACTED}`],
  [/\b(bearer\s+)[^\s"',;]+/gi, `$1${REDACTED}`],
  [/scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+/g, `scrypt$${REDACTED}`],
];

function hideCredentials(text: string): string {
  let result = text;
  for (const [pattern, replacement] of CREDENTIAL_PATTERNS) result = result.replace(pattern, replacement);
  return result;
}

/**
 * Builds a function that scrubs one string: listed secrets become `***` (in every form `createRedactor` hides:
 * raw, encoded, escaped), so do credentials recognised by their form (a console session cookie, a CSRF token, a
 * bearer token, a password hash), then phone-number-like runs are masked.
 * @param secrets - values never to print
 */
export function createTextScrubber(secrets: readonly (string | undefined)[] = []): (text: string) => string {
  // Values under 4 characters would hide ordinary words and digits; no credential is that short.
  const redact = createRedactor(secrets.filter((value) => typeof value === 'string' && value.length >= 4));
  return (text) => maskPhoneNumbersInText(hideCredentials(redact(text)));
}

function scrubValue(value: unknown, scrub: (text: string) => string, depth: number): unknown {
  if (typeof value === 'string') return scrub(value);
  if (depth >= 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return { type: value.name, message: scrub(value.message), kind: (value as { kind?: unknown }).kind };
  }
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, scrub, depth + 1));
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) result[key] = scrubValue(item, scrub, depth + 1);
  return result;
}

/**
 * Creates the service's structured logger (pino, JSON lines). Every string in a log line, the message
 * included, has its phone numbers masked and the given secrets replaced; authorization and signature headers
 * are censored by path.
 * @param options - level, secrets and destination
 * @returns a pino logger
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const scrub = createTextScrubber(options.secrets);
  const loggerOptions: LoggerOptions = {
    level: options.level ?? 'info',
    base: undefined,
    redact: { paths: REDACTED_PATHS, censor: REDACTED },
    formatters: {
      log: (object) => scrubValue(object, scrub, 0) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((argument) => (typeof argument === 'string' ? scrub(argument) : argument));
        method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
  };
  return options.destination ? pino(loggerOptions, options.destination) : pino(loggerOptions);
}

export type { Logger } from 'pino';
