import { testSmsProvider } from '@x/messaging-core/testing';
import { createBulutfon } from '../src/bulutfon-provider';
import { createBulutfonFakeServer } from '../src/testing';

testSmsProvider('bulutfon', () => {
  const fake = createBulutfonFakeServer();
  const logs: unknown[] = [];
  const provider = createBulutfon({
    token: fake.token,
    baseUrl: fake.baseUrl,
    fetch: fake.fetch,
    sender: 'TEST',
    hooks: {
      onRequest: (event) => logs.push(event),
      onResponse: (event) => logs.push(event),
      onError: (event) => logs.push({ ...event, error: event.error.toJSON() }),
    },
  });
  return {
    provider,
    secrets: [fake.token],
    logs,
    simulate(failure, options) {
      fake.clearFaults();
      if (failure === 'none') return;
      if (failure === 'rate-limit') {
        fake.inject({
          kind: 'rate-limit',
          retryAfterSeconds: options?.retryAfterMs === undefined ? undefined : options.retryAfterMs / 1000,
        });
      } else if (failure === 'server-error') fake.inject({ kind: 'server-error' });
      else fake.inject({ kind: failure });
    },
    validRecipient: '0532 123 45 67',
    secondRecipient: '+90 533 765 43 21',
    invalidRecipient: '0532 12',
    sentMessages: () => fake.state.deliveredSms.map((sms) => ({ to: `+${sms.to}`, text: sms.text })),
  };
});
