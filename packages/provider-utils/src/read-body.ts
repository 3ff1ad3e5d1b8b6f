/**
 * Reads a whole body through its stream within the byte limit, giving up as soon as `aborted` rejects (when
 * given; without it, the body's own stream ends on abort).
 */
async function readChunks(
  body: ReadableStream<Uint8Array>,
  aborted: Promise<never> | undefined,
  maxBytes: number,
  onTooLarge: () => Error,
): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  // One subscription for the whole read, not a race per chunk: an abort cancels the reader, and cancelling ends
  // the pending read at once even when the body's source ignores it.
  let finished = false;
  let abortedWith: { reason: unknown } | undefined;
  aborted?.catch((reason: unknown) => {
    if (finished) return;
    abortedWith = { reason };
    reader.cancel(reason).catch(() => {});
  });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (abortedWith) throw abortedWith.reason;
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw onTooLarge();
      chunks.push(value);
    }
  } catch (error) {
    finished = true;
    reader.cancel().catch(() => {});
    throw error;
  }
  finished = true;
  return joinBytes(chunks);
}

/**
 * The chunks of a body as one array of bytes: the chunk itself when there is one, else a copy of them all.
 * @param chunks - the chunks, in order
 */
export function joinBytes(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** What {@link readBoundedBody} needs besides the response. */
export interface BoundedRead {
  /** The response's body stream, already taken from the response. */
  body: ReadableStream<Uint8Array>;
  /** Rejects when the call is aborted; only for a `fetch` given in the options, which may ignore its signal. */
  aborted: Promise<never> | undefined;
  /** The largest body accepted, in bytes. */
  maxBytes: number;
  /** The error to throw when the body is larger. */
  onTooLarge(): Error;
}

/**
 * Reads a whole body within the byte limit. A body whose size is announced (`content-length`, not compressed) is
 * read in one piece and checked after; any other is read chunk by chunk, so that the limit holds while reading.
 *
 * @param response - the response (its headers)
 * @param read - the body, the abort and the limit
 * @returns the body's bytes
 */
export function readBoundedBody(response: Response, read: BoundedRead): Promise<Uint8Array> {
  const { body, aborted, maxBytes, onTooLarge } = read;
  const encoding = response.headers.get('content-encoding');
  const announced = response.headers.get('content-length') !== null;
  if (!announced || (encoding !== null && encoding !== 'identity')) {
    return readChunks(body, aborted, maxBytes, onTooLarge);
  }
  return (aborted ? Promise.race([response.arrayBuffer(), aborted]) : response.arrayBuffer()).then(
    (bytes) => {
      if (bytes.byteLength > maxBytes) throw onTooLarge();
      return new Uint8Array(bytes);
    },
  );
}

/**
 * Decodes a body in the charset its `content-type` declares (UTF-8 when it declares none or an unknown one).
 * @param bytes - the body
 * @param contentType - the `content-type` header
 */
export function decodeBody(bytes: Uint8Array, contentType: string | null): string {
  const charset = /charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? '')?.[1];
  if (charset && !/^utf-?8$/i.test(charset)) {
    try {
      return new TextDecoder(charset).decode(bytes);
    } catch {
      // Unknown charset: read as UTF-8.
    }
  }
  return new TextDecoder().decode(bytes);
}
