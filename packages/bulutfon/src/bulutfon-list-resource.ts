import type * as z from 'zod/mini';
import { type BulutfonApi, type BulutfonCallOptions, encodePath } from './bulutfon-api';

/** A resource Bulutfon lists (`GET /{resource}`) and reads one item at a time (`GET /{resource}/{id}`). */
export interface BulutfonListResource<Item, Detail> {
  /** Lists the items (`GET /{resource}`). */
  list(options?: BulutfonCallOptions): Promise<Item[]>;
  /** One item, with the details the list leaves out (`GET /{resource}/{id}`). */
  get(id: number, options?: BulutfonCallOptions): Promise<Detail>;
}

/**
 * `list` and `get` of a resource.
 * @param api - the client's request path
 * @param path - the resource's path, such as `/dids`
 * @param listSchema - how the list is read
 * @param itemSchema - how one item is read
 */
export function createListResource<Item, Detail>(
  api: BulutfonApi,
  path: string,
  listSchema: z.ZodMiniType<Item[]>,
  itemSchema: z.ZodMiniType<Detail>,
): BulutfonListResource<Item, Detail> {
  return {
    list: (options) => api.get(path, listSchema, options),
    get: (id, options) => api.get(`${path}/${encodePath(id)}`, itemSchema, options),
  };
}
