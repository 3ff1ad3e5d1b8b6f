import { ValidationError } from '@x/messaging-core';
import { describe, expect, it } from 'vitest';
import { provider } from '../src/index';
import { createOrganikFakeServer } from '../src/testing';

/** What `createSms` throws for these options and variables (it must be a ValidationError). */
function creationError(options: unknown, env: Record<string, string>): ValidationError {
  let caught: unknown;
  try {
    provider.createSms?.({ options, env });
  } catch (error) {
    caught = error;
  }
  expect(ValidationError.isInstance(caught)).toBe(true);
  return caught as ValidationError;
}

const KEY = '0123456789abcdef0123456789ABCDEF';

describe('the organik descriptor', () => {
  it('declares its variables with the secrets marked', () => {
    expect(provider.id).toBe('organik');
    expect(provider.env.filter((variable) => variable.secret).map((variable) => variable.name)).toEqual([
      'ORGANIK_API_KEY',
      'ORGANIK_PASSWORD',
    ]);
  });

  it('refuses a malformed ORGANIK_API_KEY at creation, naming it without its value', () => {
    const bad = 'not-a-key-but-a-long-secret-value';
    const error = creationError({}, { ORGANIK_API_KEY: bad });
    expect(error.issues).toEqual([
      { path: ['env', 'ORGANIK_API_KEY'], message: 'ORGANIK_API_KEY must be 32 hexadecimal characters' },
    ]);
    expect(`${error.message} ${JSON.stringify(error.toJSON())}`).not.toContain(bad);
  });

  it('needs a key or a user name and password', () => {
    expect(creationError({}, {}).issues[0]?.path).toEqual(['env', 'ORGANIK_API_KEY']);
    expect(creationError({}, { ORGANIK_USERNAME: 'shop' }).issues[0]?.path).toEqual([
      'env',
      'ORGANIK_PASSWORD',
    ]);
  });

  it('names bad and unknown options', () => {
    const error = creationError({ baseUrl: 'ftp://example.com', apiKey: KEY }, { ORGANIK_API_KEY: KEY });
    expect(error.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['options', 'options.baseUrl']);
    expect(error.message).toContain('unknown key: apiKey');
    expect(error.message).toContain('expected an http:// or https:// URL');
    expect(error.message).not.toContain(KEY);
  });

  it('sends through the configured base URL with the sender from the environment', async () => {
    const server = createOrganikFakeServer({
      username: 'shop-api',
      password: 'S3cret!pass',
      headers: [{ id: 1, name: 'MAGAZA' }],
    });
    const base = 'https://staging.organik.test';
    const sms = provider.createSms?.({
      options: { baseUrl: base },
      env: { ORGANIK_USERNAME: 'shop-api', ORGANIK_PASSWORD: 'S3cret!pass', ORGANIK_SENDER: 'MAGAZA' },
    });
    // The descriptor takes no fetch: route the configured host to the fake server for this test.
    const original = globalThis.fetch;
    globalThis.fetch = (input, init) => {
      expect(String(input instanceof Request ? input.url : input).startsWith(base)).toBe(true);
      return server.fetch(input, init);
    };
    try {
      const result = await sms?.sendSms({ to: '0532 123 45 67', text: 'Merhaba' });
      expect(result?.messages[0]?.status).toBe('accepted');
      expect(server.sentMessages.map((message) => message.from)).toEqual(['MAGAZA']);
    } finally {
      globalThis.fetch = original;
    }
  });
});
