import type { BulutfonApi } from './bulutfon-api';
import { type BulutfonListResource, createListResource } from './bulutfon-list-resource';
import {
  type BulutfonGroup,
  type BulutfonGroupDetail,
  groupListResponseSchema,
  groupResponseSchema,
} from './bulutfon-schemas';

/** Ring groups: `list()` (`GET /groups`), and `get(id)` with its members (`GET /groups/{id}`). */
export type BulutfonGroups = BulutfonListResource<BulutfonGroup, BulutfonGroupDetail>;

/**
 * The ring groups resource of a client.
 * @param api - the client's request path
 */
export function createBulutfonGroups(api: BulutfonApi): BulutfonGroups {
  return createListResource(api, '/groups', groupListResponseSchema, groupResponseSchema);
}
