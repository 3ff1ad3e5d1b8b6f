import { type BulutfonApi, type BulutfonCallOptions, encodePath } from './bulutfon-api';
import {
  type BulutfonDid,
  type BulutfonDidDetail,
  didListResponseSchema,
  didResponseSchema,
} from './bulutfon-schemas';

/** The PBX's phone numbers. */
export interface BulutfonDids {
  /** Lists the PBX numbers (`GET /dids`). */
  list(options?: BulutfonCallOptions): Promise<BulutfonDid[]>;
  /** One PBX number with its opening hours (`GET /dids/{id}`). */
  get(id: number, options?: BulutfonCallOptions): Promise<BulutfonDidDetail>;
}

/**
 * The PBX numbers resource of a client.
 * @param api - the client's request path
 */
export function createBulutfonDids(api: BulutfonApi): BulutfonDids {
  return {
    list: (options) => api.get('/dids', didListResponseSchema, options),
    get: (id, options) => api.get(`/dids/${encodePath(id)}`, didResponseSchema, options),
  };
}
