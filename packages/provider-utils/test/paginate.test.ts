import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { chunk, type PageRequest, paginate } from '../src/index';

interface Page {
  page: number;
  rows: number[];
  lastPage: number;
}

/** A paged API whose answers the test releases one by one, recording what was asked and when. */
function pagedApi(lastPage: number) {
  const requests: PageRequest[] = [];
  const answers = new Map<number, { resolve(page: Page): void; reject(error: unknown): void }>();
  const waiting = new Map<number, () => void>();
  const fetchPage = (request: PageRequest) => {
    requests.push(request);
    waiting.get(request.page)?.();
    return new Promise<Page>((resolve, reject) => {
      // Like a real fetch, an answered request keeps no reference to what it answered.
      const onAbort = () => reject(request.signal.reason);
      const settle = () => {
        answers.delete(request.page);
        request.signal.removeEventListener('abort', onAbort);
      };
      answers.set(request.page, {
        resolve: (page) => {
          settle();
          resolve(page);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      });
      request.signal.addEventListener('abort', onAbort, { once: true });
    });
  };
  return {
    requests,
    fetchPage,
    pageInfo: (result: Page) => ({ hasMore: result.page < result.lastPage, lastPage: result.lastPage }),
    requested: () => requests.map((request) => request.page),
    /** Resolves once page `page` has been requested (at once when it already was). */
    requestOf(page: number): Promise<void> {
      if (requests.some((request) => request.page === page)) return Promise.resolve();
      return new Promise((resolve) => waiting.set(page, resolve));
    },
    answer(page: number, rows: number[] = [page]) {
      answers.get(page)?.resolve({ page, rows, lastPage });
    },
    fail(page: number, error: unknown) {
      answers.get(page)?.reject(error);
    },
  };
}

describe('chunk', () => {
  it('splits a list into pieces of the given size, in order', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([1, 2], 5)).toEqual([[1, 2]]);
    expect(chunk([], 3)).toEqual([]);
  });

  it('refuses a size that is not a positive integer', () => {
    for (const size of [0, -1, 1.5, Number.NaN]) expect(() => chunk([1], size)).toThrow(RangeError);
  });
});

describe('paginate', () => {
  it('hands out every page in order and stops after the last', async () => {
    const api = pagedApi(3);
    const pages = paginate({ fetchPage: api.fetchPage, pageInfo: api.pageInfo });
    const seen: number[] = [];
    const walk = (async () => {
      for await (const page of pages) seen.push(page.page);
    })();
    for (const page of [1, 2, 3]) {
      await api.requestOf(page);
      api.answer(page);
    }
    await walk;
    expect(seen).toEqual([1, 2, 3]);
    expect(api.requested()).toEqual([1, 2, 3]);
  });

  it('requests the next page while the caller handles the current one, never two ahead', async () => {
    const api = pagedApi(5);
    const pages = paginate({ fetchPage: api.fetchPage, pageInfo: api.pageInfo, firstPage: 2 });
    const first = pages.next();
    await api.requestOf(2);
    api.answer(2);
    expect((await first).value?.page).toBe(2);
    expect(api.requested()).toEqual([2, 3]);
    api.answer(3);
    expect((await pages.next()).value?.page).toBe(3);
    expect(api.requested()).toEqual([2, 3, 4]);
    await pages.return(undefined);
  });

  it('requests one page at a time without prefetch', async () => {
    const api = pagedApi(3);
    const pages = paginate({ fetchPage: api.fetchPage, pageInfo: api.pageInfo, prefetch: false });
    const first = pages.next();
    await api.requestOf(1);
    api.answer(1);
    await first;
    expect(api.requested()).toEqual([1]);
    const second = pages.next();
    await api.requestOf(2);
    api.answer(2);
    await second;
    expect(api.requested()).toEqual([1, 2]);
    await pages.return(undefined);
  });

  it('requests the next page once the body of the awaited one arrived, when the last page is known', async () => {
    const api = pagedApi(4);
    const pages = paginate({ fetchPage: api.fetchPage, pageInfo: api.pageInfo });
    const first = pages.next();
    await api.requestOf(1);
    api.answer(1);
    await first;
    const second = pages.next();
    expect(api.requested()).toEqual([1, 2]);
    api.requests[1]!.arrived();
    // Page 2 is still being read, and page 3 is already on its way.
    expect(api.requested()).toEqual([1, 2, 3]);
    api.answer(2);
    expect((await second).value?.page).toBe(2);
    expect(api.requested()).toEqual([1, 2, 3]);
    await pages.return(undefined);
  });

  it('aborts the request in flight when the caller breaks out of the loop, and asks nothing more', async () => {
    const api = pagedApi(10);
    const pages = paginate({ fetchPage: api.fetchPage, pageInfo: api.pageInfo });
    const walk = (async () => {
      for await (const page of pages) if (page.page === 1) break;
    })();
    await api.requestOf(1);
    api.answer(1);
    await walk;
    expect(api.requested()).toEqual([1, 2]);
    expect(api.requests[1]?.signal.aborted).toBe(true);
  });

  it("aborts the request in flight on the caller's signal and rejects with its reason", async () => {
    const api = pagedApi(10);
    const controller = new AbortController();
    const pages = paginate({ fetchPage: api.fetchPage, pageInfo: api.pageInfo, signal: controller.signal });
    const first = pages.next();
    await api.requestOf(1);
    controller.abort(new Error('stop'));
    await expect(first).rejects.toThrow('stop');
    expect(api.requests[0]?.signal.aborted).toBe(true);
  });

  it('rejects with the error of a page fetched ahead when the caller reaches it', async () => {
    const api = pagedApi(3);
    const pages = paginate({ fetchPage: api.fetchPage, pageInfo: api.pageInfo });
    const first = pages.next();
    await api.requestOf(1);
    api.answer(1);
    await first;
    api.fail(2, new Error('page 2 failed'));
    await expect(pages.next()).rejects.toThrow('page 2 failed');
    expect(await pages.next()).toEqual({ value: undefined, done: true });
  });
});

/** The garbage collector, made callable in this process. */
function exposedGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** Takes the next page and keeps only a weak reference to it (nothing in the caller's frame holds it). */
async function nextWeakly(pages: AsyncIterator<Page>): Promise<WeakRef<Page>> {
  const result = await pages.next();
  return new WeakRef(result.value as Page);
}

describe('paginate: memory', () => {
  it.each([true, false])(
    'lets go of a page before the next one is awaited (prefetch: %s)',
    async (prefetch) => {
      const gc = exposedGc();
      const api = pagedApi(3);
      const pages = paginate({ fetchPage: api.fetchPage, pageInfo: api.pageInfo, prefetch });
      const taken = nextWeakly(pages);
      await api.requestOf(1);
      api.answer(
        1,
        Array.from({ length: 100_000 }, (_, index) => index),
      );
      const first = await taken;
      // The caller is done with page 1 and asks for page 2, which has not arrived yet.
      const second = pages.next();
      await api.requestOf(2);
      // Let the current job end: a WeakRef keeps its target alive until then.
      await new Promise((resolve) => setImmediate(resolve));
      gc();
      expect(first.deref()).toBeUndefined();
      api.answer(2);
      expect((await second).value?.page).toBe(2);
      await pages.return(undefined);
    },
  );
});
