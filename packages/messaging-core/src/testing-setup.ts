import type { FakeServerFault } from './fake-server-fault';
import type { SmsProviderV1 } from './sms-provider/v1/sms-provider-v1';

/**
 * A failure the provider's fake server must produce for the next request: one of the shared
 * {@link FakeServerFault}s, or `'none'` to clear.
 */
export type ConformanceFailure = FakeServerFault | 'none';

/**
 * One SMS your fake server accepted, decoded from what it received. Report every field your fake server can
 * see; the kit checks that a setting given to `sendSms` arrived here (or that the provider warned it was not
 * supported).
 */
export interface ConformanceSentMessage {
  /** The recipient, in any notation. */
  to: string;
  /** The text as the fake server decoded it. */
  text: string;
  /** The sender id (başlık / title) the request named. */
  from?: string;
  /** When the request asked the message to go out (for a scheduled send). */
  sendAt?: Date;
  /**
   * The client reference the request carried, as the caller gave it. The kit's reference is digits only, so a
   * provider whose API numbers its references (Organik's `track_id`) carries it unchanged.
   */
  reference?: string;
  /** The idempotency (deduplication) key the request carried. */
  idempotencyKey?: string;
}

/** What a provider package gives the kit for each test. */
export interface ConformanceSetup {
  /** The provider under test, talking to your fake server. */
  provider: SmsProviderV1;
  /**
   * Credentials the provider uses. None may appear in a thrown error (its message, `String(error)`, `toJSON()`,
   * properties and `cause` chain) or in a logged value, raw or encoded (URL, form, base64, base64url, JSON).
   */
  secrets: string[];
  /** Everything the provider's hooks logged during the test (the kit checks it holds no secret). */
  logs: unknown[];
  /**
   * Makes the fake server answer the next request(s) with this failure, as the real provider would:
   * `'timeout'` means the server accepts the request and never answers (the kit calls with a short
   * `timeoutMs`); `'rate-limit'` answers with `Retry-After` = `options.retryAfterMs`; `'none'` clears.
   */
  simulate(failure: ConformanceFailure, options?: { retryAfterMs?: number }): void;
  /** A recipient the fake server accepts, in any notation. */
  validRecipient: string;
  /** A second accepted recipient, for multi-recipient sends (default `'+905301234567'`). */
  secondRecipient?: string;
  /** A recipient the provider refuses (after `simulate('invalid-number')`). */
  invalidRecipient: string;
  /**
   * A sender id the fake server accepts that is NOT the one the provider uses by default: the kit sends with
   * `from` set to it and expects the fake server to report it (or an `unsupported-setting` warning for `from`).
   */
  sender: string;
  /** The messages your fake server accepted for delivery so far, decoded. */
  sentMessages(): ConformanceSentMessage[];
  /** The `timeoutMs` the kit passes when it expects a timeout (default 300). */
  timeoutMs?: number;
  /** Stops servers, restores fetch... */
  teardown?(): void | Promise<void>;
}
