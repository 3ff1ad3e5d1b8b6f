import { afterEach, describe, expect, it } from 'vitest';
import { type FakeServerListener, listenFakeServer } from '../src/testing';

let listener: FakeServerListener | undefined;

/** Waits until `condition` holds, for 5 seconds at most. */
async function until(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 500 && !condition(); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
afterEach(async () => {
  await listener?.close();
  listener = undefined;
});

describe('listenFakeServer', () => {
  it('hands each request to the fake as a fetch Request and writes its Response back', async () => {
    const seen: { method: string; url: string; header: string | null; body: string }[] = [];
    listener = await listenFakeServer(async (request) => {
      seen.push({
        method: request.method,
        url: request.url,
        header: request.headers.get('x-key'),
        body: await request.text(),
      });
      return Response.json({ ok: true }, { status: 201, headers: { 'x-answer': 'yes' } });
    });
    expect(listener.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${listener.url}/v1/messages?page=2`, {
      method: 'POST',
      headers: { 'x-key': 'k1', 'content-type': 'application/json' },
      body: '{"to":["+905321234567"]}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-answer')).toBe('yes');
    expect(await response.json()).toEqual({ ok: true });
    expect(seen).toEqual([
      {
        method: 'POST',
        url: `${listener.url}/v1/messages?page=2`,
        header: 'k1',
        body: '{"to":["+905321234567"]}',
      },
    ]);
  });

  it('breaks the connection for Response.error() and answers 500 when the fake throws', async () => {
    listener = await listenFakeServer(async (request) => {
      if (request.url.endsWith('/reset')) return Response.error();
      throw new Error('a bug in the fake');
    });
    await expect(fetch(`${listener.url}/reset`)).rejects.toThrow(TypeError);
    const failed = await fetch(`${listener.url}/bug`);
    expect(failed.status).toBe(500);
  });

  it("aborts the request's signal when the client goes away, so that a hanging answer ends", async () => {
    let reached = false;
    let aborted = false;
    listener = await listenFakeServer(
      (request) =>
        new Promise<Response>((_, reject) => {
          reached = true;
          request.signal.addEventListener('abort', () => {
            aborted = true;
            reject(request.signal.reason);
          });
        }),
    );
    const controller = new AbortController();
    const pending = fetch(`${listener.url}/timeout`, { signal: controller.signal });
    await until(() => reached);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await until(() => aborted);
    expect(aborted).toBe(true);
  });

  it('stops listening on close', async () => {
    listener = await listenFakeServer(async () => new Response('hi'));
    const { url } = listener;
    expect(await (await fetch(url)).text()).toBe('hi');
    await listener.close();
    listener = undefined;
    await expect(fetch(url)).rejects.toThrow(TypeError);
  });
});
