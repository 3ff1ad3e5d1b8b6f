/**
 * The error family of every @x messaging package.
 *
 * Each class carries a `Symbol.for(...)` marker so that its static `isInstance` (`RateLimitError.isInstance(error)`,
 * `ApiCallError.isInstance(error)`...) works even when two copies of this package are installed (a plugin and its
 * host each bringing their own). Prefer `isInstance` over `instanceof` in libraries.
 *
 * No error message, property or `toString()` ever contains a credential, a request header, a full phone
 * number or a message text: providers pass redacted URLs and bodies, and phone numbers are masked.
 */

const PREFIX = 'x.messaging.error';
const BASE_MARKER = Symbol.for(PREFIX);

/** What broke, as a stable string a program can switch on. */
export type MessagingErrorKind =
  | 'api-call'
  | 'authentication'
  | 'rate-limit'
  | 'insufficient-balance'
  | 'invalid-recipient'
  | 'invalid-sender'
  | 'blacklisted'
  | 'not-found'
  | 'message-too-long'
  | 'validation'
  | 'timeout'
  | 'network'
  | 'load-setting'
  | 'unsupported'
  | 'unknown';

/** Options shared by every error of the family. */
export interface MessagingErrorOptions {
  /** A description for people; must not contain secrets or personal data. */
  message: string;
  /** The underlying error, if any. */
  cause?: unknown;
  /** The provider that produced the error (`'organik'`, `'bulutfon'`, ...). */
  providerId?: string;
  /** The provider's own error code, as a string (`'103'`, `'Token expired'`...). */
  providerCode?: string | number;
  /** Whether the same call may succeed if tried again later. */
  isRetryable?: boolean;
  /**
   * Whether the provider may have accepted the request although the call failed (a timeout after the body was
   * sent, a connection reset mid-response). A send with `maybeDelivered: true` must not be retried blindly.
   */
  maybeDelivered?: boolean;
}

function markerOf(name: string): symbol {
  return Symbol.for(`${PREFIX}.${name}`);
}

function hasMarker(error: unknown, marker: symbol): boolean {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
}

/** Base class of every error the @x packages throw. */
export class MessagingError extends Error {
  /** Stable classification of the error. */
  readonly kind: MessagingErrorKind = 'unknown';
  /** The provider that produced the error, if any. */
  readonly providerId: string | undefined;
  /** The provider's own error code, if any. */
  readonly providerCode: string | undefined;
  /** Whether the same call may succeed if tried again later. */
  readonly isRetryable: boolean;
  /** Whether the provider may have acted on the request although the call failed. */
  readonly maybeDelivered: boolean;

  /**
   * @param options - message, cause and classification; see {@link MessagingErrorOptions}
   */
  constructor(options: MessagingErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MessagingError';
    this.providerId = options.providerId;
    this.providerCode = options.providerCode === undefined ? undefined : String(options.providerCode);
    this.isRetryable = options.isRetryable ?? false;
    this.maybeDelivered = options.maybeDelivered ?? false;
    Object.defineProperty(this, BASE_MARKER, { value: true });
  }

  /** Tells whether `error` belongs to this family, even when created by another copy of this package. */
  static isInstance(error: unknown): error is MessagingError {
    return hasMarker(error, BASE_MARKER);
  }

  /** A JSON-safe view of the error (for logs): no cause chain, no secrets. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      providerId: this.providerId,
      providerCode: this.providerCode,
      isRetryable: this.isRetryable,
      maybeDelivered: this.maybeDelivered,
    };
  }
}

/**
 * Declares a marker for `Class` and stamps it on every instance. Each class calls it once, right after its
 * declaration, so `Class.isInstance` and the marker stay in one place.
 */
function brand(name: string): { marker: symbol; stamp(target: object): void; test(error: unknown): boolean } {
  const marker = markerOf(name);
  return {
    marker,
    stamp: (target) => Object.defineProperty(target, marker, { value: true }),
    test: (error) => hasMarker(error, marker),
  };
}

const apiCallBrand = brand('ApiCallError');

/** Options of {@link ApiCallError} and its subclasses. */
export interface ApiCallErrorOptions extends MessagingErrorOptions {
  /** The request URL with every secret replaced by `***`. */
  url: string;
  /** HTTP method of the request. */
  method?: string;
  /** HTTP status, when a response arrived. */
  statusCode?: number;
  /** The provider's request id, when it sent one. */
  requestId?: string;
  /** A short, redacted excerpt of the response body. */
  responseBody?: string;
  /** Response headers (never request headers). */
  responseHeaders?: Record<string, string>;
}

/** A call to a provider's API failed: a non-success HTTP status, an error envelope, or an unreadable body. */
export class ApiCallError extends MessagingError {
  override readonly kind: MessagingErrorKind = 'api-call';
  /** The request URL, secrets redacted. */
  readonly url: string;
  /** HTTP method of the request. */
  readonly method: string | undefined;
  /** HTTP status, when a response arrived. */
  readonly statusCode: number | undefined;
  /** The provider's request id, if any. */
  readonly requestId: string | undefined;
  /** A short, redacted excerpt of the response body. */
  readonly responseBody: string | undefined;
  /** Response headers. */
  readonly responseHeaders: Record<string, string> | undefined;

  /** @param options - see {@link ApiCallErrorOptions} */
  constructor(options: ApiCallErrorOptions) {
    super(options);
    this.name = 'ApiCallError';
    this.url = options.url;
    this.method = options.method;
    this.statusCode = options.statusCode;
    this.requestId = options.requestId;
    this.responseBody = options.responseBody;
    this.responseHeaders = options.responseHeaders;
    apiCallBrand.stamp(this);
  }

  /** Tells whether `error` is an ApiCallError (or a subclass), across package copies. */
  static override isInstance(error: unknown): error is ApiCallError {
    return apiCallBrand.test(error);
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      url: this.url,
      method: this.method,
      statusCode: this.statusCode,
      requestId: this.requestId,
    };
  }
}

const authenticationBrand = brand('AuthenticationError');
/** The credentials were refused (wrong or expired key or token, IP not allowed, missing permission). */
export class AuthenticationError extends ApiCallError {
  override readonly kind: MessagingErrorKind = 'authentication';
  /** @param options - see {@link ApiCallErrorOptions} */
  constructor(options: ApiCallErrorOptions) {
    super(options);
    this.name = 'AuthenticationError';
    authenticationBrand.stamp(this);
  }
  /** Tells whether `error` is an AuthenticationError, across package copies. */
  static override isInstance(error: unknown): error is AuthenticationError {
    return authenticationBrand.test(error);
  }
}

const rateLimitBrand = brand('RateLimitError');
/** Options of {@link RateLimitError}. */
export interface RateLimitErrorOptions extends ApiCallErrorOptions {
  /** How long the provider asked to wait, in milliseconds, when it said so. */
  retryAfterMs?: number;
}
/** The provider refused the call because of too many requests. Always retryable, never delivered. */
export class RateLimitError extends ApiCallError {
  override readonly kind: MessagingErrorKind = 'rate-limit';
  /** How long to wait before trying again, when the provider said so. */
  readonly retryAfterMs: number | undefined;
  /** @param options - see {@link RateLimitErrorOptions} */
  constructor(options: RateLimitErrorOptions) {
    super({ ...options, isRetryable: true, maybeDelivered: false });
    this.name = 'RateLimitError';
    this.retryAfterMs = options.retryAfterMs;
    rateLimitBrand.stamp(this);
  }
  /** Tells whether `error` is a RateLimitError, across package copies. */
  static override isInstance(error: unknown): error is RateLimitError {
    return rateLimitBrand.test(error);
  }
}

const insufficientBalanceBrand = brand('InsufficientBalanceError');
/** The account has not enough credit (or TL for foreign numbers) for the send. */
export class InsufficientBalanceError extends ApiCallError {
  override readonly kind: MessagingErrorKind = 'insufficient-balance';
  /** @param options - see {@link ApiCallErrorOptions} */
  constructor(options: ApiCallErrorOptions) {
    super(options);
    this.name = 'InsufficientBalanceError';
    insufficientBalanceBrand.stamp(this);
  }
  /** Tells whether `error` is an InsufficientBalanceError, across package copies. */
  static override isInstance(error: unknown): error is InsufficientBalanceError {
    return insufficientBalanceBrand.test(error);
  }
}

const invalidRecipientBrand = brand('InvalidRecipientError');
/** Options of {@link InvalidRecipientError}. */
export interface InvalidRecipientErrorOptions extends ApiCallErrorOptions {
  /** The recipient, masked (`+90532*****67`). */
  recipient?: string;
  /** Whether the number was refused because it is on a blacklist / opt-out list. */
  blacklisted?: boolean;
}
/** The provider refused a recipient: malformed, unknown, or blacklisted number. */
export class InvalidRecipientError extends ApiCallError {
  override readonly kind: MessagingErrorKind;
  /** The recipient, masked. */
  readonly recipient: string | undefined;
  /** Whether the number is on a blacklist / opt-out list. */
  readonly blacklisted: boolean;
  /** @param options - see {@link InvalidRecipientErrorOptions} */
  constructor(options: InvalidRecipientErrorOptions) {
    super(options);
    this.name = 'InvalidRecipientError';
    this.recipient = options.recipient;
    this.blacklisted = options.blacklisted ?? false;
    this.kind = this.blacklisted ? 'blacklisted' : 'invalid-recipient';
    invalidRecipientBrand.stamp(this);
  }
  /** Tells whether `error` is an InvalidRecipientError, across package copies. */
  static override isInstance(error: unknown): error is InvalidRecipientError {
    return invalidRecipientBrand.test(error);
  }
}

const invalidSenderBrand = brand('InvalidSenderError');
/** The sender id (başlık / title) is unknown, not approved or disabled. */
export class InvalidSenderError extends ApiCallError {
  override readonly kind: MessagingErrorKind = 'invalid-sender';
  /** @param options - see {@link ApiCallErrorOptions} */
  constructor(options: ApiCallErrorOptions) {
    super(options);
    this.name = 'InvalidSenderError';
    invalidSenderBrand.stamp(this);
  }
  /** Tells whether `error` is an InvalidSenderError, across package copies. */
  static override isInstance(error: unknown): error is InvalidSenderError {
    return invalidSenderBrand.test(error);
  }
}

const notFoundBrand = brand('NotFoundError');
/** The requested resource does not exist (or the endpoint is gone). */
export class NotFoundError extends ApiCallError {
  override readonly kind: MessagingErrorKind = 'not-found';
  /** @param options - see {@link ApiCallErrorOptions} */
  constructor(options: ApiCallErrorOptions) {
    super(options);
    this.name = 'NotFoundError';
    notFoundBrand.stamp(this);
  }
  /** Tells whether `error` is a NotFoundError, across package copies. */
  static override isInstance(error: unknown): error is NotFoundError {
    return notFoundBrand.test(error);
  }
}

const invalidPhoneNumberBrand = brand('InvalidPhoneNumberError');
/** Options of {@link InvalidPhoneNumberError}. */
export interface InvalidPhoneNumberErrorOptions extends MessagingErrorOptions {
  /** The input, masked. */
  input?: string;
  /** Why the number was refused (`'too-short'`, `'invalid-country'`, `'not-a-number'`, ...). */
  reason: string;
}
/** A phone number could not be read as a valid number (found before any request). */
export class InvalidPhoneNumberError extends MessagingError {
  override readonly kind: MessagingErrorKind = 'invalid-recipient';
  /** The input, masked. */
  readonly input: string | undefined;
  /** Why the number was refused. */
  readonly reason: string;
  /** @param options - see {@link InvalidPhoneNumberErrorOptions} */
  constructor(options: InvalidPhoneNumberErrorOptions) {
    super(options);
    this.name = 'InvalidPhoneNumberError';
    this.input = options.input;
    this.reason = options.reason;
    invalidPhoneNumberBrand.stamp(this);
  }
  /** Tells whether `error` is an InvalidPhoneNumberError, across package copies. */
  static override isInstance(error: unknown): error is InvalidPhoneNumberError {
    return invalidPhoneNumberBrand.test(error);
  }
}

const messageTooLongBrand = brand('MessageTooLongError');
/** Options of {@link MessageTooLongError}. */
export interface MessageTooLongErrorOptions extends MessagingErrorOptions {
  /** The message type the text was measured for. */
  type: 'normal' | 'turkish' | 'unicode';
  /** Segments the text needs. */
  segments: number;
  /** Segments the provider allows. */
  maxSegments: number;
}
/** The text needs more segments than the provider allows (found before any request). */
export class MessageTooLongError extends MessagingError {
  override readonly kind: MessagingErrorKind = 'message-too-long';
  /** The message type the text was measured for. */
  readonly type: 'normal' | 'turkish' | 'unicode';
  /** Segments the text needs. */
  readonly segments: number;
  /** Segments the provider allows. */
  readonly maxSegments: number;
  /** @param options - see {@link MessageTooLongErrorOptions} */
  constructor(options: MessageTooLongErrorOptions) {
    super(options);
    this.name = 'MessageTooLongError';
    this.type = options.type;
    this.segments = options.segments;
    this.maxSegments = options.maxSegments;
    messageTooLongBrand.stamp(this);
  }
  /** Tells whether `error` is a MessageTooLongError, across package copies. */
  static override isInstance(error: unknown): error is MessageTooLongError {
    return messageTooLongBrand.test(error);
  }
}

/** One problem found while validating input or a response (structurally a zod issue). */
export interface ValidationIssue {
  /** Where the problem is (`['to', 2]`). */
  path: readonly PropertyKey[];
  /** What is wrong. Must not echo secret or personal values. */
  message: string;
  /** A machine-readable code (zod's `code`). */
  code?: string;
}

const validationBrand = brand('ValidationError');
/** Options of {@link ValidationError}. */
export interface ValidationErrorOptions extends MessagingErrorOptions {
  /** The problems found. */
  issues: readonly ValidationIssue[];
  /** What was validated: `'request'`, `'response'`, `'settings'`, `'webhook'`... */
  target?: string;
}
/** Input (or a provider's response) did not have the expected shape. */
export class ValidationError extends MessagingError {
  override readonly kind: MessagingErrorKind = 'validation';
  /** The problems found. */
  readonly issues: readonly ValidationIssue[];
  /** What was validated. */
  readonly target: string | undefined;
  /** @param options - see {@link ValidationErrorOptions} */
  constructor(options: ValidationErrorOptions) {
    super(options);
    this.name = 'ValidationError';
    this.issues = options.issues;
    this.target = options.target;
    validationBrand.stamp(this);
  }
  /** Tells whether `error` is a ValidationError, across package copies. */
  static override isInstance(error: unknown): error is ValidationError {
    return validationBrand.test(error);
  }
}

const timeoutBrand = brand('TimeoutError');
/** Options of {@link TimeoutError}. */
export interface TimeoutErrorOptions extends MessagingErrorOptions {
  /** The limit that was reached, in milliseconds. */
  timeoutMs: number;
  /** The request URL, secrets redacted. */
  url?: string;
}
/** The call did not complete in time (the limit covers reading the body too). */
export class TimeoutError extends MessagingError {
  override readonly kind: MessagingErrorKind = 'timeout';
  /** The limit that was reached, in milliseconds. */
  readonly timeoutMs: number;
  /** The request URL, secrets redacted. */
  readonly url: string | undefined;
  /** @param options - see {@link TimeoutErrorOptions} */
  constructor(options: TimeoutErrorOptions) {
    super({ isRetryable: true, ...options });
    this.name = 'TimeoutError';
    this.timeoutMs = options.timeoutMs;
    this.url = options.url;
    timeoutBrand.stamp(this);
  }
  /** Tells whether `error` is a TimeoutError, across package copies. */
  static override isInstance(error: unknown): error is TimeoutError {
    return timeoutBrand.test(error);
  }
}

const networkBrand = brand('NetworkError');
/** Options of {@link NetworkError}. */
export interface NetworkErrorOptions extends MessagingErrorOptions {
  /** The request URL, secrets redacted. */
  url?: string;
  /** The system error code, when known (`'ECONNREFUSED'`, `'ENOTFOUND'`, `'ECONNRESET'`...). */
  code?: string;
}
/** The request could not be made or the connection broke. `maybeDelivered` tells which. */
export class NetworkError extends MessagingError {
  override readonly kind: MessagingErrorKind = 'network';
  /** The request URL, secrets redacted. */
  readonly url: string | undefined;
  /** The system error code, when known. */
  readonly code: string | undefined;
  /** @param options - see {@link NetworkErrorOptions} */
  constructor(options: NetworkErrorOptions) {
    super({ isRetryable: true, ...options });
    this.name = 'NetworkError';
    this.url = options.url;
    this.code = options.code;
    networkBrand.stamp(this);
  }
  /** Tells whether `error` is a NetworkError, across package copies. */
  static override isInstance(error: unknown): error is NetworkError {
    return networkBrand.test(error);
  }
}

const loadSettingBrand = brand('LoadSettingError');
/** A required setting (an API key, a token) was given neither as an option nor in the environment. */
export class LoadSettingError extends MessagingError {
  override readonly kind: MessagingErrorKind = 'load-setting';
  /** @param options - message naming both the option and the environment variable */
  constructor(options: MessagingErrorOptions) {
    super(options);
    this.name = 'LoadSettingError';
    loadSettingBrand.stamp(this);
  }
  /** Tells whether `error` is a LoadSettingError, across package copies. */
  static override isInstance(error: unknown): error is LoadSettingError {
    return loadSettingBrand.test(error);
  }
}

const unsupportedBrand = brand('UnsupportedFunctionalityError');
/** The provider cannot do what was asked (a method or setting it does not support). */
export class UnsupportedFunctionalityError extends MessagingError {
  override readonly kind: MessagingErrorKind = 'unsupported';
  /** @param options - message naming the functionality */
  constructor(options: MessagingErrorOptions) {
    super(options);
    this.name = 'UnsupportedFunctionalityError';
    unsupportedBrand.stamp(this);
  }
  /** Tells whether `error` is an UnsupportedFunctionalityError, across package copies. */
  static override isInstance(error: unknown): error is UnsupportedFunctionalityError {
    return unsupportedBrand.test(error);
  }
}
