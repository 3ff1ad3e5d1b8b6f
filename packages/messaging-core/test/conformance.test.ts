import { fallback } from '../src/index';
import { createSandboxProvider, type SandboxFailure } from '../src/sandbox';
import { type ConformanceFailure, type ConformanceSetup, testSmsProvider } from '../src/testing';

const FAILURES: Record<Exclude<ConformanceFailure, 'none' | 'invalid-number'>, SandboxFailure> = {
  auth: 'auth',
  'insufficient-balance': 'insufficient-balance',
  'rate-limit': 'rate-limit',
  'server-error': 'server-error',
  timeout: 'timeout',
};

function sandboxSetup(): ConformanceSetup {
  const provider = createSandboxProvider();
  return {
    provider,
    secrets: ['sandbox-api-key-that-is-never-used'],
    logs: [],
    simulate(failure, options) {
      if (failure === 'none' || failure === 'invalid-number') return;
      provider.failNext(FAILURES[failure], { retryAfterMs: options?.retryAfterMs });
    },
    validRecipient: '0532 123 45 67',
    secondRecipient: '+90 533 765 43 21',
    invalidRecipient: '+90 532',
    sentMessages: () =>
      provider.sent
        .filter((message) => message.status !== 'rejected')
        .map((message) => ({ to: message.to, text: message.text })),
  };
}

testSmsProvider('sandbox', sandboxSetup);

testSmsProvider('fallback over two sandboxes', () => {
  const first = sandboxSetup();
  const second = createSandboxProvider({ providerId: 'second' });
  return {
    ...first,
    // The first member fails, the second one is used; a simulated failure is queued on both so the strategy
    // surfaces it exactly as a single provider would.
    provider: fallback([first.provider, second]),
    simulate(failure, options) {
      first.simulate(failure, options);
      if (failure !== 'none' && failure !== 'invalid-number') {
        second.failNext(FAILURES[failure], { retryAfterMs: options?.retryAfterMs });
      }
    },
    sentMessages: () => [
      ...first.sentMessages(),
      ...second.sent.map((message) => ({ to: message.to, text: message.text })),
    ],
  };
});
