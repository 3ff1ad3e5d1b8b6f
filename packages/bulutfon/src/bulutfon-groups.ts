import { type BulutfonApi, type BulutfonCallOptions, encodePath } from './bulutfon-api';
import {
  type BulutfonGroup,
  type BulutfonGroupDetail,
  groupListResponseSchema,
  groupResponseSchema,
} from './bulutfon-schemas';

/** Ring groups. */
export interface BulutfonGroups {
  /** Lists the groups (`GET /groups`). */
  list(options?: BulutfonCallOptions): Promise<BulutfonGroup[]>;
  /** One group with its members (`GET /groups/{id}`). */
  get(id: number, options?: BulutfonCallOptions): Promise<BulutfonGroupDetail>;
}

/**
 * The ring groups resource of a client.
 * @param api - the client's request path
 */
export function createBulutfonGroups(api: BulutfonApi): BulutfonGroups {
  return {
    list: (options) => api.get('/groups', groupListResponseSchema, options),
    get: (id, options) => api.get(`/groups/${encodePath(id)}`, groupResponseSchema, options),
  };
}
