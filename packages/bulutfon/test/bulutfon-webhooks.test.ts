import { AuthenticationError, ValidationError } from '@x/messaging-core';
import { describe, expect, it } from 'vitest';
import {
  mapBulutfonWebhookPayload,
  parseBulutfonWebhook,
  timingSafeEqualStrings,
  verifyBulutfonWebhookCredentials,
} from '../src/bulutfon-webhooks';

const hangup = {
  event_type: 'call_hangup',
  domain_id: 12,
  account_id: 34,
  caller: '905321234567',
  callee: '902122222222',
  uuid: 'a1b2',
  direction: 'IN',
  timestamp: 1700000000123456,
  talk_duration: '42',
  hangup_cause: 'NORMAL_CLEARING',
  hangup_detail: 'recv_bye',
  result_disposition: 'SUCCESS',
  cdr_url: 'https://panel/cdr',
  cdr_api_url: 'https://api.bulutfon.com/v2/cdr/2023/11/14/a1b2',
  autodial: true,
  additional_data: null,
  callback_url: null,
};

function basic(user: string, password: string): string {
  return `Basic ${btoa(`${user}:${password}`)}`;
}

describe('mapBulutfonWebhookPayload', () => {
  it.each([
    ['call_init', 'call-start'],
    ['call_hangup', 'call-end'],
    ['fax_init', 'fax'],
    ['missing_call', 'missed-call'],
    ['call_init_extension', 'extension-call'],
    ['incoming_call_extension', 'extension-call'],
    ['call_init_group', 'group-call'],
    ['incoming_call_group', 'group-call'],
    ['call_init_menu', 'menu-call'],
    ['call_init_manu', 'menu-call'],
    ['something_new', 'unknown'],
  ])('maps %s to %s', (eventType, type) => {
    expect(mapBulutfonWebhookPayload({ event_type: eventType }).type).toBe(type);
  });

  it('reads the hang-up fields and the microsecond timestamp', () => {
    const event = mapBulutfonWebhookPayload(hangup);
    expect(event).toMatchObject({
      type: 'call-end',
      domainId: '12',
      accountId: '34',
      talkDuration: 42,
      hangupDetail: 'recv_bye',
      autodial: true,
      additionalData: undefined,
      callbackUrl: undefined,
      timestampMicros: 1700000000123456,
    });
    expect(event.timestamp?.toISOString()).toBe('2023-11-14T22:13:20.123Z');
  });

  it('refuses a payload without event_type', () => {
    expect(() => mapBulutfonWebhookPayload({ uuid: 'x' })).toThrow(ValidationError);
  });
});

describe('parseBulutfonWebhook', () => {
  it('reads JSON', async () => {
    const request = new Request('https://shop.test/hooks/bulutfon', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(hangup),
    });
    expect((await parseBulutfonWebhook(request)).uuid).toBe('a1b2');
  });

  it('reads form data, where booleans are strings', async () => {
    const request = new Request('https://shop.test/hooks', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'event_type=incoming_call_group&destination=601&autodial=false&timestamp=1700000000000000',
    });
    const event = await parseBulutfonWebhook(request);
    expect(event).toMatchObject({ type: 'group-call', destination: '601', autodial: false });
    expect(event.timestamp?.getTime()).toBe(1700000000000);
  });

  it('enforces HTTP Basic credentials when configured', async () => {
    const credentials = { username: 'hook', password: 's3cret-pass' };
    const make = (authorization?: string) =>
      new Request('https://shop.test/hooks?key=query-secret', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify(hangup),
      });
    expect((await parseBulutfonWebhook(make(basic('hook', 's3cret-pass')), { credentials })).type).toBe(
      'call-end',
    );
    const error = await parseBulutfonWebhook(make(basic('hook', 'wrong')), { credentials }).catch((e) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(JSON.stringify({ ...error, message: error.message })).not.toMatch(/s3cret|query-secret|wrong/);
    await expect(parseBulutfonWebhook(make(), { credentials })).rejects.toThrow(AuthenticationError);
  });

  it('refuses a body that is not an object', async () => {
    const request = new Request('https://shop.test/hooks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '[1,2]',
    });
    await expect(parseBulutfonWebhook(request)).rejects.toThrow(ValidationError);
  });
});

describe('credential checks', () => {
  it('compares strings exactly', () => {
    expect(timingSafeEqualStrings('abc', 'abc')).toBe(true);
    expect(timingSafeEqualStrings('abc', 'abd')).toBe(false);
    expect(timingSafeEqualStrings('abc', 'abcd')).toBe(false);
    expect(timingSafeEqualStrings('', '')).toBe(true);
  });

  it('accepts only the configured pair, with a colon allowed in the password', () => {
    const credentials = { username: 'u', password: 'p:w' };
    expect(verifyBulutfonWebhookCredentials(basic('u', 'p:w'), credentials)).toBe(true);
    expect(verifyBulutfonWebhookCredentials(basic('u', 'p'), credentials)).toBe(false);
    expect(verifyBulutfonWebhookCredentials('Bearer x', credentials)).toBe(false);
    expect(verifyBulutfonWebhookCredentials(null, { username: '', password: '' })).toBe(false);
  });
});
