import { type BulutfonApi, type BulutfonCallOptions, encodePath } from './bulutfon-api';
import { type BulutfonListResource, createListResource } from './bulutfon-list-resource';
import {
  type BulutfonExtensionCreateOptions,
  type BulutfonExtensionUpdateOptions,
  extensionCreateOptionsSchema,
  extensionUpdateOptionsSchema,
  toExtensionBody,
} from './bulutfon-request-options';
import {
  type BulutfonActionResult,
  type BulutfonExtension,
  type BulutfonExtensionDetail,
  extensionListResponseSchema,
  extensionResponseSchema,
} from './bulutfon-schemas';
import { parseInput } from './bulutfon-validation';

/**
 * Extensions (dahili): the PBX's users and their phones. `list()` (`GET /extensions`), `get(id)` with its
 * settings (`GET /extensions/{id}`).
 */
export interface BulutfonExtensions extends BulutfonListResource<BulutfonExtension, BulutfonExtensionDetail> {
  /**
   * Creates an extension (`POST /extensions`).
   * @throws ValidationError for missing or inconsistent fields (checked before any request)
   */
  create(
    extension: BulutfonExtensionCreateOptions,
    options?: BulutfonCallOptions,
  ): Promise<BulutfonActionResult>;
  /** Changes the given fields of an extension (`PUT /extensions/{id}`). */
  update(
    id: number,
    changes: BulutfonExtensionUpdateOptions,
    options?: BulutfonCallOptions,
  ): Promise<BulutfonActionResult>;
  /** Deletes an extension (`DELETE /extensions/{id}`). */
  delete(id: number, options?: BulutfonCallOptions): Promise<BulutfonActionResult>;
}

/**
 * The extensions resource of a client.
 * @param api - the client's request path
 */
export function createBulutfonExtensions(api: BulutfonApi): BulutfonExtensions {
  return {
    ...createListResource(api, '/extensions', extensionListResponseSchema, extensionResponseSchema),
    create: async (extension, options) => {
      const body = toExtensionBody(parseInput(extensionCreateOptionsSchema, extension, 'extension'));
      return api.write('POST', '/extensions', { body }, options);
    },
    update: async (id, changes, options) => {
      const body = toExtensionBody(parseInput(extensionUpdateOptionsSchema, changes, 'extension changes'));
      return api.write('PUT', `/extensions/${encodePath(id)}`, { body }, options);
    },
    delete: (id, options) => api.write('DELETE', `/extensions/${encodePath(id)}`, {}, options),
  };
}
