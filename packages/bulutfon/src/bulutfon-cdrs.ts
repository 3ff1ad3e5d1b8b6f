import { createJsonResponseHandler } from '@x/provider-utils';
import { type BulutfonApi, type BulutfonCallOptions, type BulutfonQuery, encodePath } from './bulutfon-api';
import {
  type BulutfonCdr,
  type BulutfonCdrDetail,
  type BulutfonCdrPage,
  cdrPageResponseSchema,
  cdrResponseSchema,
} from './bulutfon-cdr-response';
import { itemsOfPages, numberedAs, walkPages } from './bulutfon-page-items';
import { type BulutfonCdrListOptions, cdrListOptionsSchema, toCdrQuery } from './bulutfon-request-options';
import { parseInput } from './bulutfon-validation';

/** Options of {@link BulutfonCdrs.iterate} and {@link BulutfonCdrs.pages}. */
export interface BulutfonCdrIterateOptions extends Omit<BulutfonCdrListOptions, 'page'>, BulutfonCallOptions {
  /** First page to read (default 1). */
  startPage?: number;
}

/** Call detail records. */
export interface BulutfonCdrs {
  /** One page of CDRs with every filter of `GET /cdrs`. */
  list(filters?: BulutfonCdrListOptions, options?: BulutfonCallOptions): Promise<BulutfonCdrPage>;
  /** One CDR with its call flow (`GET /cdrs/{uuid}`). */
  get(uuid: string, options?: BulutfonCallOptions): Promise<BulutfonCdrDetail>;
  /**
   * Every CDR matching the filters, page after page (`page` + 1 until `total_pages`). The next page is
   * requested while the current one is consumed (and, once two pages have come back as asked, while it is
   * parsed), never more than one page ahead; a `break` aborts it. A server that answers another page than the
   * one asked for, or the same CDRs again, stops the walk with an `ApiCallError`. Bad filters reject the first
   * `next()` with a `ValidationError`, before any request.
   * @example
   * for await (const cdr of client.cdrs.iterate({ timeLimit: 'day', limit: 500 })) console.log(cdr.uuid);
   */
  iterate(options?: BulutfonCdrIterateOptions): AsyncIterableIterator<BulutfonCdr>;
  /**
   * Every page of CDRs matching the filters, one page ahead like {@link BulutfonCdrs.iterate}; for batch
   * processing (a database insert per page).
   */
  pages(options?: BulutfonCdrIterateOptions): AsyncIterableIterator<BulutfonCdrPage>;
}

/**
 * The CDR resource of a client.
 * @param api - the client's request path
 */
export function createBulutfonCdrs(api: BulutfonApi): BulutfonCdrs {
  const parsePage = createJsonResponseHandler(cdrPageResponseSchema);

  function pages(options: BulutfonCdrIterateOptions = {}): AsyncIterableIterator<BulutfonCdrPage> {
    const { startPage, signal, timeoutMs, headers, ...filters } = options;
    // The filters are checked once for the whole walk, when the first page is requested (so a bad filter
    // rejects the first `next()`); later pages differ only in `page`.
    let query: BulutfonQuery | undefined;
    return walkPages<BulutfonCdrPage, BulutfonCdr>({
      url: `${api.baseUrl}/cdrs`,
      firstPage: startPage,
      signal,
      fetchPage: async ({ page, signal: pageSignal, arrived }) => {
        query ??= toCdrQuery(parseInput(cdrListOptionsSchema, { ...filters, page }, 'CDR filters'));
        const result = await api.call({
          method: 'GET',
          path: '/cdrs',
          query: { ...query, page: String(page) },
          handler: async (context) => {
            // The body is in: the next page can be requested while this one is parsed (the JSON handler reads
            // the same text again, from the response context).
            await context.readText();
            arrived();
            return parsePage(context);
          },
          idempotent: true,
          options: { signal: pageSignal, timeoutMs, headers },
        });
        return numberedAs(result, page);
      },
      itemsOf: (page) => page.cdrs,
      keyOf: (cdr) => cdr.uuid,
      pagination: (page) => page.pagination,
    });
  }

  return {
    list: async (filters = {}, options) => {
      const checked = parseInput(cdrListOptionsSchema, filters, 'CDR filters');
      const page = await api.get('/cdrs', cdrPageResponseSchema, options, { query: toCdrQuery(checked) });
      return numberedAs(page, checked.page ?? 1);
    },
    get: (uuid, options) => api.get(`/cdrs/${encodePath(uuid)}`, cdrResponseSchema, options),
    iterate: (options = {}) => itemsOfPages(pages(options), (page) => page.cdrs),
    pages,
  };
}
