/**
 * The items of every page, one by one. A `break` in the caller's loop stops the pages, which aborts the page
 * request in flight.
 * @param pages - the page walk
 * @param itemsOf - the list of items of a page
 */
export async function* itemsOfPages<P, T>(
  pages: AsyncIterable<P>,
  itemsOf: (page: P) => T[],
): AsyncGenerator<T, void, undefined> {
  for await (const page of pages) yield* itemsOf(page);
}
