import { testSmsProvider } from '@x/messaging-core/testing';
import { createExampleSms } from '../src/index';
import { FAKE_EXAMPLE_API_KEY, startExampleFakeServer } from '../src/testing';

// The conformance kit of @x/messaging-core: it sends through the provider to the fake server on a real port,
// makes the server fail in each way, and checks results, errors, warnings and that no secret leaks.
testSmsProvider('example-sms', async () => {
  const fake = await startExampleFakeServer();
  // Everything the hooks see goes to `logs`: the kit checks that the key never appears there.
  const logs: unknown[] = [];
  const log = (event: unknown) => void logs.push(event);
  const hooks = { onRequest: log, onResponse: log, onError: log };
  return {
    provider: createExampleSms({ apiKey: FAKE_EXAMPLE_API_KEY, baseUrl: fake.url, hooks }),
    secrets: [FAKE_EXAMPLE_API_KEY],
    logs,
    simulate(failure, options) {
      if (failure === 'invalid-number') fake.refuse('+905559999999');
      else fake.simulate(failure, options);
    },
    validRecipient: '0532 123 45 67',
    invalidRecipient: '+90 555 999 99 99',
    sender: 'KAMPANYA',
    sentMessages: () => fake.sent,
    timeoutMs: 300,
    teardown: () => fake.close(),
  };
});
