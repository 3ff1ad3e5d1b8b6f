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
            server.fail(99);
            break;
          case 'insufficient-balance':
            server.fail(103);
            break;
          case 'rate-limit':
            server.fail('http-rate-limit', { retryAfterMs: options?.retryAfterMs ?? 1000 });
            break;
          case 'server-error':
            server.fail('server-error');
            break;
          case 'timeout':
            server.fail('slow', { delayMs: 10_000 });
            break;
          case 'invalid-number':
            server.blacklist.set('905329999999', '2030-01-01');
            break;
          case 'none':
            server.clearFailures();
            break;
        }
      },
      validRecipient: '0532 123 45 67',
      invalidRecipient: '+90 532 999 99 99',
      sender: 'KAMPANYA',
      // Organik keeps a send's header, delivery time and track_id; it has no idempotency key of its own.
      sentMessages: () =>
        server.messages
          .filter((message) => !message.cancelled)
          .map((message) => ({
            to: `+${message.gsm}`,
            text: message.text,
            from: message.header,
            ...(message.startAt > message.createdAt ? { sendAt: message.startAt } : {}),
            ...(message.trackId === '' ? {} : { reference: message.trackId }),
          })),
      timeoutMs: 200,
    };
  });
}
