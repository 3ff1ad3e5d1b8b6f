import { describe, expect, it } from 'vitest';
import { cdrPageResponseSchema } from '../src/bulutfon-cdr-response';
import { parseIsoTimestamp, withoutCredentials } from '../src/bulutfon-response-fields';
import { meResponseSchema, messageResponseSchema } from '../src/bulutfon-schemas';

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
      pagination: { page: 1, total_pages: 1 },
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

  it('agrees with Date over four centuries of instants, offsets and fractions', () => {
    let seed = 12_345;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const pad = (value: number, length = 2) => String(value).padStart(length, '0');
    for (let index = 0; index < 2000; index++) {
      const instant = new Date(Date.UTC(1800, 0, 1) + Math.floor(random() * 400 * 365.25 * 86_400_000));
      const offsetMinutes = Math.floor(random() * 28) * 30 - 12 * 60;
      const local = new Date(instant.getTime() + offsetMinutes * 60_000);
      const fraction =
        index % 3 === 0 ? '' : `.${pad(local.getUTCMilliseconds(), 3).slice(0, 1 + (index % 3))}`;
      const zone =
        index % 5 === 0
          ? 'Z'
          : `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
      const stamp = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${fraction}${zone}`;
      expect(parseIsoTimestamp(stamp), stamp).toBe(new Date(stamp).getTime());
    }
  });

  it('leaves out-of-range fields to Date (an invalid month is NaN, not a rolled-over date)', () => {
    expect(parseIsoTimestamp('2017-13-01T00:00:00+03:00')).toBeNaN();
    expect(parseIsoTimestamp('2017-03-15T25:00:00Z')).toBeNaN();
    expect(parseIsoTimestamp('2017-03-15T24:00:00Z')).toBe(new Date('2017-03-15T24:00:00Z').getTime());
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

  it('refuses a list or pagination of the wrong type, naming where', () => {
    expect(cdrPageResponseSchema.safeParse({ cdrs: 'none' }).error?.issues[0]?.path).toEqual(['cdrs']);
    expect(cdrPageResponseSchema.safeParse([]).success).toBe(false);
    const result = cdrPageResponseSchema.safeParse({ cdrs: [], pagination: { total_pages: { n: 2 } } });
    expect(result.error?.issues[0]?.path).toEqual(['pagination', 'total_pages']);
  });

  it('reads pagination sent as numbers or numeric strings, and cleans credentials from the links', () => {
    const page = cdrPageResponseSchema.parse({
      cdrs: null,
      pagination: {
        page: '2',
        total_count: 250,
        total_pages: '3',
        limit: 100,
        previous_page: 'https://api.bulutfon.com/cdrs?access_token=secret&page=1',
        next_page: null,
      },
    });
    expect(page).toEqual({
      cdrs: [],
      pagination: {
        page: 2,
        totalCount: 250,
        totalPages: 3,
        limit: 100,
        previousPage: 'https://api.bulutfon.com/cdrs?page=1',
        nextPage: undefined,
      },
    });
  });
});
