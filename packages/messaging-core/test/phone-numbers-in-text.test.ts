import { describe, expect, it } from 'vitest';
import { maskPhoneNumbersInText } from '../src/index';

describe('maskPhoneNumbersInText', () => {
  it.each([
    ['SMS to +905321234567 failed', 'SMS to +90532*****67 failed'],
    ['SMS to +90 532 123 45 67 failed', 'SMS to +90532*****67 failed'],
    ['call 0532 123 45 67 now', 'call 05321****67 now'],
    ['call (0532) 123-45-67 now', 'call 05321****67 now'],
    ['numara: 5321234567.', 'numara: 53212***67.'],
    ['numara 905321234567', 'numara 90532*****67'],
    ['0090 532 123 45 67', '00905*******67'],
    ['to=+4915123456789&x=1', 'to=+49151******89&x=1'],
  ])('masks the number in %j', (text, expected) => {
    expect(maskPhoneNumbersInText(text)).toBe(expected);
  });

  it.each([
    ['a 32-hex message id', 'messageId 0193ab4c5d6e7f801234567890abcdef sent'],
    ['an all-digit id inside a longer id', 'id 019384756234a1b2c3d4e5f60718293a'],
    ['a 7-digit order number', 'order 1234567 shipped'],
    ['an ISO date and time', 'at 2026-12-04 20:09:13'],
    ['an amount', 'total 1.234.567,89 TL'],
    ['an IP address', 'from 127.0.0.1'],
    ['a Unix time in milliseconds', 'time 1733334444000'],
    ['digits glued to a word', 'ref ABC5321234567'],
  ])('keeps %s readable', (_label, text) => {
    expect(maskPhoneNumbersInText(text)).toBe(text);
  });

  it('masks every number of a text and leaves the ids between them intact', () => {
    const text = 'message 7f3a9c0e1b2d4f6a8c0e1b2d4f6a8c0e to +905321234567 and 0530 987 65 43';
    expect(maskPhoneNumbersInText(text)).toBe(
      'message 7f3a9c0e1b2d4f6a8c0e1b2d4f6a8c0e to +90532*****67 and 05309****43',
    );
  });
});
