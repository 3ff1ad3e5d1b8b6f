import { describe, expect, it } from 'vitest';
import { calculate, toGsm } from '../src/index';

describe('toGsm', () => {
  it('replaces look-alike punctuation and spaces, and reports each kind once', () => {
    const result = toGsm('It’s “ready” – really…\u00a0ok\u200b’');
    expect(result.text).toBe('It\'s "ready" - really... ok\'');
    expect(result.changed).toBe(true);
    expect(result.replacements).toEqual([
      { from: '’', to: "'", count: 2 },
      { from: '“', to: '"', count: 1 },
      { from: '”', to: '"', count: 1 },
      { from: '–', to: '-', count: 1 },
      { from: '…', to: '...', count: 1 },
      { from: '\u00a0', to: ' ', count: 1 },
      { from: '\u200b', to: '', count: 1 },
    ]);
    expect(calculate(result.text).type).toBe('normal');
  });

  it('keeps Turkish letters unless asked to transliterate them', () => {
    const text = 'Sayın Ayşe, kâr payı ödemeniz çıktı – İyi günler';
    const kept = toGsm(text);
    expect(kept.text).toBe('Sayın Ayşe, kâr payı ödemeniz çıktı - İyi günler');
    expect(calculate(kept.text).type).toBe('unicode'); // â is in no GSM table

    const ascii = toGsm(text, { transliterateTurkish: true });
    expect(ascii.text).toBe('Sayin Ayse, kar payi ödemeniz cikti - Iyi günler');
    expect(calculate(ascii.text).type).toBe('normal');
    expect(ascii.replacements).toContainEqual({ from: 'ı', to: 'i', count: 4 });
    expect(ascii.replacements).toContainEqual({ from: 'İ', to: 'I', count: 1 });
  });

  it('returns the same text when there is nothing to replace', () => {
    expect(toGsm('Merhaba 😀')).toEqual({ text: 'Merhaba 😀', changed: false, replacements: [] });
    expect(toGsm('şğı')).toEqual({ text: 'şğı', changed: false, replacements: [] });
  });

  it('leaves emoji and other scripts alone', () => {
    expect(toGsm('Привет 😀 “x”').text).toBe('Привет 😀 "x"');
  });

  it('rejects a text that is not a string', () => {
    expect(() => toGsm(undefined as unknown as string)).toThrow(
      'toGsm: text must be a string, received undefined',
    );
  });
});
