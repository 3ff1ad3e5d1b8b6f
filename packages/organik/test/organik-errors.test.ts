import { inspect } from 'node:util';
import {
  ApiCallError,
  MessagingError,
  NetworkError,
  RateLimitError,
  TimeoutError,
  ValidationError,
} from '@x/messaging-core';
import { describe, expect, it } from 'vitest';
import { createOrganik, createOrganikClient, describeOrganikErrorCode } from '../src/index';
import { createOrganikFakeServer, type OrganikFakeFault } from '../src/testing';

const TABLE: [code: number, kind: string, retryable: boolean][] = [
  [1, 'api-call', false],
  [84, 'api-call', false],
  [85, 'api-call', false],
  [86, 'not-found', false],
  [87, 'not-found', false],
  [88, 'not-found', false],
  [89, 'authentication', false],
  [90, 'authentication', false],
  [91, 'api-call', false],
  [92, 'api-call', false],
  [93, 'rate-limit', true],
  [94, 'api-call', true],
  [95, 'api-call', true],
  [96, 'api-call', false],
  [97, 'api-call', false],
  [98, 'authentication', false],
  [99, 'authentication', false],
  [101, 'invalid-sender', false],
  [102, 'invalid-recipient', false],
  [103, 'insufficient-balance', false],
  [104, 'authentication', false],
  [105, 'api-call', false],
  [106, 'api-call', false],
  [107, 'invalid-sender', false],
  [108, 'insufficient-balance', false],
  [109, 'blacklisted', false],
  [110, 'invalid-recipient', false],
  [111, 'invalid-recipient', false],
  [112, 'api-call', false],
];

describe.each(['json', 'xml'] as const)('documented error codes (%s)', (format) => {
  it.each(TABLE)('maps %i to a %s error (retryable: %s) keeping the code', async (code, kind, retryable) => {
    const server = createOrganikFakeServer();
    const client = createOrganikClient({ apiKey: server.apiKey, fetch: server.fetch, format });
    server.failNext(code);
    const error = await client.balance().catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      kind,
      providerId: 'organik',
      providerCode: String(code),
      isRetryable: retryable,
      maybeDelivered: false,
      statusCode: 200,
    });
    expect((error as Error).message).toContain(describeOrganikErrorCode(code));
    if (code === 93) expect(RateLimitError.isInstance(error)).toBe(true);
  });
});

describe('unreadable and failed responses', () => {
  async function failure(
    failure: OrganikFakeFault,
    operation: 'balance' | 'send',
    format: 'json' | 'xml' = 'json',
  ) {
    const server = createOrganikFakeServer();
    const client = createOrganikClient({
      apiKey: server.apiKey,
      fetch: server.fetch,
      format,
      timeoutMs: 200,
    });
    server.failNext(failure, { retryAfterMs: 3000 });
    const call =
      operation === 'balance'
        ? client.balance()
        : client.sendSms({
            deliveries: [
              { options: { header: 'ORGANIK' }, recipients: { gsms: ['05321234567'] }, message: 'Hi' },
            ],
          });
    const error = await call.catch((caught: unknown) => caught);
    expect(MessagingError.isInstance(error)).toBe(true);
    const text = `${(error as Error).message} ${JSON.stringify(error)} ${(error as ApiCallError).responseBody ?? ''}`;
    expect(text).not.toContain(server.apiKey);
    return { error: error as ApiCallError, server };
  }

  it('an HTML page becomes an ApiCallError with a short excerpt', async () => {
    const { error } = await failure('captive-portal', 'balance');
    expect(error).toMatchObject({ kind: 'api-call', statusCode: 200, maybeDelivered: false });
    expect(error.message).toMatch(/HTML page/);
    expect(error.responseBody).toContain('Service Unavailable');
    expect(error.responseBody?.length).toBeLessThanOrEqual(200);
  });

  it.each(['json', 'xml'] as const)(
    'a truncated %s body: unknown outcome for a send, not for a read',
    async (format) => {
      const { error: read } = await failure('truncated', 'balance', format);
      expect(read).toMatchObject({ kind: 'api-call', maybeDelivered: false });
      const { error: send, server } = await failure('truncated', 'send', format);
      expect(send).toMatchObject({ kind: 'api-call', maybeDelivered: true });
      expect(server.sentMessages).toHaveLength(1);
    },
  );

  it('a well-formed body of the wrong shape is a ValidationError on the response', async () => {
    const { error } = await failure('malformed', 'balance');
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ target: 'response' });
    const { error: xml } = await failure('malformed', 'send', 'xml');
    expect(xml).toMatchObject({ kind: 'validation', maybeDelivered: true });
  });

  it('HTTP 5xx is retryable; on a send it may have been delivered', async () => {
    const { error: read } = await failure('server-error', 'balance');
    expect(read).toMatchObject({ statusCode: 500, isRetryable: true, maybeDelivered: false });
    const { error: send } = await failure('html-error', 'send');
    expect(send).toMatchObject({ statusCode: 502, isRetryable: true, maybeDelivered: true });
  });

  it('HTTP 429 is a RateLimitError with Retry-After', async () => {
    const { error } = await failure('rate-limit', 'send');
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryAfterMs: 3000, maybeDelivered: false });
  });

  it('a broken connection on a send is a NetworkError that may have been delivered', async () => {
    const { error, server } = await failure('reset-after-processing', 'send');
    expect(NetworkError.isInstance(error)).toBe(true);
    expect(error.maybeDelivered).toBe(true);
    expect(server.sentMessages).toHaveLength(1);
  });

  it('a slow answer is a TimeoutError', async () => {
    const { error } = await failure('timeout', 'send');
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ timeoutMs: 200, maybeDelivered: true });
  });

  it('an error envelope with a non-2xx status keeps its code', async () => {
    const client = createOrganikClient({
      apiKey: '0123456789abcdef0123456789abcdef',
      fetch: async () =>
        Response.json(
          { response: { result: false, error: { number: '98', message: 'Unauthorize IP address.' } } },
          {
            status: 403,
          },
        ),
    });
    await expect(client.balance()).rejects.toMatchObject({
      kind: 'authentication',
      providerCode: '98',
      statusCode: 403,
    });
  });
});

describe('no secret anywhere', () => {
  /** Every string reachable from a value: message, stack, JSON, inspect, own properties, causes. */
  function allText(value: unknown, depth = 0): string {
    if (depth > 5 || value === null || value === undefined) return '';
    if (typeof value !== 'object') return String(value);
    const parts = [inspect(value, { depth: 6, showHidden: true }), String(value)];
    if (value instanceof Error) parts.push(value.message, value.stack ?? '');
    try {
      parts.push(JSON.stringify(value));
    } catch {
      // Walked below.
    }
    for (const key of Object.keys(value))
      parts.push(allText((value as Record<string, unknown>)[key], depth + 1));
    parts.push(allText((value as { cause?: unknown }).cause, depth + 1));
    return parts.join('\n');
  }

  it('sweeps every thrown error and every logged line of a run through all failures', async () => {
    const username = 'shop-api';
    const password = 'Pa55-w0rd!';
    const server = createOrganikFakeServer({ username, password });
    const logs: unknown[] = [];
    const errors: unknown[] = [];
    const hooks = {
      onRequest: (event: unknown) => logs.push(event),
      onResponse: (event: unknown) => logs.push(event),
      onError: (event: unknown) => logs.push(event),
    };
    for (const format of ['json', 'xml'] as const) {
      const organik = createOrganik({
        username,
        password,
        fetch: server.fetch,
        format,
        hooks,
        timeoutMs: 100,
        sender: 'ORGANIK',
      });
      const failures: OrganikFakeFault[] = [
        ...TABLE.map(([code]) => code),
        'server-error',
        'html-error',
        'rate-limit',
        'captive-portal',
        'truncated',
        'malformed',
        'reset',
        'reset-after-processing',
        'timeout',
      ];
      for (const injected of failures) {
        for (const call of [
          () => organik.sendSms({ to: ['05321234567', '+905329999999'], text: 'Hi' }),
          () => organik.getBalance(),
          () => organik.getDeliveryReports({ references: ['x'] }),
          () => organik.blacklist.add(['05321234567']),
        ]) {
          server.failNext(injected);
          try {
            const result = await call();
            errors.push(result);
          } catch (error) {
            errors.push(error);
          }
        }
      }
      errors.push(organik, organik.client);
    }
    errors.push(createOrganikClient({ apiKey: server.apiKey }));
    expect(errors.filter((error) => MessagingError.isInstance(error)).length).toBeGreaterThan(200);
    expect(logs.length).toBeGreaterThan(400);
    const everything = `${allText(errors)}\n${allText(logs)}`;
    expect(everything).toContain('***');
    expect(everything).not.toContain(server.apiKey);
    expect(everything).not.toContain(password);
    const messages = [...errors, ...logs]
      .flatMap((value) => {
        if (MessagingError.isInstance(value)) return [value];
        const result = (value ?? {}) as { messages?: { error?: unknown }[]; error?: unknown };
        return [result.error, ...(result.messages ?? []).map((message) => message.error)];
      })
      .filter((value): value is Error => value instanceof Error)
      .map((error) => error.message);
    expect(messages.length).toBeGreaterThan(200);
    for (const message of messages) expect(message).not.toMatch(/5321234567|5329999999/);
  });
  it('keeps the token of a report URL out of hooks and errors, in the body and in the query', async () => {
    const token = 'rPt0k3n_secret_0123456789';
    const reportUrl = `https://shop.example/webhooks/organik/reports/main/${token}`;
    const server = createOrganikFakeServer();
    const logs: unknown[] = [];
    const hooks = {
      onRequest: (event: unknown) => logs.push(event),
      onResponse: (event: unknown) => logs.push(event),
      onError: (event: unknown) => logs.push(event),
    };
    const organik = createOrganik({
      apiKey: server.apiKey,
      fetch: server.fetch,
      hooks,
      reportUrl,
      sender: 'ORGANIK',
    });
    const errors: unknown[] = [];
    for (const injected of ['server-error', 'html-error', 'malformed'] as const) {
      server.failNext(injected);
      await organik.sendSms({ to: '05321234567', text: 'Hi' }).catch((error: unknown) => errors.push(error));
      server.failNext(injected);
      await organik.client
        .smsViaGet({ header: 'ORGANIK', gsms: ['05321234567'], message: 'Hi', reportUrl })
        .catch((error: unknown) => errors.push(error));
    }
    expect(errors.length).toBeGreaterThanOrEqual(6);
    expect(logs.length).toBeGreaterThan(6);
    const everything = `${allText(errors)}\n${allText(logs)}`;
    for (const form of [token, encodeURIComponent(reportUrl), btoa(token)])
      expect(everything).not.toContain(form);
  });
});
