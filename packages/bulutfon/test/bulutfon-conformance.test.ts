import { testSmsProvider } from '@x/messaging-core/testing';
import { createBulutfon } from '../src/bulutfon-provider';
import { createBulutfonFakeServer } from '../src/testing';
import { recordingHooks } from './helpers';

testSmsProvider('bulutfon', () => {
  const fake = createBulutfonFakeServer();
  fake.state.messageTitles.push({ id: 3, name: 'KAMPANYA', state: 'CONFIRMED' });
  const logs: unknown[] = [];
  const provider = createBulutfon({
    token: fake.token,
    baseUrl: fake.baseUrl,
    fetch: fake.fetch,
    sender: 'TEST',
    hooks: recordingHooks(logs),
  });
  return {
    provider,
    secrets: [fake.token],
    logs,
    simulate(failure, options) {
      fake.clearFaults();
      if (failure === 'none') return;
      if (failure === 'rate-limit') {
        fake.failNext('rate-limit', {
          retryAfterSeconds: options?.retryAfterMs === undefined ? undefined : options.retryAfterMs / 1000,
        });
      } else fake.failNext(failure);
    },
    validRecipient: '0532 123 45 67',
    secondRecipient: '+90 533 765 43 21',
    invalidRecipient: '0532 12',
    sender: 'KAMPANYA',
    // Bulutfon keeps the title and the send date of a message; it has no reference or idempotency key.
    sentMessages: () =>
      fake.sentMessages.map(({ to, text, from, sendAt }) => ({
        to,
        text,
        from,
        ...(sendAt ? { sendAt } : {}),
      })),
  };
});
