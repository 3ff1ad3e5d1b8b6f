import { describe, expect, it } from 'vitest';
import { translator } from '../src/i18n';

describe("a provider's balance on the overview", () => {
  it('reads credits in the console language', () => {
    expect(translator('tr').balance(9993, 'credits')).toBe('9.993 kredi');
    expect(translator('en').balance(9993, 'credits')).toBe('9,993 credits');
  });

  it('reads a currency in the language money format', () => {
    expect(translator('tr').balance(1234.5, 'TRY')).toBe('₺1.234,50');
    expect(translator('en').balance(1234.5, 'TRY')).toBe('TRY\u00a01,234.50');
  });

  it('reads any other unit as a plain number, never as raw text of the unit', () => {
    expect(translator('tr').balance(1234.5, 'money')).toBe('1.234,5');
    expect(translator('tr').balance(12, 'try')).toBe('12');
  });
});
