import type { ApiCallError } from '@x/messaging-core';
import { createApiCallError, type PageRequest, paginate } from '@x/provider-utils';
import { BULUTFON_PROVIDER_ID } from './bulutfon-error';

/** What {@link walkPages} needs to walk one of Bulutfon's paged lists. */
export interface BulutfonPageWalk<P, T> {
  /** The list's address, without credentials or query (`https://api.bulutfon.com/cdrs`), for the errors. */
  url: string;
  /** The first page to fetch (default 1). */
  firstPage?: number;
  /** The caller's signal. */
  signal?: AbortSignal;
  /** Fetches one page, numbered as the one asked for when Bulutfon leaves the number out ({@link numberedAs}). */
  fetchPage(request: PageRequest): Promise<P>;
  /** The items of a page. */
  itemsOf(page: P): T[];
  /** What tells an item from the others (a CDR's uuid, a message's id). */
  keyOf(item: T): string;
  /** The page's number and the number of pages, as the server says. */
  pagination(page: P): { page: number; totalPages: number };
}

function stoppedWalk(url: string, asked: number, what: string): ApiCallError {
  return createApiCallError(
    { providerId: BULUTFON_PROVIDER_ID, url: `${url}?page=${asked}`, method: 'GET' },
    { reason: `the page walk stopped: page ${asked} was asked for and ${what}`, isRetryable: false },
  );
}

/**
 * Walks a paged list (`page` + 1 until `total_pages`, or an empty page) through provider-utils' `paginate`, and
 * stops with an `ApiCallError` when the server does not walk along: when it answers another page than the one asked
 * for, or answers the items of the previous page again (a server that ignores `page` would otherwise be walked to
 * the `total_pages` it claims). No request is made after the page that stops the walk: the next page is requested
 * before a page is read (`PageRequest.arrived`) only once two pages have passed these checks.
 * @param walk - how to fetch and read a page; see {@link BulutfonPageWalk}
 */
export function walkPages<P, T>(walk: BulutfonPageWalk<P, T>): AsyncGenerator<P, void, undefined> {
  let previousKeys: string | undefined;
  let checkedPages = 0;
  return paginate<P>({
    firstPage: walk.firstPage,
    signal: walk.signal,
    fetchPage: (request) =>
      walk.fetchPage({
        ...request,
        arrived: () => {
          if (checkedPages >= 2) request.arrived();
        },
      }),
    pageInfo: (page, asked) => {
      const { page: answered, totalPages } = walk.pagination(page);
      if (answered !== asked) throw stoppedWalk(walk.url, asked, `the server answered page ${answered}`);
      const items = walk.itemsOf(page);
      const keys = items.map(walk.keyOf).join('\n');
      if (items.length > 0 && keys === previousKeys) {
        throw stoppedWalk(walk.url, asked, 'the server answered the items of the page before again');
      }
      previousKeys = keys;
      checkedPages++;
      return { hasMore: items.length > 0 && asked < totalPages, lastPage: totalPages };
    },
  });
}

/**
 * A page numbered as the one asked for when Bulutfon left its number out (read as 0). Pure.
 * @param page - the page as read
 * @param asked - the number asked for
 */
export function numberedAs<P extends { pagination: { page: number } }>(page: P, asked: number): P {
  return page.pagination.page ? page : { ...page, pagination: { ...page.pagination, page: asked } };
}

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
