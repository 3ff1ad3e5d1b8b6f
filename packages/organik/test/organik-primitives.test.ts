import { createHash } from 'node:crypto';
import { InvalidPhoneNumberError, MessageTooLongError, ValidationError } from '@x/messaging-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapOrganikStatus } from '../src/map-organik-status';
import { md5Hex, organikApiKey } from '../src/organik-md5';
import { organikMessageFormat } from '../src/organik-message';
import { organikGsmToE164, toOrganikGsm } from '../src/organik-phone';
import { formatIstanbulDate, formatIstanbulDateTime, parseIstanbulDateTime } from '../src/organik-time';
import { toOrganikTrackId } from '../src/organik-track-id';

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('organikApiKey', () => {
  it('reproduces the documentation example', () => {
    expect(organikApiKey('OrganikHaberlesme', 'mn_0g4R!')).toBe('ce136df4c9c92d1428e828aba07d3b05');
  });

  it('agrees with node:crypto on any UTF-8 text, across block boundaries', () => {
    // Code points of every UTF-8 length (1 to 4 bytes), lone surrogates included; built from integers because
    // fast-check's `binary` string unit takes about a second to set up, which is too slow under a loaded CI.
    const codePoint = fc.oneof(
      fc.integer({ min: 0, max: 0x7f }),
      fc.integer({ min: 0x80, max: 0x7ff }),
      fc.integer({ min: 0x800, max: 0xffff }),
      fc.integer({ min: 0x10000, max: 0x10ffff }),
    );
    const text = fc.array(codePoint, { maxLength: 200 }).map((points) => String.fromCodePoint(...points));
    fc.assert(
      fc.property(text, (value) => md5Hex(value) === createHash('md5').update(value, 'utf8').digest('hex')),
      { numRuns: 300 },
    );
    // Every length around the 64-byte block and the 56-byte padding boundary, in 1-, 2- and 4-byte characters.
    for (const unit of ['a', 'ş', '😀']) {
      for (const bytes of [0, 1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129]) {
        const value = unit.repeat(Math.ceil(bytes / new TextEncoder().encode(unit).length));
        expect(md5Hex(value)).toBe(createHash('md5').update(value, 'utf8').digest('hex'));
      }
    }
  });
});

describe('Istanbul time', () => {
  it('formats in UTC+3 whatever the host zone', () => {
    expect(formatIstanbulDateTime(new Date('2030-01-31T06:30:59Z'))).toBe('2030-01-31 09:30');
    expect(formatIstanbulDateTime(new Date('2030-01-31T22:05:07Z'), true)).toBe('2030-02-01 01:05:07');
    expect(formatIstanbulDate(new Date('2029-12-31T21:00:00Z'))).toBe('2030-01-01');
  });

  it('parses report dates as Istanbul time and refuses impossible ones', () => {
    expect(parseIstanbulDateTime('2017-01-04 15:46:10')?.toISOString()).toBe('2017-01-04T12:46:10.000Z');
    expect(parseIstanbulDateTime('2017-01-04 15:46')?.toISOString()).toBe('2017-01-04T12:46:00.000Z');
    expect(parseIstanbulDateTime('1980-02-29')?.toISOString()).toBe('1980-02-28T21:00:00.000Z');
    expect(parseIstanbulDateTime('2021-02-29')).toBeUndefined();
    expect(parseIstanbulDateTime('2021-01-01 24:00')).toBeUndefined();
    expect(parseIstanbulDateTime('yesterday')).toBeUndefined();
  });

  it('round-trips any minute', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000 }), (minutes) => {
        const date = new Date(minutes * 60_000);
        expect(parseIstanbulDateTime(formatIstanbulDateTime(date))?.getTime()).toBe(date.getTime());
      }),
    );
  });
});

describe('phone numbers', () => {
  it.each([
    ['0532 123 45 67', '905321234567'],
    ['5321234567', '905321234567'],
    ['+90 (532) 123-45-67', '905321234567'],
    ['0090 532 123 45 67', '905321234567'],
    ['905321234567', '905321234567'],
    ['0212 123 45 67', '902121234567'],
    ['+61 491 570 156', '61491570156'],
  ])('normalises %s to %s', (input, expected) => {
    expect(toOrganikGsm(input)).toBe(expected);
  });

  it.each([
    ['0532 123 45', 'too-short'],
    ['+90 532 123 45 67 8', 'too-long'],
    ['abc', 'not-a-number'],
    ['61491570156', 'invalid-country'],
  ])('refuses %s (%s) with a masked input', (input, reason) => {
    const error = thrown(() => toOrganikGsm(input));
    expect(InvalidPhoneNumberError.isInstance(error)).toBe(true);
    expect((error as InvalidPhoneNumberError).reason).toBe(reason);
    const digits = input.replace(/\D/g, '');
    if (digits.length > 6) expect((error as Error).message).not.toContain(digits);
  });

  it('turns the digits of Organik’s answers into E.164', () => {
    expect(organikGsmToE164('905321234567')).toBe('+905321234567');
    expect(organikGsmToE164('5321234567')).toBe('+905321234567');
  });
});

describe('message_format', () => {
  it('is the cheapest type that carries the text, or the explicit type', () => {
    expect(organikMessageFormat('Order 1001 shipped')).toBe(0);
    expect(organikMessageFormat('Siparişiniz kargoda')).toBe(1);
    expect(organikMessageFormat('Заказ отправлен')).toBe(2);
    expect(organikMessageFormat('Order shipped', 'unicode')).toBe(2);
  });

  it('refuses more than 7 parts, and characters the explicit type cannot carry, without quoting the text', () => {
    expect(organikMessageFormat('a'.repeat(1071))).toBe(0);
    const tooLong = thrown(() => organikMessageFormat('a'.repeat(1072)));
    expect(MessageTooLongError.isInstance(tooLong)).toBe(true);
    expect(tooLong).toMatchObject({ type: 'normal', segments: 8, maxSegments: 7, providerId: 'organik' });
    expect(() => organikMessageFormat('ş'.repeat(1044))).toThrow(MessageTooLongError);
    expect(() => organikMessageFormat('Ж'.repeat(470))).toThrow(MessageTooLongError);
    const unencodable = thrown(() => organikMessageFormat('Gizli şifre', 'normal'));
    expect(ValidationError.isInstance(unencodable)).toBe(true);
    expect((unencodable as Error).message).not.toContain('Gizli');
    expect(() => organikMessageFormat('')).toThrow(ValidationError);
  });
});

describe('toOrganikTrackId', () => {
  it('keeps a canonical integer within signed 64-bit and digests anything else', () => {
    expect(toOrganikTrackId('4711')).toBe('4711');
    expect(toOrganikTrackId('0')).toBe('0');
    expect(toOrganikTrackId('9223372036854775807')).toBe('9223372036854775807');
    for (const reference of ['9223372036854775808', '0042', '-5', '12.5', 'order-1001/shipped', '']) {
      expect(toOrganikTrackId(reference)).not.toBe(reference);
    }
    // The documented digest: the first 13 hex digits of the MD5 of the UTF-8 bytes, in decimal.
    const md5 = createHash('md5').update('order-1001/shipped', 'utf8').digest('hex');
    expect(toOrganikTrackId('order-1001/shipped')).toBe(String(Number.parseInt(md5.slice(0, 13), 16)));
  });

  it('gives digits within 2^52 for any other text, always the same, and is stable on its own result', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (reference) => {
        const trackId = toOrganikTrackId(reference);
        expect(trackId).toMatch(/^(0|[1-9]\d{0,18})$/);
        expect(toOrganikTrackId(reference)).toBe(trackId);
        expect(toOrganikTrackId(trackId)).toBe(trackId);
        if (trackId !== reference) expect(Number(trackId)).toBeLessThan(2 ** 52);
      }),
      { numRuns: 300 },
    );
  });
});

describe('mapOrganikStatus', () => {
  it.each([
    [0, 'queued'],
    [1, 'sent'],
    [2, 'delivered'],
    [3, 'rejected'],
    [4, 'expired'],
    [9, 'failed'],
  ] as const)('maps %i to %s', (status, expected) => {
    expect(mapOrganikStatus(status)).toBe(expected);
  });
});
