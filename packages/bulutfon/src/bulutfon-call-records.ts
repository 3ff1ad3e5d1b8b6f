import { AuthenticationError } from '@x/messaging-core';
import {
  type BulutfonApi,
  type BulutfonCallOptions,
  type BulutfonFile,
  type BulutfonFileStream,
  encodePath,
} from './bulutfon-api';
import { BULUTFON_PROVIDER_ID } from './bulutfon-error';
import { createRecordingSafeToken } from './bulutfon-sha1';

/** Options of the recording downloads. */
export interface BulutfonRecordingOptions extends BulutfonCallOptions {
  /**
   * Send `sha1(token + uuid)` instead of the token (Bulutfon's "safe token" for recordings), so the real
   * token never travels with this request.
   */
  safeToken?: boolean;
}

/** Call recordings (files). Only CDRs with `hasRecording` have one. */
export interface BulutfonCallRecords {
  /** The recording as bytes (`GET /call-records/{uuid}`); the type comes from the response (usually OGG). */
  download(uuid: string, options?: BulutfonRecordingOptions): Promise<BulutfonFile>;
  /** The recording as a stream, not buffered (`GET /call-records/{uuid}/stream`). */
  stream(uuid: string, options?: BulutfonRecordingOptions): Promise<BulutfonFileStream>;
  /**
   * A URL of the recording that carries the safe token (`sha1(token + uuid)`) instead of the token, for an
   * `<audio src>` in a page. No request is made.
   */
  safeUrl(uuid: string, options?: { stream?: boolean }): Promise<string>;
}

/**
 * The call recordings resource of a client.
 * @param api - the client's request path
 */
export function createBulutfonCallRecords(api: BulutfonApi): BulutfonCallRecords {
  const call = (uuid: string, suffix: string, options: BulutfonRecordingOptions) => ({
    path: `/call-records/${encodePath(uuid)}${suffix}`,
    safeTokenFor: options.safeToken ? uuid : undefined,
    options,
  });
  return {
    download: (uuid, options = {}) => api.downloadBytes(call(uuid, '', options)),
    stream: (uuid, options = {}) => api.download(call(uuid, '/stream', options)),
    safeUrl: async (uuid, options = {}) => {
      const { accessToken } = await api.credentials();
      if (!accessToken) {
        throw new AuthenticationError({
          message: 'Bulutfon: a recording safe URL needs a token (the client uses email and password)',
          url: `${api.baseUrl}/call-records`,
          providerId: BULUTFON_PROVIDER_ID,
        });
      }
      const url = new URL(
        `${api.baseUrl}/call-records/${encodePath(uuid)}${options.stream === false ? '' : '/stream'}`,
      );
      url.searchParams.set('access_token', createRecordingSafeToken(accessToken, uuid));
      return url.toString();
    },
  };
}
