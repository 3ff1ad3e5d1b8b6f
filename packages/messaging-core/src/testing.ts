import { calculate } from '@x/sms-segments';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ApiCallError,
  AuthenticationError,
  InsufficientBalanceError,
  MessagingError,
  RateLimitError,
  TimeoutError,
} from './errors';
import { normalizePhoneNumber } from './phone-number';
import type { SendSmsResultV1, SmsCapabilitiesV1, SmsProviderV1 } from './sms-provider/v1/sms-provider-v1';

/** Version of the conformance kit's checks. */
export const CONFORMANCE_KIT_VERSION = 2;

/** A failure the provider's fake server must produce for the next request. */
export type ConformanceFailure =
  | 'auth'
  | 'insufficient-balance'
  | 'rate-limit'
  | 'server-error'
  | 'timeout'
  | 'invalid-number'
  | 'none';

/** What a provider package gives the kit for each test. */
export interface ConformanceSetup {
  /** The provider under test, talking to your fake server. */
  provider: SmsProviderV1;
  /** Credentials the provider uses; they must never appear in an error or a log line. */
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
  /** The messages your fake server accepted for delivery so far, decoded (text as sent, recipient any notation). */
  sentMessages(): { to: string; text: string }[];
  /** The `timeoutMs` the kit passes when it expects a timeout (default 300). */
  timeoutMs?: number;
  /** Stops servers, restores fetch... */
  teardown?(): void | Promise<void>;
}

const OPTIONAL_METHODS: [keyof SmsCapabilitiesV1, (provider: SmsProviderV1) => unknown][] = [
  ['balance', (provider) => provider.getBalance],
  ['senders', (provider) => provider.listSenders],
  ['deliveryReports', (provider) => provider.getDeliveryReports],
  ['deliveryWebhooks', (provider) => provider.parseDeliveryWebhook],
  ['cancelScheduled', (provider) => provider.cancelScheduled],
  ['blacklist', (provider) => provider.blacklist?.list],
  ['blacklistAdd', (provider) => provider.blacklist?.add],
  ['blacklistRemove', (provider) => provider.blacklist?.remove],
];

/** Type and segments the provider should report for `text` sent with `type: 'auto'`. */
function expectedMeasure(text: string, capabilities: SmsCapabilitiesV1) {
  for (const type of ['normal', 'turkish', 'unicode'] as const) {
    if (!capabilities.messageTypes.includes(type)) continue;
    const measured = calculate(text, { type });
    if (measured.segments !== null) return { type, segments: measured.segments };
  }
  return undefined;
}

/** Every string reachable from an error: message, stack, JSON, own properties, causes. */
function errorText(error: unknown, depth = 0): string {
  if (depth > 4 || error === null || error === undefined) return '';
  if (typeof error !== 'object') return String(error);
  const parts: string[] = [];
  if (error instanceof Error) parts.push(error.message, error.stack ?? '', String(error));
  try {
    parts.push(JSON.stringify(error));
  } catch {
    // Circular structures are walked below.
  }
  for (const key of Object.keys(error)) {
    const value = (error as Record<string, unknown>)[key];
    parts.push(typeof value === 'object' ? errorText(value, depth + 1) : String(value));
  }
  parts.push(errorText((error as { cause?: unknown }).cause, depth + 1));
  return parts.join('\n');
}

/**
 * Checks what a resolved send says of each recipient: `accepted`, `rejected` with an error that says it was not
 * delivered, or `unknown` with an error that says it may have been.
 */
function expectHonestMessages(result: SendSmsResultV1): void {
  for (const [index, message] of result.messages.entries()) {
    const where = `messages[${index}]`;
    expect(['accepted', 'rejected', 'unknown'], `${where}.status`).toContain(message.status);
    if (message.status === 'accepted') continue;
    expect(MessagingError.isInstance(message.error), `${where}.error is a MessagingError`).toBe(true);
    expect(message.error?.maybeDelivered, `${where}: a ${message.status} recipient's maybeDelivered`).toBe(
      message.status === 'unknown',
    );
  }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the call to fail, but it succeeded.');
}

/**
 * Runs the provider conformance suite (a vitest `describe` block) against your provider and its fake server.
 * `setup` is called before every test, `teardown` after it.
 *
 * Covered: the contract's shape; optional methods present exactly when `capabilities` say so; single and
 * multi-recipient sends, each recipient `accepted`, `rejected` (error with `maybeDelivered: false`) or `unknown`
 * (error with `maybeDelivered: true`); Turkish and Unicode texts (type and segments as `@x/sms-segments` computes them);
 * invalid number; authentication failure; insufficient balance; rate limit with retry-after; 5xx; timeout with
 * `maybeDelivered`; abort before and during the request; and that no secret appears in any thrown error or logged line and no full phone number
 * in an error message.
 *
 * @param name - the suite's name (your provider's)
 * @param setup - builds a fresh provider and fake server for each test
 *
 * @example
 * testSmsProvider('acme', async () => {
 *   const server = createAcmeFakeServer();
 *   return { provider: createAcme({ apiKey: 'k', fetch: server.fetch }), secrets: ['k'], ... };
 * });
 */
export function testSmsProvider(
  name: string,
  setup: () => Promise<ConformanceSetup> | ConformanceSetup,
): void {
  describe(`SMS provider conformance: ${name}`, () => {
    let current: ConformanceSetup;
    const errors: unknown[] = [];

    beforeEach(async () => {
      current = await setup();
      errors.length = 0;
    });

    afterEach(async () => {
      const secrets = current.secrets.filter((secret) => secret.length > 0);
      const logged = JSON.stringify(current.logs);
      for (const secret of secrets) {
        expect(logged, 'a secret appeared in a logged line').not.toContain(secret);
        for (const error of errors) {
          expect(errorText(error), 'a secret appeared in a thrown error').not.toContain(secret);
        }
      }
      const digits = normalizePhoneNumber(current.validRecipient).slice(-10);
      for (const error of errors) {
        if (error instanceof Error) {
          expect(error.message, 'a full phone number appeared in an error message').not.toContain(digits);
        }
      }
      await current.teardown?.();
    });

    const send = async (promise: Promise<SendSmsResultV1>) => {
      const error = await rejection(promise);
      errors.push(error);
      return error;
    };

    it('implements version 1 of the contract', () => {
      const { provider } = current;
      expect(provider.specificationVersion).toBe('v1');
      expect(typeof provider.providerId).toBe('string');
      expect(provider.providerId.length).toBeGreaterThan(0);
      expect(typeof provider.sendSms).toBe('function');
      expect(provider.capabilities.maxSegments).toBeGreaterThanOrEqual(1);
      expect(provider.capabilities.maxRecipientsPerCall).toBeGreaterThanOrEqual(1);
      expect(provider.capabilities.messageTypes.length).toBeGreaterThan(0);
    });

    it('has each optional method exactly when its capability says so', () => {
      for (const [flag, method] of OPTIONAL_METHODS) {
        const present = typeof method(current.provider) === 'function';
        expect(present, `capabilities.${flag} is ${current.provider.capabilities[flag]}`).toBe(
          current.provider.capabilities[flag],
        );
      }
    });

    it('sends to one recipient and reports it in E.164', async () => {
      const text = 'Hello from the conformance kit.';
      const result = await current.provider.sendSms({ to: current.validRecipient, text });
      expectHonestMessages(result);
      expect(result.messages).toHaveLength(1);
      expect(result.messages[0]).toMatchObject({
        to: normalizePhoneNumber(current.validRecipient),
        status: 'accepted',
      });
      expect(result.segments).toBe(1);
      expect(Array.isArray(result.warnings)).toBe(true);
      const sent = current.sentMessages();
      expect(sent).toHaveLength(1);
      expect(normalizePhoneNumber(sent[0]!.to)).toBe(normalizePhoneNumber(current.validRecipient));
      expect(sent[0]!.text).toBe(text);
    });

    it('sends to several recipients, one result each, in request order', async () => {
      if (current.provider.capabilities.maxRecipientsPerCall < 2) return;
      const second = current.secondRecipient ?? '+905301234567';
      const result = await current.provider.sendSms({ to: [current.validRecipient, second], text: 'Multi' });
      expectHonestMessages(result);
      expect(result.messages.map((message) => [message.to, message.status])).toEqual([
        [normalizePhoneNumber(current.validRecipient), 'accepted'],
        [normalizePhoneNumber(second), 'accepted'],
      ]);
      const sentTo = current.sentMessages().map((message) => normalizePhoneNumber(message.to));
      expect(sentTo.sort()).toEqual(
        [normalizePhoneNumber(current.validRecipient), normalizePhoneNumber(second)].sort(),
      );
    });

    it.each([
      ['Turkish', 'Sayın Ayşe Yılmaz, 1001 numaralı siparişiniz kargoya verildi. Teşekkür ederiz!'],
      ['Unicode', 'Ваш заказ отправлен 📦 — спасибо!'],
      ['long Turkish', `Ğüşiöç ${'sipariş güncellemesi '.repeat(12)}`],
    ])('measures a %s text like @x/sms-segments', async (_label, text) => {
      const expected = expectedMeasure(text, current.provider.capabilities);
      if (!expected || expected.segments > current.provider.capabilities.maxSegments) return;
      const result = await current.provider.sendSms({ to: current.validRecipient, text });
      expect({ type: result.type, segments: result.segments }).toEqual(expected);
      expect(current.sentMessages().at(-1)?.text).toBe(text);
    });

    it('refuses an invalid number, as a rejected recipient or a typed error', async () => {
      current.simulate('invalid-number');
      let outcome: unknown;
      try {
        outcome = await current.provider.sendSms({ to: current.invalidRecipient, text: 'Invalid' });
      } catch (error) {
        errors.push(error);
        outcome = error;
      }
      if (MessagingError.isInstance(outcome)) {
        expect(['invalid-recipient', 'blacklisted']).toContain(outcome.kind);
        expect(outcome.maybeDelivered).toBe(false);
      } else {
        const result = outcome as SendSmsResultV1;
        expectHonestMessages(result);
        expect(result.messages).toHaveLength(1);
        expect(result.messages[0]?.status).toBe('rejected');
        expect(MessagingError.isInstance(result.messages[0]?.error)).toBe(true);
        expect(['invalid-recipient', 'blacklisted']).toContain(result.messages[0]?.error?.kind);
        errors.push(result.messages[0]?.error);
      }
      expect(current.sentMessages()).toHaveLength(0);
    });

    it('fails with AuthenticationError when the credentials are refused', async () => {
      current.simulate('auth');
      const error = await send(current.provider.sendSms({ to: current.validRecipient, text: 'Auth' }));
      expect(AuthenticationError.isInstance(error)).toBe(true);
      expect((error as AuthenticationError).isRetryable).toBe(false);
      expect((error as AuthenticationError).maybeDelivered).toBe(false);
      expect(current.sentMessages()).toHaveLength(0);
    });

    it('fails with InsufficientBalanceError when the balance is too low', async () => {
      current.simulate('insufficient-balance');
      const error = await send(current.provider.sendSms({ to: current.validRecipient, text: 'Balance' }));
      expect(InsufficientBalanceError.isInstance(error)).toBe(true);
      expect((error as InsufficientBalanceError).maybeDelivered).toBe(false);
    });

    it('fails with RateLimitError carrying retryAfterMs, retryable and not delivered', async () => {
      current.simulate('rate-limit', { retryAfterMs: 2000 });
      const error = await send(current.provider.sendSms({ to: current.validRecipient, text: 'Rate' }));
      expect(RateLimitError.isInstance(error)).toBe(true);
      expect((error as RateLimitError).retryAfterMs).toBe(2000);
      expect((error as RateLimitError).isRetryable).toBe(true);
      expect((error as RateLimitError).maybeDelivered).toBe(false);
    });

    it('reports a server error on a send as retryable but maybe delivered', async () => {
      current.simulate('server-error');
      const error = await send(current.provider.sendSms({ to: current.validRecipient, text: 'Server' }));
      expect(ApiCallError.isInstance(error)).toBe(true);
      expect((error as ApiCallError).isRetryable).toBe(true);
      expect((error as ApiCallError).maybeDelivered).toBe(true);
    });

    it('reports a send that timed out as maybe delivered', async () => {
      current.simulate('timeout');
      const error = await send(
        current.provider.sendSms(
          { to: current.validRecipient, text: 'Timeout' },
          { timeoutMs: current.timeoutMs ?? 300 },
        ),
      );
      expect(TimeoutError.isInstance(error)).toBe(true);
      expect((error as TimeoutError).maybeDelivered).toBe(true);
    });

    it("rejects with the caller's abort reason and sends nothing", async () => {
      const reason = new Error('aborted by the conformance kit');
      const error = await send(
        current.provider.sendSms(
          { to: current.validRecipient, text: 'Abort' },
          { signal: AbortSignal.abort(reason) },
        ),
      );
      expect(error).toBe(reason);
      expect(current.sentMessages()).toHaveLength(0);
    });

    it("rejects with the caller's abort reason while the request is in flight", async () => {
      current.simulate('timeout');
      const controller = new AbortController();
      const reason = new Error('aborted in flight by the conformance kit');
      const pending = current.provider.sendSms(
        { to: current.validRecipient, text: 'Abort in flight' },
        { signal: controller.signal, timeoutMs: 30_000 },
      );
      setTimeout(() => controller.abort(reason), 20);
      const error = await send(pending);
      expect(error).toBe(reason);
    });

    it('reads the balance when it can, and a server error on a read is not maybe delivered', async () => {
      if (!current.provider.getBalance) return;
      const balance = await current.provider.getBalance();
      expect(balance.credits !== undefined || balance.amount !== undefined).toBe(true);
      current.simulate('server-error');
      const error = await rejection(current.provider.getBalance());
      errors.push(error);
      expect(MessagingError.isInstance(error)).toBe(true);
      expect((error as MessagingError).maybeDelivered).toBe(false);
    });
  });
}
