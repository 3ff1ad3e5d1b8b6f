import { calculate } from '@x/sms-segments';
import { describe, expect, it } from 'vitest';
import {
  createCapabilities,
  InvalidPhoneNumberError,
  MessageTooLongError,
  measureSmsText,
  prepareRecipients,
  ValidationError,
} from '../src/index';

describe('measureSmsText', () => {
  it('picks the cheapest type that carries the text, as @x/sms-segments does', () => {
    for (const text of ['Hello', 'Sipariş hazır', 'Привет 📦']) {
      const expected = calculate(text);
      expect(measureSmsText(text)).toEqual({ type: expected.type, segments: expected.segments });
    }
  });

  it('skips types the provider cannot send', () => {
    expect(measureSmsText('Sipariş hazır', { messageTypes: ['normal', 'unicode'] }).type).toBe('unicode');
  });

  it('refuses too long texts, untransportable characters and unsupported types', () => {
    expect(() => measureSmsText('a'.repeat(400), { maxSegments: 2 })).toThrow(MessageTooLongError);
    expect(() => measureSmsText('Ş', { type: 'normal' })).toThrow(ValidationError);
    expect(() => measureSmsText('x', { type: 'turkish', messageTypes: ['normal'] })).toThrow(ValidationError);
    expect(() => measureSmsText('')).toThrow(ValidationError);
  });
});

describe('prepareRecipients', () => {
  it('normalises, deduplicates and keeps invalid inputs with their error', () => {
    const prepared = prepareRecipients(['0532 123 45 67', '+905321234567', 'x', '0212 123 45 67']);
    expect(prepared.valid).toEqual(['+905321234567', '+902121234567']);
    expect(prepared.recipients).toHaveLength(3);
    expect(InvalidPhoneNumberError.isInstance(prepared.recipients[1]?.error)).toBe(true);
    expect(prepared.warnings).toEqual([
      expect.objectContaining({ type: 'landline', recipient: '+90212*****67' }),
    ]);
  });

  it('refuses no recipients or too many', () => {
    expect(() => prepareRecipients([])).toThrow(ValidationError);
    expect(() => prepareRecipients(['05321234567', '05337654321'], { maxRecipients: 1 })).toThrow(
      ValidationError,
    );
  });
});

describe('createCapabilities', () => {
  it('turns everything optional off unless given', () => {
    const capabilities = createCapabilities({ balance: true, maxRecipientsPerCall: 50 });
    expect(capabilities).toMatchObject({
      balance: true,
      senders: false,
      blacklist: false,
      maxRecipientsPerCall: 50,
    });
    expect(capabilities.messageTypes).toEqual(['normal', 'turkish', 'unicode']);
  });
});
