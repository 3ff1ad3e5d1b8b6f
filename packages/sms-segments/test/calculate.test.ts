import { describe, expect, it } from 'vitest';
import { calculate, cost, SMS_LIMITS } from '../src/index';

describe('calculate: result shape', () => {
  it('describes a Turkish order notification', () => {
    const result = calculate('Siparişiniz kargoya verildi');
    expect(result).toMatchObject({
      type: 'turkish',
      encoding: 'gsm7-turkish',
      units: 28,
      segments: 1,
      perSegment: 155,
      remaining: 127,
      fits: true,
      unencodable: [],
    });
    expect(result.parts).toEqual(['Siparişiniz kargoya verildi']);
  });

  it('serialises parts with JSON.stringify', () => {
    const json = JSON.parse(JSON.stringify(calculate('a'.repeat(161))));
    expect(json).toEqual({
      type: 'normal',
      encoding: 'gsm7',
      units: 161,
      segments: 2,
      perSegment: 153,
      remaining: 145,
      fits: true,
      parts: ['a'.repeat(153), 'a'.repeat(8)],
      unencodable: [],
    });
  });

  it('returns the same parts array on every access', () => {
    const result = calculate('ş'.repeat(100));
    expect(result.parts).toBe(result.parts);
    expect(Object.isFrozen(result.parts)).toBe(true);
    expect(result.parts).toEqual(['ş'.repeat(74), 'ş'.repeat(26)]);
  });

  it('lists what a forced type cannot carry, once each, in order', () => {
    const result = calculate('çay ve kahve 😀 çay', { type: 'normal' });
    expect(result).toMatchObject({ type: 'normal', units: null, segments: null, fits: false, remaining: 0 });
    expect(result.unencodable).toEqual(['ç', '😀']);
    expect(result.parts).toEqual([]);
    expect(calculate('çay 😀', { type: 'turkish' }).unencodable).toEqual(['😀']);
  });

  it('reports a text over the 7-segment maximum with the segments it would need', () => {
    const result = calculate('a'.repeat(1072));
    expect(result).toMatchObject({ segments: 8, fits: false, remaining: 152 });
    expect(calculate('a'.repeat(1072), { maxSegments: 8 }).fits).toBe(true);
    expect(calculate('a'.repeat(161), { maxSegments: 1 }).fits).toBe(false);
  });

  it('exposes the limits per type', () => {
    expect(SMS_LIMITS.normal).toEqual({
      encoding: 'gsm7',
      single: 160,
      concatenated: 153,
      maxSegments: 7,
      maxUnits: 1071,
    });
    expect(SMS_LIMITS.turkish.maxUnits).toBe(SMS_LIMITS.turkish.concatenated * 7);
    expect(SMS_LIMITS.unicode.maxUnits).toBe(469);
    expect(Object.isFrozen(SMS_LIMITS.unicode)).toBe(true);
  });
});

describe('calculate: awkward input', () => {
  it('carries NUL, ESC and other control characters as UCS-2 only', () => {
    for (const char of ['\u0000', '\u001b', '\u0007', '\t', '\u007f', '\u0085']) {
      expect(calculate(`a${char}b`)).toMatchObject({ type: 'unicode', units: 3, segments: 1 });
      expect(calculate(`a${char}b`, { type: 'normal' }).unencodable).toEqual([char]);
    }
  });

  it('counts a lone surrogate as one UTF-16 unit and may split next to it', () => {
    expect(calculate('\uD83D')).toMatchObject({ type: 'unicode', units: 1, segments: 1 });
    expect(calculate('a\uDE00b\uD83D', { type: 'turkish' }).unencodable).toEqual(['\uDE00', '\uD83D']);
    const text = `${'a'.repeat(66)}\uD83D${'a'.repeat(10)}`;
    expect(calculate(text).parts).toEqual([`${'a'.repeat(66)}\uD83D`, 'a'.repeat(10)]);
  });

  it('keeps a surrogate pair whole at a boundary but splits a ZWJ sequence between code points', () => {
    const family = '👨‍👩‍👧';
    const text = `${'a'.repeat(64)}${family}`;
    const parts = calculate(text).parts;
    expect(parts.join('')).toBe(text);
    expect(parts[0]).toBe(`${'a'.repeat(64)}👨\u200d`);
  });

  it('handles a 1 MB text', () => {
    const big = 'Sipariş '.repeat(131_072);
    const result = calculate(big);
    expect(result).toMatchObject({ type: 'turkish', units: 1_179_648, fits: false });
    // ceil(1,179,648 / 149) = 7,918, but every ş that would straddle a boundary moves to the next segment
    expect(result.segments).toBe(7944);
    expect(result.parts.join('')).toBe(big);
    expect(calculate('😀'.repeat(500_000)).segments).toBe(Math.ceil(500_000 / 33));
  });

  it('throws a TypeError for a text that is not a string, without echoing it', () => {
    for (const value of [undefined, null, 42, { text: '05321234567' }, ['x'], Symbol('s')]) {
      expect(() => calculate(value as unknown as string)).toThrow(TypeError);
    }
    expect(() => calculate(5321234567 as unknown as string)).toThrow(
      'calculate: text must be a string, received a number',
    );
  });

  it('throws for unknown options', () => {
    expect(() => calculate('x', { type: 'gsm' as 'normal' })).toThrow(
      "calculate: options.type must be one of 'auto', 'normal', 'turkish', 'unicode', received 'gsm'",
    );
    expect(() => calculate('x', null as unknown as undefined)).toThrow(TypeError);
    expect(() => calculate('x', { maxSegments: 0 })).toThrow(RangeError);
    expect(() => calculate('x', { maxSegments: 1.5 })).toThrow(RangeError);
  });
});

describe('cost', () => {
  it('multiplies segments by the price, without floating-point noise', () => {
    expect(cost(calculate('a'.repeat(400)), { pricePerSegment: 0.15 })).toBe(0.45);
    expect(cost(calculate('Merhaba'), { pricePerSegment: 1 })).toBe(1);
    expect(cost(calculate('ş'.repeat(200)), { pricePerSegment: 0 })).toBe(0);
  });

  it('is null when the type cannot encode the text', () => {
    expect(cost(calculate('ş', { type: 'normal' }), { pricePerSegment: 2 })).toBeNull();
  });

  it('rejects a negative or non-finite price', () => {
    for (const pricePerSegment of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => cost(calculate('a'), { pricePerSegment })).toThrow(RangeError);
    }
  });
});
