import { ValidationError } from '@x/messaging-core';
import { describe, expect, it } from 'vitest';
import { provider } from '../src/index';
import { createBulutfonFakeServer } from '../src/testing';

/** The issues `createSms` reports for these options and variables. */
function creationIssues(options: unknown, env: Record<string, string>): string[] {
  try {
    provider.createSms?.({ options, env });
  } catch (error) {
    if (!ValidationError.isInstance(error)) throw error;
    return error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  }
  return [];
}

describe('the bulutfon descriptor', () => {
  it('declares BULUTFON_TOKEN as its one secret', () => {
    expect(provider.id).toBe('bulutfon');
    expect(provider.env.filter((variable) => variable.secret).map((variable) => variable.name)).toEqual([
      'BULUTFON_TOKEN',
    ]);
  });

  it('needs a well-formed token and names it, never its value', () => {
    expect(creationIssues({}, {})).toEqual(['env.BULUTFON_TOKEN: set BULUTFON_TOKEN']);
    const issues = creationIssues({}, { BULUTFON_TOKEN: 'two words secret' });
    expect(issues).toEqual(['env.BULUTFON_TOKEN: BULUTFON_TOKEN must be a token without spaces']);
  });

  it('names bad and unknown options', () => {
    expect(creationIssues({ baseUrl: 'nope', token: 'x' }, { BULUTFON_TOKEN: 'abc' }).sort()).toEqual([
      'options.baseUrl: expected an http:// or https:// URL',
      'options: unknown key: token (the token goes in BULUTFON_TOKEN)',
    ]);
  });

  it('sends through the configured base URL with the title from BULUTFON_SENDER', async () => {
    const fake = createBulutfonFakeServer({ baseUrl: 'https://staging.bulutfon.test' });
    const sms = provider.createSms?.({
      options: { baseUrl: 'https://staging.bulutfon.test' },
      env: { BULUTFON_TOKEN: fake.token, BULUTFON_SENDER: 'TEST' },
    });
    const original = globalThis.fetch;
    globalThis.fetch = fake.fetch;
    try {
      const result = await sms?.sendSms({ to: '0532 123 45 67', text: 'Merhaba' });
      expect(result?.messages[0]?.status).toBe('accepted');
      expect(fake.sentMessages.map((message) => message.from)).toEqual(['TEST']);
    } finally {
      globalThis.fetch = original;
    }
  });
});
