import { maskPhoneNumbersInText } from '@x/messaging-core';
import { createRedactor, redactUrlWith } from './redact';
import type { ProviderRequestOptions } from './request-options';

/** What one call knows about itself, for its errors, its hooks and its response context. */
export class CallState {
  /** Status of the response, once headers arrived. */
  statusCode: number | undefined;
  /** Whether a handler took the body as a stream, which outlives the call (and follows the caller's signal). */
  streamed = false;
  /** Whether the call's own timeout fired. */
  timedOut = false;
  /** Hides the call's secrets in `text` (a function of its own, so it can be handed out). */
  readonly redact: (text: string) => string;
  #safeUrl: string | undefined;
  readonly #options: ProviderRequestOptions<unknown>;

  /**
   * @param options - the call's options
   * @param timeoutMs - the call's limit, for its timeout error
   */
  constructor(
    options: ProviderRequestOptions<unknown>,
    readonly timeoutMs: number,
  ) {
    this.#options = options;
    // The secrets' forms are worked out when something is first redacted (the URL, a body, an error), once per
    // call: a successful call without hooks never redacts anything.
    let redactor: ((text: string) => string) | undefined;
    this.redact = (text) => {
      redactor ??= createRedactor(options.secrets);
      return redactor(text);
    };
  }

  get providerId(): string {
    return this.#options.providerId;
  }

  get method(): string {
    return this.#options.method;
  }

  get idempotent(): boolean {
    return this.#options.idempotent;
  }

  get callerSignal(): AbortSignal | undefined {
    return this.#options.signal;
  }

  /**
   * The URL, secrets hidden and phone numbers masked (`?gsms=90532…`, `/blacklist/90532…` are personal data).
   * Computed when first shown (a hook, an error): a successful call without hooks never pays for it.
   */
  get safeUrl(): string {
    this.#safeUrl ??= maskPhoneNumbersInText(
      redactUrlWith(this.#options.url, this.redact, this.#options.redactQueryParams),
    );
    return this.#safeUrl;
  }
}
