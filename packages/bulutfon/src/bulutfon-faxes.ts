import {
  type BulutfonApi,
  type BulutfonCallOptions,
  type BulutfonFile,
  type BulutfonFileStream,
  encodePath,
} from './bulutfon-api';
import { type BulutfonAttachmentInput, toBulutfonAttachment } from './bulutfon-attachment';
import { type BulutfonListResource, createListResource } from './bulutfon-list-resource';
import { outgoingFaxOptionsSchema } from './bulutfon-request-options';
import {
  type BulutfonActionResult,
  type BulutfonIncomingFax,
  type BulutfonOutgoingFax,
  type BulutfonOutgoingFaxDetail,
  incomingFaxListResponseSchema,
  outgoingFaxListResponseSchema,
  outgoingFaxResponseSchema,
} from './bulutfon-schemas';
import { parseInput } from './bulutfon-validation';

/** Received faxes. */
export interface BulutfonIncomingFaxes {
  /** Lists received faxes (`GET /incoming-faxes`). */
  list(options?: BulutfonCallOptions): Promise<BulutfonIncomingFax[]>;
  /** The fax (TIFF) as bytes (`GET /incoming-faxes/{uuid}`). */
  download(uuid: string, options?: BulutfonCallOptions): Promise<BulutfonFile>;
  /** The fax as a stream (`GET /incoming-faxes/{uuid}/stream`). */
  stream(uuid: string, options?: BulutfonCallOptions): Promise<BulutfonFileStream>;
}

/** A fax to send. */
export interface BulutfonOutgoingFaxOptions {
  /** A title for your records. */
  title: string;
  /** The numbers to fax. */
  receivers: string | string[];
  /** Your PBX number the fax comes from. */
  did: string;
  /** The document: PDF, JPEG, PNG or TIFF. */
  attachment: BulutfonAttachmentInput;
}

/** Sent faxes: `list()` (`GET /outgoing-faxes`), `get(id)` with per-recipient state (`GET /outgoing-faxes/{id}`). */
export interface BulutfonOutgoingFaxes
  extends BulutfonListResource<BulutfonOutgoingFax, BulutfonOutgoingFaxDetail> {
  /**
   * Sends a fax (`POST /outgoing-faxes`). The document is given as bytes, a Blob/File or a stream and encoded in
   * Bulutfon's attachment format. Never retried automatically.
   */
  send(fax: BulutfonOutgoingFaxOptions, options?: BulutfonCallOptions): Promise<BulutfonActionResult>;
}

/**
 * The received faxes resource of a client.
 * @param api - the client's request path
 */
export function createBulutfonIncomingFaxes(api: BulutfonApi): BulutfonIncomingFaxes {
  return {
    list: (options) => api.get('/incoming-faxes', incomingFaxListResponseSchema, options),
    download: (uuid, options) => api.downloadBytes({ path: `/incoming-faxes/${encodePath(uuid)}`, options }),
    stream: (uuid, options) => api.download({ path: `/incoming-faxes/${encodePath(uuid)}/stream`, options }),
  };
}

/**
 * The sent faxes resource of a client.
 * @param api - the client's request path
 */
export function createBulutfonOutgoingFaxes(api: BulutfonApi): BulutfonOutgoingFaxes {
  return {
    ...createListResource(api, '/outgoing-faxes', outgoingFaxListResponseSchema, outgoingFaxResponseSchema),
    send: async (fax, options) => {
      const checked = parseInput(
        outgoingFaxOptionsSchema,
        { ...fax, attachment: await toBulutfonAttachment(fax.attachment) },
        'fax',
      );
      const body = { ...checked, receivers: checked.receivers.join(',') };
      return api.write('POST', '/outgoing-faxes', { body }, options);
    },
  };
}
