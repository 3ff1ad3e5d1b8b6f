/**
 * The items of every page, one by one. Each item is dropped from its page's list as it is handed out (the pages
 * are this walk's own), so an item the caller is done with can be collected at once rather than with the rest
 * of its page. A `break` in the caller's loop stops the pages, which aborts the page request in flight.
 * @param pages - the page walk
 * @param itemsOf - the list of items of a page
 */
export async function* itemsOfPages<P, T>(
  pages: AsyncIterable<P>,
  itemsOf: (page: P) => T[],
): AsyncGenerator<T, void, undefined> {
  for await (const page of pages) {
    const items: (T | undefined)[] = itemsOf(page);
    // The item goes straight from the list to the caller: no variable here holds it while the walk waits.
    for (let index = 0; index < items.length; index++) yield take(items, index);
  }
}

/** The item at `index`, cleared from the list. */
function take<T>(items: (T | undefined)[], index: number): T {
  const item = items[index] as T;
  items[index] = undefined;
  return item;
}
