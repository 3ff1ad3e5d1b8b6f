import { fallback } from '../src/index';
import { createSandboxProvider } from '../src/sandbox';
import { testSmsProvider } from '../src/testing';
import { SANDBOX_FAILURES, sandboxSetup, toSentMessage } from './support/sandbox-setup';

testSmsProvider('sandbox', sandboxSetup);

testSmsProvider('fallback over two sandboxes', () => {
  const first = sandboxSetup();
  const second = createSandboxProvider({ providerId: 'second', senders: ['SANDBOX', 'KAMPANYA'] });
  return {
    ...first,
    // The first member fails, the second one is used; a simulated failure is queued on both so the strategy
    // surfaces it exactly as a single provider would.
    provider: fallback([first.provider, second]),
    simulate(failure, options) {
      first.simulate(failure, options);
      if (failure !== 'none' && failure !== 'invalid-number') {
        second.failNext(SANDBOX_FAILURES[failure], { retryAfterMs: options?.retryAfterMs });
      }
    },
    sentMessages: () => [...first.sentMessages(), ...second.sent.map(toSentMessage)],
  };
});
