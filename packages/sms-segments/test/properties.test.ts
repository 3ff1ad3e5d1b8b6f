import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  calculate,
  explain,
  GSM7_BASIC,
  GSM7_EXTENSION,
  GSM7_TURKISH_SINGLE_SHIFT,
  SMS_LIMITS,
  type SmsResolvedType,
  toGsm,
} from '../src/index';

// A deliberately plain model of the rules, built from the exported tables, to check the fast implementation
// against: walk the text character by character and fill segments greedily.
const basic = new Set([...GSM7_BASIC].filter((char) => char !== '\u001b'));
const extension = new Set(Object.keys(GSM7_EXTENSION));
const turkishShift = new Set(Object.keys(GSM7_TURKISH_SINGLE_SHIFT));

/** Splits into characters: surrogate pairs stay together, lone surrogates are single characters. */
function characters(text: string): string[] {
  return text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S]/g) ?? [];
}

function width(char: string, type: SmsResolvedType): number | null {
  if (type === 'unicode') return char.length;
  if (basic.has(char)) return 1;
  if (extension.has(char) || (type === 'turkish' && turkishShift.has(char))) return 2;
  return null;
}

interface ModelResult {
  units: number | null;
  segments: number | null;
  sizes: number[];
}

function model(text: string, type: SmsResolvedType): ModelResult {
  const widths = characters(text).map((char) => width(char, type));
  if (widths.some((value) => value === null)) return { units: null, segments: null, sizes: [] };
  const units = (widths as number[]).reduce((sum, value) => sum + value, 0);
  const limits = SMS_LIMITS[type];
  if (units <= limits.single) return { units, segments: 1, sizes: [units] };
  const sizes = [0];
  for (const value of widths as number[]) {
    if ((sizes[sizes.length - 1] as number) + value > limits.concatenated) sizes.push(0);
    sizes[sizes.length - 1] = (sizes[sizes.length - 1] as number) + value;
  }
  return { units, segments: sizes.length, sizes };
}

const weighted = (chars: string[], weight: number) => ({ arbitrary: fc.constantFrom(...chars), weight });
const character = fc.oneof(
  weighted(['a', 'Z', ' ', '.', '1', '@', '\n', 'é', 'ü', 'Ç', 'Δ'], 60),
  weighted(['€', '{', '|', '\\', '\f', '^'], 8),
  weighted(['ş', 'ı', 'ğ', 'İ', 'Ş', 'ç', 'Ğ'], 12),
  weighted(['â', '’', '\t', '`', '\u0000', '\u001b', 'я'], 3),
  weighted(['😀', '👍🏽', '\uD83D', '\uDE00'], 3),
);
/** Texts around the interesting lengths: a run of plain letters, then a random mix. */
const text = fc
  .tuple(fc.integer({ min: 0, max: 1100 }), fc.string({ unit: character, maxLength: 400 }))
  .map(([run, rest]) => 'a'.repeat(run) + rest);
const gsmText = fc
  .tuple(
    fc.integer({ min: 0, max: 1100 }),
    fc.string({
      unit: fc.oneof(weighted(['a', ' ', 'é'], 5), weighted(['€', '{', 'ş', 'ı', 'İ'], 3)),
      maxLength: 400,
    }),
  )
  .map(([run, rest]) => 'a'.repeat(run) + rest);
const anyText = fc.oneof(text, gsmText, fc.string({ unit: 'binary', maxLength: 300 }));
const types: SmsResolvedType[] = ['normal', 'turkish', 'unicode'];
const runs = { numRuns: 400 };

describe('calculate agrees with the plain model', () => {
  it.each(types)('for type %s', (type) => {
    fc.assert(
      fc.property(anyText, (input) => {
        const result = calculate(input, { type });
        const expected = model(input, type);
        expect(result.units).toBe(expected.units);
        expect(result.segments).toBe(expected.segments);
        if (expected.segments === null) return;
        const limits = SMS_LIMITS[type];
        expect(result.perSegment).toBe(expected.segments === 1 ? limits.single : limits.concatenated);
        expect(result.remaining).toBe(result.perSegment - (expected.sizes.at(-1) as number));
        expect(result.parts.map((part) => model(part, type).units)).toEqual(expected.sizes);
      }),
      runs,
    );
  });
});

describe('properties', () => {
  it('joined parts equal the input and no part exceeds its capacity', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom(...types, 'auto' as const), (input, type) => {
        const result = calculate(input, { type });
        if (result.segments === null) {
          expect(result.parts).toEqual([]);
          return;
        }
        expect(result.parts.join('')).toBe(input);
        expect(result.parts).toHaveLength(result.segments);
        for (const part of result.parts) {
          expect(calculate(part, { type: result.type }).units).toBeLessThanOrEqual(result.perSegment);
        }
      }),
      runs,
    );
  });

  it('never splits a surrogate pair between two parts', () => {
    fc.assert(
      fc.property(anyText, (input) => {
        const parts = calculate(input, { type: 'unicode' }).parts;
        for (let index = 1; index < parts.length; index++) {
          const previous = parts[index - 1] as string;
          const high = previous.charCodeAt(previous.length - 1);
          const low = (parts[index] as string).charCodeAt(0);
          expect(high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff).toBe(false);
        }
      }),
      runs,
    );
  });

  it('auto never costs more segments than a forced type that can encode the text', () => {
    fc.assert(
      fc.property(anyText, (input) => {
        const auto = calculate(input);
        expect(auto.segments).not.toBeNull();
        expect(auto.unencodable).toEqual([]);
        for (const type of types) {
          const forced = calculate(input, { type });
          if (forced.segments !== null) expect(auto.segments).toBeLessThanOrEqual(forced.segments);
        }
        // ...and it is the first type that can encode it, as ties go to the earlier type
        const first = types.find((type) => calculate(input, { type }).segments !== null);
        expect(auto.type).toBe(first);
      }),
      runs,
    );
  });

  it('reports exactly the characters a forced type cannot carry', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom<SmsResolvedType>('normal', 'turkish'), (input, type) => {
        const result = calculate(input, { type });
        const expected = [...new Set(characters(input).filter((char) => width(char, type) === null))];
        expect(result.unencodable).toEqual(expected);
        expect(result.fits).toBe(expected.length === 0 && (result.segments as number) <= 7);
      }),
      runs,
    );
  });

  it('fits when the segments are at most maxSegments', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 1, max: 12 }), (input, maxSegments) => {
        const result = calculate(input, { maxSegments });
        expect(result.fits).toBe((result.segments as number) <= maxSegments);
      }),
      runs,
    );
  });
});

describe('explain and toGsm properties', () => {
  it('explain: alternatives drop what forced the type and never cost more', () => {
    fc.assert(
      fc.property(anyText, (input) => {
        const explanation = explain(input);
        expect(explanation.result).toEqual(calculate(input));
        const rank = { normal: 0, turkish: 1, unicode: 2 };
        for (const alternative of explanation.alternatives) {
          expect(rank[alternative.result.type]).toBeLessThan(rank[explanation.result.type]);
          expect(alternative.without).toEqual(expect.arrayContaining([...explanation.forcedBy]));
          expect(alternative.savedSegments).toBe(
            Math.max(0, (explanation.result.segments as number) - (alternative.result.segments as number)),
          );
        }
        const forcing = explanation.characters.filter((entry) => entry.reason === explanation.result.type);
        expect(explanation.forcedBy).toEqual(forcing.map((entry) => entry.character));
        const counted = explanation.characters.reduce(
          (sum, entry) => sum + entry.count * entry.character.length,
          0,
        );
        const plain = characters(input)
          .filter((char) => basic.has(char))
          .join('').length;
        expect(counted + plain).toBe(input.length);
      }),
      runs,
    );
  });

  it('toGsm: is idempotent, and with transliteration a Turkish text always fits normal', () => {
    const turkishText = fc.string({
      unit: fc.constantFrom(...'aAzZ 09.,!?çÇğĞıİöÖşŞüÜâÂîÎûÛ’‘“”–—…\u00a0\t\u200b€{'.split('')),
      maxLength: 200,
    });
    fc.assert(
      fc.property(turkishText, (input) => {
        const once = toGsm(input, { transliterateTurkish: true });
        expect(toGsm(once.text, { transliterateTurkish: true }).changed).toBe(false);
        expect(calculate(once.text).type).toBe('normal');
        const count = once.replacements.reduce((sum, replacement) => sum + replacement.count, 0);
        expect(once.changed).toBe(count > 0);
        // without transliteration only the circumflexed vowels (in no GSM-7 table) keep a text unicode
        const kept = toGsm(input);
        expect(calculate(kept.text).type === 'unicode').toBe(/[âÂîÎûÛ]/.test(input));
      }),
      runs,
    );
  });
});
