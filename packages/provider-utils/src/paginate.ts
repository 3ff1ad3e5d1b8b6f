/** What {@link paginate} needs to know about a page it fetched. */
export interface PageInfo {
  /** Whether another page follows this one. */
  hasMore: boolean;
  /**
   * The number of the last page, when the API says so. It lets the walk request the next page as soon as the body of
   * the current one has arrived (see {@link PageRequest.arrived}).
   */
  lastPage?: number;
}

/** What {@link PaginateOptions.fetchPage} is given. */
export interface PageRequest {
  /** The number of the page to fetch. */
  page: number;
  /** Aborts when the walk stops: a `break` out of the loop, an error, or the caller's signal. */
  signal: AbortSignal;
  /**
   * Optional: call it once the page's body has arrived, before it is parsed. When the last page is known and this
   * page is the one the caller waits for, the next page is requested at once, so that the server prepares it while
   * this one is parsed.
   */
  arrived(): void;
}

/** Options of {@link paginate}. */
export interface PaginateOptions<P> {
  /** Fetches one page (a request through `request()`, with `signal` passed on). */
  fetchPage(request: PageRequest): Promise<P>;
  /** Reads a fetched page: whether another page follows, and the last page number when the API gives it. */
  pageInfo(page: P, pageNumber: number): PageInfo;
  /** The first page to fetch (default 1). */
  firstPage?: number;
  /** The caller's signal: aborting it aborts the request in flight. */
  signal?: AbortSignal;
  /**
   * Request the next page while the caller handles the current one, never more than one page ahead (default
   * true). With `false`, a page is requested only when the caller asks for it.
   */
  prefetch?: boolean;
}

/**
 * Walks an API's numbered pages as an async iterator: page after page until {@link PageInfo.hasMore} is false. A
 * page is let go of before the next one is awaited, so a long walk holds at most the page the caller is handling
 * and the one in flight. With `prefetch` (the default) the next page is requested while the caller handles the
 * current one; at most two requests are in flight. Breaking out of the loop aborts what is in flight.
 *
 * @param options - how to fetch and read a page; see {@link PaginateOptions}
 * @returns the pages, in order
 *
 * @example
 * const pages = paginate({
 *   fetchPage: ({ page, signal }) => client.cdrs.list({ page, limit: 500 }, { signal }),
 *   pageInfo: (result) => ({ hasMore: result.cdrs.length > 0 && result.page < result.totalPages, lastPage: result.totalPages }),
 * });
 * for await (const page of pages) await database.insert(page.cdrs);
 */
export function paginate<P>(options: PaginateOptions<P>): AsyncGenerator<P, void, undefined> {
  return walk(options);
}

async function* walk<P>(options: PaginateOptions<P>): AsyncGenerator<P, void, undefined> {
  const prefetch = options.prefetch ?? true;
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  /** Pages requested and not yet handed out; each is deleted before it is handed out. */
  const requested = new Map<number, Promise<P>>();
  /** Pages whose body arrived before the walk reached them. */
  const arrived = new Set<number>();
  let lastPage: number | undefined;
  let awaited = options.firstPage ?? 1;
  let stopped = false;

  const request = (page: number): void => {
    if (stopped || requested.has(page)) return;
    const pending = options.fetchPage({ page, signal, arrived: () => onArrived(page) });
    // A rejection is seen when the page is awaited; it is not unhandled meanwhile.
    pending.catch(() => {});
    requested.set(page, pending);
  };
  const requestNextEarly = (page: number): void => {
    if (prefetch && page === awaited && lastPage !== undefined && page < lastPage) request(page + 1);
  };
  const onArrived = (page: number): void => {
    arrived.add(page);
    requestNextEarly(page);
  };

  try {
    for (let page = awaited; ; page++) {
      awaited = page;
      request(page);
      if (arrived.has(page)) requestNextEarly(page);
      let result: P | undefined = await requested.get(page)!;
      requested.delete(page);
      arrived.delete(page);
      const info = options.pageInfo(result, page);
      lastPage = info.lastPage ?? lastPage;
      if (info.hasMore && prefetch) request(page + 1);
      yield result;
      // Let go of this page before the next one is awaited: the suspended walk would hold it otherwise.
      result = undefined;
      if (!info.hasMore) return;
    }
  } finally {
    stopped = true;
    if (requested.size > 0) controller.abort(new DOMException('The page walk was stopped.', 'AbortError'));
  }
}
