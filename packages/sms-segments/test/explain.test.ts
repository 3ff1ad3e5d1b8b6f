import { describe, expect, it } from 'vitest';
import { calculate, explain } from '../src/index';

describe('explain', () => {
  it('names the emoji that forced Unicode and what the text costs without it, then without Turkish letters', () => {
    const text = `Sayın müşterimiz, siparişiniz yola çıktı 🚚 ${'Teşekkürler! '.repeat(5)}`;
    const explanation = explain(text);
    expect(explanation.result).toMatchObject({ type: 'unicode', segments: 2 });
    expect(explanation.forcedBy).toEqual(['🚚']);
    expect(explanation.characters).toEqual([
      { character: 'ı', codePoint: 'U+0131', count: 3, reason: 'turkish' },
      { character: 'ş', codePoint: 'U+015F', count: 7, reason: 'turkish' },
      { character: 'ç', codePoint: 'U+00E7', count: 1, reason: 'turkish' },
      { character: '🚚', codePoint: 'U+1F69A', count: 1, reason: 'unicode' },
    ]);
    expect(explanation.alternatives).toHaveLength(2);
    const [withoutEmoji, plain] = explanation.alternatives;
    expect(withoutEmoji).toMatchObject({ without: ['🚚'], savedSegments: 1 });
    expect(withoutEmoji?.result).toMatchObject({ type: 'turkish', segments: 1 });
    expect(plain).toMatchObject({ without: ['🚚', 'ı', 'ş', 'ç'], savedSegments: 1 });
    expect(plain?.result).toMatchObject({ type: 'normal', segments: 1 });
  });

  it('shows that a few Turkish letters cost a second segment', () => {
    const text = `${'a'.repeat(150)} şşı`;
    const explanation = explain(text);
    expect(explanation.result).toMatchObject({ type: 'turkish', segments: 2 });
    expect(explanation.forcedBy).toEqual(['ş', 'ı']);
    expect(explanation.alternatives).toEqual([
      { without: ['ş', 'ı'], result: calculate(`${'a'.repeat(150)} `), savedSegments: 1 },
    ]);
  });

  it('lists extension characters for a normal message, with no cheaper type', () => {
    const explanation = explain('Fiyat: 10€ {kampanya}');
    expect(explanation.result.type).toBe('normal');
    expect(explanation.forcedBy).toEqual([]);
    expect(explanation.alternatives).toEqual([]);
    expect(explanation.characters.map(({ character, count, reason }) => [character, count, reason])).toEqual([
      ['€', 1, 'extension'],
      ['{', 1, 'extension'],
      ['}', 1, 'extension'],
    ]);
  });

  it('finds a unicode text with no Turkish letters a normal alternative directly', () => {
    const explanation = explain('It’s ready');
    expect(explanation.alternatives).toHaveLength(1);
    expect(explanation.alternatives[0]?.result.type).toBe('normal');
    expect(explanation.characters[0]).toMatchObject({
      character: '’',
      codePoint: 'U+2019',
      reason: 'unicode',
    });
  });

  it('rejects a text that is not a string', () => {
    expect(() => explain(1 as unknown as string)).toThrow(TypeError);
  });
});
