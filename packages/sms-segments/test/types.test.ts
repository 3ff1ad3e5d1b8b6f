import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type CalculateOptions,
  calculate,
  cost,
  explain,
  type SmsMessageType,
  type SmsSegmentResult,
} from '../src/index';

// The type assertions below are checked by `tsc` (the package's typecheck); the runtime ones by vitest.
describe('segments is typed number where the type is known to encode the text', () => {
  it('auto (the default) and unicode can carry any text', () => {
    expectTypeOf(calculate('Merhaba').segments).toEqualTypeOf<number>();
    expectTypeOf(calculate('Merhaba', { maxSegments: 3 }).units).toEqualTypeOf<number>();
    expectTypeOf(calculate('Merhaba', { type: 'auto' }).segments).toEqualTypeOf<number>();
    expectTypeOf(calculate('Ответ 📦', { type: 'unicode' }).segments).toEqualTypeOf<number>();
    expect(calculate('Ответ 📦', { type: 'unicode' }).segments).toBe(1);
  });

  it('normal and turkish may not, and say so with null', () => {
    expectTypeOf(calculate('Ответ', { type: 'normal' }).segments).toEqualTypeOf<number | null>();
    expectTypeOf(calculate('Ответ', { type: 'turkish' }).units).toEqualTypeOf<number | null>();
    expect(calculate('Ответ', { type: 'normal' }).segments).toBeNull();
    expect(calculate('Ответ', { type: 'turkish' }).units).toBeNull();
  });

  it('a type only known at run time keeps null possible', () => {
    const type = 'unicode' as SmsMessageType;
    const options: CalculateOptions = { type };
    expectTypeOf(calculate('Merhaba', { type }).segments).toEqualTypeOf<number | null>();
    expectTypeOf(calculate('Merhaba', options)).toEqualTypeOf<SmsSegmentResult>();
  });

  it('cost is a number for a known segment count, and explain results are always encoded', () => {
    expectTypeOf(cost(calculate('Merhaba'), { pricePerSegment: 0.15 })).toEqualTypeOf<number>();
    expectTypeOf(cost(calculate('Merhaba', { type: 'normal' }), { pricePerSegment: 1 })).toEqualTypeOf<
      number | null
    >();
    expect(cost(calculate('Ответ', { type: 'normal' }), { pricePerSegment: 1 })).toBeNull();
    const { result, alternatives } = explain('Kargonuz yolda 🚚');
    expectTypeOf(result.segments).toEqualTypeOf<number>();
    expectTypeOf(alternatives[0]!.result.segments).toEqualTypeOf<number>();
  });
});
