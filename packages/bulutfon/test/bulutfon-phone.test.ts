import { InvalidPhoneNumberError } from '@x/messaging-core';
import { describe, expect, it } from 'vitest';
import { toBulutfonNumber } from '../src/bulutfon-phone';

describe('toBulutfonNumber', () => {
  it.each([
    ['+90 532 123 45 67', '905321234567'],
    ['0532 123 4567', '905321234567'],
    ['5321234567', '905321234567'],
    ['00905321234567', '905321234567'],
    ['905321234567', '905321234567'],
    ['(0212) 222-22-22', '902122222222'],
    ['+4915123456789', '4915123456789'],
  ])('reads %j as %j', (input, expected) => {
    expect(toBulutfonNumber(input)).toBe(expected);
  });

  it('accepts numbers as JSON numbers', () => {
    expect(toBulutfonNumber(905321234567)).toBe('905321234567');
  });

  it.each(['abc', '123', '+90532123456', '0532-ABC', '90532123456789'])(
    'refuses %j without echoing it',
    (input) => {
      try {
        toBulutfonNumber(input);
        expect.unreachable();
      } catch (error) {
        expect(InvalidPhoneNumberError.isInstance(error)).toBe(true);
        if (input.length >= 9) expect((error as Error).message).not.toContain(input.replace(/\D/g, ''));
        if (input === '+90532123456') expect((error as InvalidPhoneNumberError).input).toBe('+90532****56');
      }
    },
  );
});
