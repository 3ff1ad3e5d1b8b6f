import { testSmsProvider } from '@x/messaging-core/testing';
import { createOrganik } from '../src/index';
import { createOrganikFakeServer } from '../src/testing';

for (const format of ['json', 'xml'] as const) {
  testSmsProvider(`organik (${format})`, () => {
    const server = createOrganikFakeServer({
      username: 'shop-api',
      password: 'S3cret!pass',
      headers: [
        { id: 1, name: 'ORGANIK' },
        { id: 2, name: 'KAMPANYA' },
      ],
    });
    const logs: unknown[] = [];
    const provider = createOrganik({
      username: 'shop-api',
      password: 'S3cret!pass',
      fetch: server.fetch,
      format,
      sender: 'ORGANIK',
      hooks: {
        onRequest: (event) => logs.push(event),
        onResponse: (event) => logs.push(event),
        onError: (event) => logs.push(event),
      },
    });
    return {
      provider,
      secrets: [server.apiKey, 'S3cret!pass'],
      logs,
      simulate(failure, options) {
        switch (failure) {
          case 'auth':
            server.failNext(99);
            break;
          case 'insufficient-balance':
            server.failNext(103);
            break;
          case 'rate-limit':
            server.failNext('rate-limit', { retryAfterMs: options?.retryAfterMs ?? 1000 });
            break;
          case 'server-error':
            server.failNext('server-error');
            break;
          case 'timeout':
            server.failNext('timeout');
            break;
          case 'invalid-number':
            server.blacklist.set('905329999999', '2030-01-01');
            break;
          case 'none':
            server.clearFaults();
            break;
        }
      },
      validRecipient: '0532 123 45 67',
      invalidRecipient: '+90 532 999 99 99',
      sender: 'KAMPANYA',
      // The fake server lists what it accepted with its header, delivery time and track_id.
      sentMessages: () => server.sentMessages,
      timeoutMs: 200,
    };
  });
}
