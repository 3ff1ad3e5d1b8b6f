import { ApiCallError, NetworkError } from '@x/messaging-core';
import { describe, expect, it } from 'vitest';
import { createBulutfonClient } from '../src/bulutfon-client';

const TOKEN = 'download-test-token';

/** A file served chunk by chunk, counting how many chunks the client asked for. */
function servedFile(chunks: Uint8Array[], options: { contentLength?: boolean; failAfter?: number } = {}) {
  const served = { pulls: 0 };
  const fetch = async () => {
    let index = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          served.pulls++;
          if (options.failAfter !== undefined && index === options.failAfter) {
            controller.error(
              Object.assign(new TypeError('terminated'), { cause: { code: 'UND_ERR_SOCKET' } }),
            );
          } else if (index < chunks.length) controller.enqueue(chunks[index++]);
          else controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    const size = chunks.reduce((total, chunk) => total + chunk.byteLength, 0);
    const headers: Record<string, string> = { 'content-type': 'audio/ogg' };
    if (options.contentLength) headers['content-length'] = String(size);
    return new Response(body, { headers });
  };
  return { served, fetch };
}

const chunk = (value: number, size = 8) => new Uint8Array(size).fill(value);

describe('recording streams', () => {
  it('read the network only as fast as the caller reads (nothing read ahead)', async () => {
    const { served, fetch } = servedFile([chunk(1), chunk(2), chunk(3), chunk(4)]);
    const client = createBulutfonClient({ token: TOKEN, fetch });
    const recording = await client.callRecords.stream('uuid');
    expect(served.pulls).toBe(0);
    const reader = recording.body.getReader();
    expect((await reader.read()).value).toEqual(chunk(1));
    expect(served.pulls).toBe(1);
    expect((await reader.read()).value).toEqual(chunk(2));
    expect(served.pulls).toBe(2);
    await reader.cancel();
  });

  it('hand over the chunks as they came, in order, then end', async () => {
    const { fetch } = servedFile([chunk(1), chunk(2, 3)]);
    const client = createBulutfonClient({ token: TOKEN, fetch });
    const recording = await client.callRecords.stream('uuid');
    const received: Uint8Array[] = [];
    for await (const part of recording.body as unknown as AsyncIterable<Uint8Array>) received.push(part);
    expect(received).toEqual([chunk(1), chunk(2, 3)]);
  });

  it('refuse a file announced larger than maxDownloadBytes before reading it', async () => {
    const { served, fetch } = servedFile([chunk(1), chunk(2)], { contentLength: true });
    const client = createBulutfonClient({ token: TOKEN, fetch, maxDownloadBytes: 10 });
    const error = await client.callRecords.stream('uuid').catch((caught) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error.message).toContain('larger than 10 bytes');
    expect(error.message).not.toContain(TOKEN);
    expect(served.pulls).toBe(0);
  });

  it('error once more than maxDownloadBytes arrived without a content-length', async () => {
    const { fetch } = servedFile([chunk(1), chunk(2), chunk(3)]);
    const client = createBulutfonClient({ token: TOKEN, fetch, maxDownloadBytes: 10 });
    const recording = await client.callRecords.stream('uuid');
    const reader = recording.body.getReader();
    expect((await reader.read()).value).toEqual(chunk(1));
    const error = await reader.read().catch((caught) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error.message).toContain('larger than 10 bytes');
  });

  it('report a connection broken mid-file as a retryable NetworkError', async () => {
    const { fetch } = servedFile([chunk(1), chunk(2)], { failAfter: 1 });
    const client = createBulutfonClient({ token: TOKEN, fetch });
    const error = await client.callRecords.download('uuid').catch((caught) => caught);
    expect(NetworkError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ providerId: 'bulutfon', code: 'UND_ERR_SOCKET', isRetryable: true });
    expect(error.message).not.toContain(TOKEN);
  });

  it('download a whole file into one buffer of the announced size', async () => {
    const { fetch } = servedFile([chunk(1), chunk(2), chunk(3, 4)], { contentLength: true });
    const client = createBulutfonClient({ token: TOKEN, fetch });
    const file = await client.callRecords.download('uuid');
    expect(file.bytes).toEqual(new Uint8Array([...chunk(1), ...chunk(2), ...chunk(3, 4)]));
    expect(file.bytes.buffer.byteLength).toBe(20);
  });
});
