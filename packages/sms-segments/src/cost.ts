import type { SmsEncodedSegmentResult, SmsSegmentResult } from './calculate';

/** Options of {@link cost}. */
export interface CostOptions {
  /** The price of one segment (credits, or money in any currency). A finite number, 0 or more. */
  readonly pricePerSegment: number;
}

/**
 * The price of a message: segments × price per segment, rounded to 12 significant digits so that
 * `0.15 × 3` gives `0.45`. A result whose `segments` is known (`auto`, `unicode`) gives a `number`.
 *
 * @param result - a result of {@link calculate}
 * @param options - the price of one segment
 * @throws RangeError when `pricePerSegment` is negative or not finite
 * @example
 * ```ts
 * cost(calculate('Merhaba'), { pricePerSegment: 0.15 }); // 0.15
 * ```
 */
export function cost(result: Pick<SmsEncodedSegmentResult, 'segments'>, options: CostOptions): number;
/**
 * The price of a message; `null` when the message type cannot encode the text (`segments` is `null`).
 *
 * @param result - a result of {@link calculate}
 * @param options - the price of one segment
 */
export function cost(result: Pick<SmsSegmentResult, 'segments'>, options: CostOptions): number | null;
export function cost(result: Pick<SmsSegmentResult, 'segments'>, options: CostOptions): number | null {
  const price = options?.pricePerSegment;
  if (typeof price !== 'number' || !Number.isFinite(price) || price < 0) {
    throw new RangeError('cost: options.pricePerSegment must be a finite number, 0 or more');
  }
  if (result.segments === null) return null;
  return Number((result.segments * price).toPrecision(12));
}
