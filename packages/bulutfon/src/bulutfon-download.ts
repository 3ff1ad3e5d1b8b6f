import { type ApiCallError, MessagingError, NetworkError } from '@x/messaging-core';
import {
  type BinaryResponse,
  createApiCallError,
  fileNameOf,
  joinBytes,
  type ResponseContext,
  type ResponseHandler,
  systemCodeOf,
} from '@x/provider-utils';

/**
 * Downloads (recordings, faxes, announcements) as streams that hold nothing: the body of the response is read
 * only when the caller reads, one chunk per read, and the chunk is handed over as it came from the network.
 */

/** Content types Bulutfon uses for an error answered instead of a file. */
const ERROR_CONTENT_TYPE = /^(application\/(problem\+)?json|text\/)/i;

function tooLargeError(context: ResponseContext, maxBytes: number): ApiCallError {
  return createApiCallError(context, {
    reason: `the file is larger than ${maxBytes} bytes (maxDownloadBytes)`,
    isRetryable: false,
  });
}

/**
 * A failure while the caller reads the file: an abort keeps its reason, a typed error passes through, a broken
 * connection becomes a retryable {@link NetworkError} (without the underlying error, which could carry the URL).
 */
function readError(context: ResponseContext, error: unknown): unknown {
  if (MessagingError.isInstance(error)) return error;
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) return error;
  const code = systemCodeOf(error);
  return new NetworkError({
    message: `${context.providerId}: the download of ${context.url} broke while it was read${code ? ` (${code})` : ''}.`,
    providerId: context.providerId,
    url: context.url,
    code,
    isRetryable: true,
  });
}

/**
 * A pull-based stream over `body`: nothing is read ahead (high-water mark 0), so the network is read at the
 * caller's pace and at most the chunk being handed over is held here. Errors once more than `maxBytes` arrived.
 * Cancelling it cancels the response body (and so the connection).
 */
export function limitedStream(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
  onTooLarge: () => Error,
  onReadError: (error: unknown) => unknown = (error) => error,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let total = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let result: ReadableStreamReadResult<Uint8Array>;
        try {
          result = await reader.read();
        } catch (error) {
          controller.error(onReadError(error));
          return;
        }
        if (result.done) {
          controller.close();
          return;
        }
        total += result.value.byteLength;
        if (total > maxBytes) {
          const error = onTooLarge();
          controller.error(error);
          await reader.cancel(error).catch(() => {});
          return;
        }
        controller.enqueue(result.value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * Handles a file download: a JSON, HTML or text answer (an expired token, a missing recording) becomes the
 * typed error of `errorHandler`; otherwise resolves with the body as a {@link limitedStream}. A
 * `content-length` above `maxBytes` is refused before anything is read.
 * @param maxBytes - the largest file accepted
 * @param errorHandler - turns an error answer into the error to throw
 */
export function createBulutfonFileHandler(
  maxBytes: number,
  errorHandler: ResponseHandler<MessagingError>,
): ResponseHandler<BinaryResponse> {
  return async (context) => {
    const contentType = context.responseHeaders['content-type'] ?? 'application/octet-stream';
    if (ERROR_CONTENT_TYPE.test(contentType)) throw await errorHandler(context);
    const declared = context.responseHeaders['content-length'];
    const contentLength = declared ? Number(declared) : Number.NaN;
    const body = context.response.body;
    if (Number.isFinite(contentLength) && contentLength > maxBytes) {
      await body?.cancel().catch(() => {});
      throw tooLargeError(context, maxBytes);
    }
    return {
      body: body
        ? limitedStream(
            body,
            maxBytes,
            () => tooLargeError(context, maxBytes),
            (error) => readError(context, error),
          )
        : new ReadableStream<Uint8Array>({ start: (controller) => controller.close() }),
      contentType,
      fileName: fileNameOf(context.responseHeaders['content-disposition']),
      contentLength: Number.isFinite(contentLength) ? contentLength : undefined,
    };
  };
}

/**
 * Reads a whole file. With a known `contentLength` the bytes go straight into one buffer of that size (no list
 * of chunks, no second copy); otherwise chunks are joined at the end.
 * @param file - the stream and its declared length
 */
export async function readFileBytes(
  file: Pick<BinaryResponse, 'body' | 'contentLength'>,
): Promise<Uint8Array> {
  const reader = file.body.getReader();
  const expected = file.contentLength;
  if (expected !== undefined && expected >= 0) {
    let bytes = new Uint8Array(expected);
    let offset = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return offset === bytes.byteLength ? bytes : bytes.subarray(0, offset);
      if (offset + value.byteLength > bytes.byteLength) {
        // More than announced: grow rather than lose bytes.
        const grown = new Uint8Array(Math.max(bytes.byteLength * 2, offset + value.byteLength));
        grown.set(bytes.subarray(0, offset));
        bytes = grown;
      }
      bytes.set(value, offset);
      offset += value.byteLength;
    }
  }
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return joinBytes(chunks);
    chunks.push(value);
  }
}
