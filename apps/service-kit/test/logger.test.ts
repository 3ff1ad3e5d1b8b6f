import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger';
import { maskPhone, maskPhoneNumbersInText } from '../src/phone-masking';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[]; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  const text = () => chunks.join('');
  return {
    stream,
    text,
    lines: () =>
      text()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('phone masking', () => {
  it.each([
    ['+905321234567', '+90532*****67'],
    ['0532 123 45 67', '0532*****67'],
    ['(0532) 123-45-67', '0532*****67'],
    ['5321234567', '5321****67'],
    ['12345', '*****'],
  ])('masks %s as %s', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });

  it('masks numbers inside text but leaves short order numbers alone', () => {
    expect(maskPhoneNumbersInText('Sipariş 1001, alıcı 0532 123 45 67')).toBe(
      'Sipariş 1001, alıcı 0532*****67',
    );
  });
});

describe('createLogger', () => {
  it('masks phone numbers in messages and fields, and never prints secrets or authorization headers', () => {
    const output = capture();
    const logger = createLogger({ secrets: ['super-secret-token'], destination: output.stream });
    logger.info(
      {
        phone: '+905321234567',
        nested: { note: 'token super-secret-token' },
        headers: { authorization: 'Bearer x' },
      },
      'sending to 0532 123 45 67',
    );
    const text = output.text();
    expect(text).not.toContain('1234567');
    expect(text).not.toContain('super-secret-token');
    expect(text).not.toContain('Bearer x');
    const [line] = output.lines();
    expect(line?.msg).toBe('sending to 0532*****67');
    expect(line?.phone).toBe('+90532*****67');
    expect((line?.nested as { note: string } | undefined)?.note).toBe('token [redacted]');
  });

  it('respects the level', () => {
    const output = capture();
    const logger = createLogger({ level: 'warn', destination: output.stream });
    logger.info('hidden');
    logger.warn('shown');
    expect(output.lines().map((line) => line.msg)).toEqual(['shown']);
  });
});
