import type { IncomingMessage } from 'node:http';

/**
 * Reads and throws away the rest of a request body that will not be used (one over the size limit), so that a
 * client still sending it gets to read the answer: closing a connection with unread bytes resets it, and a
 * client that is writing then sees a write error instead of the answer.
 *
 * At most `limitBytes` are read; a body declared larger is not read at all. The time it may take is bounded by
 * the server's request time limit (the connection is then answered 408 and closed).
 * @param request - the request whose body to drain
 * @param limitBytes - the most bytes to read
 * @returns whether the body was read to its end (`false`: over the bound, or the connection went away)
 */
export function drainBody(request: IncomingMessage, limitBytes: number): Promise<boolean> {
  if (request.readableEnded) return Promise.resolve(true);
  const declared = Number(request.headers['content-length']);
  if (request.destroyed || declared > limitBytes) return Promise.resolve(false);
  return new Promise((resolve) => {
    let drained = 0;
    const finish = (ended: boolean) => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('close', onClose);
      request.off('error', onError);
      resolve(ended);
    };
    const onData = (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > limitBytes) {
        request.pause();
        finish(false);
      }
    };
    const onEnd = () => finish(true);
    const onClose = () => finish(request.readableEnded);
    const onError = () => finish(false);
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('close', onClose);
    request.on('error', onError);
    request.resume();
  });
}
