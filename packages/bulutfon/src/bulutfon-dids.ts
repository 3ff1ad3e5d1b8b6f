import type { BulutfonApi } from './bulutfon-api';
import { type BulutfonListResource, createListResource } from './bulutfon-list-resource';
import {
  type BulutfonDid,
  type BulutfonDidDetail,
  didListResponseSchema,
  didResponseSchema,
} from './bulutfon-schemas';

/** The PBX's phone numbers: `list()` (`GET /dids`), and `get(id)` with its opening hours (`GET /dids/{id}`). */
export type BulutfonDids = BulutfonListResource<BulutfonDid, BulutfonDidDetail>;

/**
 * The PBX numbers resource of a client.
 * @param api - the client's request path
 */
export function createBulutfonDids(api: BulutfonApi): BulutfonDids {
  return createListResource(api, '/dids', didListResponseSchema, didResponseSchema);
}
