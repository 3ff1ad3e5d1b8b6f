import {
  type BulutfonApi,
  type BulutfonCallOptions,
  type BulutfonFile,
  type BulutfonFileStream,
  encodePath,
} from './bulutfon-api';
import { type BulutfonAttachmentInput, toBulutfonAttachment } from './bulutfon-attachment';
import { announcementUploadSchema } from './bulutfon-request-options';
import {
  announcementListResponseSchema,
  type BulutfonActionResult,
  type BulutfonAnnouncement,
} from './bulutfon-schemas';
import { parseInput } from './bulutfon-validation';

/** Announcements: the PBX's sound files (greetings, hold music, what automatic calls play). */
export interface BulutfonAnnouncements {
  /** Lists announcements (`GET /announcements`). */
  list(options?: BulutfonCallOptions): Promise<BulutfonAnnouncement[]>;
  /** The sound file as bytes (`GET /announcements/{id}`). */
  download(id: number, options?: BulutfonCallOptions): Promise<BulutfonFile>;
  /** The sound file as a stream (`GET /announcements/{id}/stream`). */
  stream(id: number, options?: BulutfonCallOptions): Promise<BulutfonFileStream>;
  /** Uploads a sound file (`POST /announcements`; WAV recommended). */
  upload(
    announcement: { name: string; file: BulutfonAttachmentInput },
    options?: BulutfonCallOptions,
  ): Promise<BulutfonActionResult>;
  /** Deletes an announcement (`DELETE /announcements/{id}`). */
  delete(id: number, options?: BulutfonCallOptions): Promise<BulutfonActionResult>;
}

/**
 * The announcements resource of a client.
 * @param api - the client's request path
 */
export function createBulutfonAnnouncements(api: BulutfonApi): BulutfonAnnouncements {
  return {
    list: (options) => api.get('/announcements', announcementListResponseSchema, options),
    download: (id, options) => api.downloadBytes({ path: `/announcements/${encodePath(id)}`, options }),
    stream: (id, options) => api.download({ path: `/announcements/${encodePath(id)}/stream`, options }),
    upload: async (announcement, options) => {
      const body = parseInput(
        announcementUploadSchema,
        { name: announcement.name, announcement: await toBulutfonAttachment(announcement.file) },
        'announcement',
      );
      return api.write('POST', '/announcements', { body }, options);
    },
    delete: (id, options) => api.write('DELETE', `/announcements/${encodePath(id)}`, {}, options),
  };
}
