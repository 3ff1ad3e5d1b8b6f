import { describe, expect, it } from 'vitest';
import {
  InvalidPhoneNumberError,
  MessagingError,
  maskPhoneNumber,
  normalizePhoneNumber,
  parsePhoneNumberDetails,
  ValidationError,
} from '../src/index';

const E164 = '+905321234567';

function refusal(input: string, defaultCountry?: 'TR' | 'DE'): InvalidPhoneNumberError {
  try {
    normalizePhoneNumber(input, defaultCountry ? { defaultCountry } : undefined);
  } catch (error) {
    if (InvalidPhoneNumberError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the number to be refused');
}

describe('normalizePhoneNumber: what shop customers type', () => {
  it('reads the national form with spaces: 0532 123 45 67', () => {
    expect(normalizePhoneNumber('0532 123 45 67', { defaultCountry: 'TR' })).toBe(E164);
  });

  it('reads parentheses and dashes: (0532) 123-45-67', () => {
    expect(normalizePhoneNumber('(0532) 123-45-67')).toBe(E164);
  });

  it('reads ten digits without the trunk zero: 5321234567', () => {
    expect(normalizePhoneNumber('5321234567')).toBe(E164);
  });

  it('reads the country code without plus: 905321234567', () => {
    expect(normalizePhoneNumber('905321234567')).toBe(E164);
  });

  it('reads the international form: +90 532 123 45 67', () => {
    expect(normalizePhoneNumber('+90 532 123 45 67')).toBe(E164);
  });

  it('reads a doubled prefix: +90 0532 123 45 67', () => {
    expect(normalizePhoneNumber('+90 0532 123 45 67')).toBe(E164);
  });

  it('reads 00 instead of plus: 0090 532 123 45 67', () => {
    expect(normalizePhoneNumber('0090 532 123 45 67')).toBe(E164);
  });

  it('reads Arabic-Indic digits: ٠٥٣٢ ١٢٣ ٤٥ ٦٧', () => {
    expect(normalizePhoneNumber('٠٥٣٢ ١٢٣ ٤٥ ٦٧')).toBe(E164);
  });

  it('reads Persian (extended Arabic-Indic) digits: ۰۵۳۲۱۲۳۴۵۶۷', () => {
    expect(normalizePhoneNumber('۰۵۳۲۱۲۳۴۵۶۷')).toBe(E164);
  });

  it('reads full-width digits and plus: ＋９０ ５３２ １２３ ４５ ６７', () => {
    expect(normalizePhoneNumber('＋９０ ５３２ １２３ ４５ ６７')).toBe(E164);
  });

  it('ignores direction marks and non-breaking spaces pasted from a chat', () => {
    expect(normalizePhoneNumber('\u200E+90\u00A0532\u00A0123\u00A045\u00A067\u200F')).toBe(E164);
  });

  it('reads a tel: link', () => {
    expect(normalizePhoneNumber('tel:+905321234567')).toBe(E164);
  });

  it('reads foreign numbers with their country code', () => {
    expect(normalizePhoneNumber('+49 151 23456789')).toBe('+4915123456789');
    expect(normalizePhoneNumber('0049 151 23456789')).toBe('+4915123456789');
    expect(normalizePhoneNumber('+44 7911 123456')).toBe('+447911123456');
    expect(normalizePhoneNumber('+1 (212) 555-0123')).toBe('+12125550123');
  });

  it('reads foreign numbers typed with the country code but without plus', () => {
    expect(normalizePhoneNumber('4915123456789')).toBe('+4915123456789');
  });

  it('removes a doubled trunk zero for other countries too: +49 0151 23456789', () => {
    expect(normalizePhoneNumber('+49 0151 23456789')).toBe('+4915123456789');
  });

  it('reads national numbers of another default country', () => {
    expect(normalizePhoneNumber('0151 23456789', { defaultCountry: 'DE' })).toBe('+4915123456789');
  });
});

describe('parsePhoneNumberDetails', () => {
  it('describes a Turkish mobile number', () => {
    expect(parsePhoneNumberDetails('0532 123 45 67')).toEqual({
      e164: E164,
      country: 'TR',
      countryCallingCode: '90',
      nationalNumber: '5321234567',
      type: 'mobile',
      isMobile: true,
    });
  });

  it('accepts a landline as valid but flags it as not mobile', () => {
    const details = parsePhoneNumberDetails('0212 123 45 67');
    expect(details.e164).toBe('+902121234567');
    expect(details.type).toBe('fixed-line');
    expect(details.isMobile).toBe(false);
  });

  it('counts fixed-line-or-mobile plans (US) as mobile', () => {
    const details = parsePhoneNumberDetails('+1 212 555 0123');
    expect(details.type).toBe('fixed-line-or-mobile');
    expect(details.isMobile).toBe(true);
  });
});

describe('normalizePhoneNumber: garbage is refused with a reason and a masked input', () => {
  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['abc', 'not-a-number'],
    ['Ayşe Yılmaz', 'not-a-number'],
    ['0532 123 45 6x', 'not-a-number'],
    ['123', 'too-short'],
    ['+90 532', 'too-short'],
    ['0532 123 45 67 89 01 23 45', 'too-long'],
    ['+90 999 999 99 99', 'invalid-number'],
  ])('refuses %j (%s)', (input, reason) => {
    const error = refusal(input);
    expect(error.reason).toBe(reason);
    expect(MessagingError.isInstance(error)).toBe(true);
    expect(error.kind).toBe('invalid-recipient');
  });

  it('never puts the full number in the error', () => {
    const error = refusal('+90 532 123 45 67 8');
    expect(error.message).not.toContain('532123456');
    expect(error.input).toBe('+90532******78');
    expect(JSON.stringify(error)).not.toContain('5321234567');
  });

  it('rejects an unknown default country as a usage error', () => {
    expect(() => normalizePhoneNumber('0532 123 45 67', { defaultCountry: 'XX' as 'TR' })).toThrow(
      ValidationError,
    );
  });

  it('refuses a non-string input', () => {
    expect(refusal(5321234567 as unknown as string).reason).toBe('not-a-number');
  });
});

describe('maskPhoneNumber', () => {
  it('keeps the country code, the first digits and the last two', () => {
    expect(maskPhoneNumber('+905321234567')).toBe('+90532*****67');
    expect(maskPhoneNumber('0532 123 45 67')).toBe('05321****67');
  });

  it('drops everything that is not a digit', () => {
    expect(maskPhoneNumber('Ayşe')).toBe('***');
    expect(maskPhoneNumber('call 12345')).toBe('*****');
  });

  it('masks short inputs whole', () => {
    expect(maskPhoneNumber('+90532')).toBe('+*****');
  });

  it('stays short for an input of a million digits, in the mask and in the error about it', () => {
    const pasted = `+90${'5'.repeat(1_000_000)}12`;
    expect(maskPhoneNumber(pasted)).toBe(`+90555${'*'.repeat(16)}…12`);
    const error = (() => {
      try {
        normalizePhoneNumber(pasted);
      } catch (caught) {
        return caught as Error;
      }
      throw new Error('a million digits were read as a phone number');
    })();
    expect(error.name).toBe('InvalidPhoneNumberError');
    expect(error.message.length).toBeLessThan(80);
  });
});
