import { createJsonResponseHandler, paginate } from '@x/provider-utils';
import { type BulutfonApi, type BulutfonCallOptions, type BulutfonQuery, encodePath } from './bulutfon-api';
import {
  type BulutfonCdr,
  type BulutfonCdrDetail,
  type BulutfonCdrPage,
  cdrPageResponseSchema,
  cdrResponseSchema,
} from './bulutfon-cdr-response';
import { itemsOfPages } from './bulutfon-page-items';
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
   * requested while the current one is parsed and consumed, never more than one page ahead; a `break` aborts
   * it. Bad filters reject the first `next()` with a `ValidationError`, before any request.
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
    return paginate<BulutfonCdrPage>({
      firstPage: startPage,
      signal,
      fetchPage: async ({ page, signal: pageSignal, arrived }) => {
        query ??= toCdrQuery(parseInput(cdrListOptionsSchema, { ...filters, page }, 'CDR filters'));
        return api.call({
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
      },
      pageInfo: (result, page) => ({
        hasMore: result.cdrs.length > 0 && page < result.pagination.totalPages,
        lastPage: result.pagination.totalPages,
      }),
    });
  }

  return {
    list: async (filters = {}, options) => {
      const query = toCdrQuery(parseInput(cdrListOptionsSchema, filters, 'CDR filters'));
      return api.get('/cdrs', cdrPageResponseSchema, options, { query });
    },
    get: (uuid, options) => api.get(`/cdrs/${encodePath(uuid)}`, cdrResponseSchema, options),
    iterate: (options = {}) => itemsOfPages(pages(options), (page) => page.cdrs),
    pages,
  };
}
