import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calculate, type SmsEncoding, type SmsMessageType } from '../src/index';

interface Vector {
  id: string;
  text: string;
  type: SmsMessageType;
  expected: {
    encoding: SmsEncoding;
    segments: number | null;
    septets_or_units: number | null;
    fits: boolean;
  };
  segment_sizes?: number[];
}

const vectors = JSON.parse(
  readFileSync(new URL('./fixtures/sms-vectors-public.json', import.meta.url), 'utf8'),
) as Vector[];

describe('public test vectors', () => {
  it('has every vector', () => {
    expect(vectors.length).toBe(61);
  });

  it.each(vectors.map((vector) => [vector.id, vector] as const))('%s', (_id, vector) => {
    const result = calculate(vector.text, { type: vector.type });
    expect({
      encoding: result.encoding,
      segments: result.segments,
      septets_or_units: result.units,
      fits: result.fits,
    }).toEqual(vector.expected);

    if (result.segments === null) {
      expect(result.parts).toEqual([]);
      expect(result.unencodable.length).toBeGreaterThan(0);
      return;
    }
    expect(result.parts.join('')).toBe(vector.text);
    expect(result.parts).toHaveLength(result.segments);
    const sizes = result.parts.map((part) => calculate(part, { type: result.type }).units);
    expect(sizes).toEqual(vector.segment_sizes ?? [result.units]);
    const last = sizes[sizes.length - 1] ?? 0;
    expect(result.remaining).toBe(result.perSegment - last);
  });
});
