import { testSmsProvider } from '@x/messaging-core/testing';
import { createBulutfon } from '../src/bulutfon-provider';
import { createBulutfonFakeServer } from '../src/testing';

/** Reads Bulutfon's `send_date` (`dd/mm/yyyy HH:MM`, Istanbul time, UTC+3 all year). */
function fromIstanbulSendDate(sendDate: string | null | undefined): Date | undefined {
  const match = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2})$/.exec(sendDate ?? '');
  if (!match) return undefined;
  const [, day, month, year, hour, minute] = match.map(Number) as number[];
  return new Date(Date.UTC(year!, month! - 1, day!, hour! - 3, minute!));
}

testSmsProvider('bulutfon', () => {
  const fake = createBulutfonFakeServer();
  fake.state.messageTitles.push({ id: 3, name: 'KAMPANYA', state: 'CONFIRMED' });
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
    sender: 'KAMPANYA',
    // Bulutfon keeps the title and the send date of a message; it has no reference or idempotency key.
    sentMessages: () =>
      fake.state.deliveredSms.map((sms) => {
        const sendAt = fromIstanbulSendDate(
          fake.state.messages.find(({ id }) => id === sms.messageId)?.send_date,
        );
        return { to: `+${sms.to}`, text: sms.text, from: sms.title, ...(sendAt ? { sendAt } : {}) };
      }),
  };
});
