/**
 * Splits a list into consecutive pieces of `size` items (the last one may be shorter), in order: the recipients
 * of one request each, for a provider that takes a limited number per call.
 * @param items - the list
 * @param size - the most items per piece, a positive integer
 * @returns the pieces; none for an empty list
 * @throws RangeError when `size` is not a positive integer
 * @example
 * chunk(['a', 'b', 'c'], 2); // [['a', 'b'], ['c']]
 */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`chunk: the size must be a positive integer (got ${size}).`);
  }
  const pieces: T[][] = [];
  for (let start = 0; start < items.length; start += size) pieces.push(items.slice(start, start + size));
  return pieces;
}
