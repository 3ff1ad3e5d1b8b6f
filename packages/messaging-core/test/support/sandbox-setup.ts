import { createSandboxProvider, type SandboxFailure, type SandboxMessage } from '../../src/sandbox';
import type { ConformanceFailure, ConformanceSentMessage, ConformanceSetup } from '../../src/testing';

/** The sandbox failure for each failure the kit simulates (an invalid number is a number the sandbox refuses). */
export const SANDBOX_FAILURES: Record<
  Exclude<ConformanceFailure, 'none' | 'invalid-number'>,
  SandboxFailure
> = {
  auth: 'auth',
  'insufficient-balance': 'insufficient-balance',
  'rate-limit': 'rate-limit',
  'server-error': 'server-error',
  timeout: 'timeout',
};

/** What the kit sees of a message the sandbox accepted. */
export function toSentMessage(message: SandboxMessage): ConformanceSentMessage {
  return {
    to: message.to,
    text: message.text,
    from: message.from,
    ...(message.sendAt === undefined ? {} : { sendAt: message.sendAt }),
    ...(message.reference === undefined ? {} : { reference: message.reference }),
    ...(message.idempotencyKey === undefined ? {} : { idempotencyKey: message.idempotencyKey }),
  };
}

/** The conformance setup of a sandbox with two senders (SANDBOX, the default, and KAMPANYA). */
export function sandboxSetup(): ConformanceSetup & { provider: ReturnType<typeof createSandboxProvider> } {
  const provider = createSandboxProvider({ senders: ['SANDBOX', 'KAMPANYA'] });
  return {
    provider,
    secrets: ['sandbox-api-key-that-is-never-used'],
    logs: [],
    simulate(failure, options) {
      if (failure === 'none' || failure === 'invalid-number') return;
      provider.failNext(SANDBOX_FAILURES[failure], { retryAfterMs: options?.retryAfterMs });
    },
    validRecipient: '0532 123 45 67',
    secondRecipient: '+90 533 765 43 21',
    invalidRecipient: '+90 532',
    sender: 'KAMPANYA',
    sentMessages: () => provider.sent.filter((message) => message.status !== 'rejected').map(toSentMessage),
  };
}
