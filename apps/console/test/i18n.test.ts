import { describe, expect, it } from 'vitest';
import { translator } from '../src/i18n';

describe("a provider's balance on the overview", () => {
  it('reads credits in the console language', () => {
    expect(translator('tr').balance(9993, 'credits')).toBe('9.993 kredi');
    expect(translator('en').balance(9993, 'credits')).toBe('9,993 credits');
  });

  // The exact spacing of a currency comes from the runtime's locale data; the parts a reader relies on do not.
  it('reads a currency, in either case, in the language money format', () => {
    for (const unit of ['TRY', 'try']) {
      const turkish = translator('tr').balance(1234.5, unit);
      expect(turkish).toContain('₺');
      expect(turkish).toContain('1.234,50');
      expect(translator('en').balance(1234.5, unit)).toMatch(/TRY\s?1,234\.50|₺1,234\.50/);
    }
  });

  it('reads an amount of no named currency as a number, and any other unit after the number', () => {
    expect(translator('tr').balance(1234.5, 'money')).toBe('1.234,5');
    expect(translator('tr').balance(120, 'SMS paketi')).toBe('120 SMS paketi');
  });
});
