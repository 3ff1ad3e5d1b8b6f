import { type BulutfonApi, type BulutfonCallOptions, encodePath } from './bulutfon-api';
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

/** Extensions (dahili): the PBX's users and their phones. */
export interface BulutfonExtensions {
  /** Lists the extensions (`GET /extensions`). */
  list(options?: BulutfonCallOptions): Promise<BulutfonExtension[]>;
  /** One extension with its settings (`GET /extensions/{id}`). */
  get(id: number, options?: BulutfonCallOptions): Promise<BulutfonExtensionDetail>;
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
    list: (options) => api.get('/extensions', extensionListResponseSchema, options),
    get: (id, options) => api.get(`/extensions/${encodePath(id)}`, extensionResponseSchema, options),
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
