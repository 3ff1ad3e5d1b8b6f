import { describe, expect, it } from 'vitest';
import {
  cdrPageResponseSchema,
  meResponseSchema,
  messageResponseSchema,
  parseIsoTimestamp,
  withoutCredentials,
} from '../src/bulutfon-schemas';

describe('withoutCredentials', () => {
  it.each([
    ['/messages?access_token=xxx&limit=2&page=2', '/messages?limit=2&page=2'],
    ['/messages?limit=2&access_token=xxx', '/messages?limit=2'],
    ['https://api.bulutfon.com/cdrs?page=2', 'https://api.bulutfon.com/cdrs?page=2'],
    ['/cdrs?email=a%40b.c&password=p&page=3', '/cdrs?page=3'],
  ])('cleans %s', (input, expected) => {
    expect(withoutCredentials(input)).toBe(expected);
  });
});

describe('response schemas', () => {
  it('tolerates a me without credit and an unknown package', () => {
    expect(meResponseSchema.parse({ pbx: { package: 'APSIYON PRO' } })).toEqual({
      user: { email: undefined, name: undefined, gsm: undefined },
      pbx: {
        name: undefined,
        url: undefined,
        state: undefined,
        package: 'APSIYON PRO',
        customerType: undefined,
      },
      credit: { balance: undefined, smsCredits: undefined },
    });
  });

  it('reads the message detail under `messages` too (Android SDK shape) and plain recipient numbers', () => {
    const detail = messageResponseSchema.parse({
      messages: { id: '3', recipients: [905321234567, { number: '905331234567', state: 'SENT' }] },
    });
    expect(detail.id).toBe(3);
    expect(detail.recipients).toEqual([
      { number: '905321234567' },
      { number: '905331234567', state: 'SENT' },
    ]);
  });

  it('keeps unknown enum values and drops unparseable dates', () => {
    const page = cdrPageResponseSchema.parse({
      cdrs: [
        {
          uuid: 'u',
          direction: 'TRANSFER',
          call_time: 'yesterday',
          hangup_cause: 'NEW_CAUSE',
          call_price: '',
        },
      ],
    });
    expect(page.cdrs[0]).toMatchObject({
      direction: 'TRANSFER',
      callTime: undefined,
      hangupCause: 'NEW_CAUSE',
      callPrice: undefined,
    });
  });
});

describe('parseIsoTimestamp', () => {
  it.each([
    '2017-03-15T09:46:05+03:00',
    '2015-06-18T17:59:19.060+03:00',
    '2015-06-18T17:59:19.06+03:00',
    '2015-06-18T17:59:19.123456+03:00',
    '2020-02-29T23:59:59Z',
    '2020-01-01T00:00:00.5Z',
    '1999-12-31T22:00:00-05:30',
    '2017-03-15 09:46:05',
    '2017-03-15',
  ])('agrees with Date for %s', (text) => {
    expect(parseIsoTimestamp(text)).toBe(new Date(text).getTime());
  });

  it('gives NaN for garbage', () => {
    expect(parseIsoTimestamp('2017-0x-15T09:46:05+03:00')).toBeNaN();
    expect(parseIsoTimestamp('yesterday')).toBeNaN();
  });
});

describe('CDR list validation', () => {
  it('names the item without a uuid', () => {
    const result = cdrPageResponseSchema.safeParse({ cdrs: [{ uuid: 'a' }, { caller: 1 }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['cdrs', 1, 'uuid']);
  });
});
