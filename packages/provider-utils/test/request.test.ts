import {
  ApiCallError,
  AuthenticationError,
  MessagingError,
  NetworkError,
  RateLimitError,
  TimeoutError,
  ValidationError,
} from '@x/messaging-core';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createBinaryResponseHandler,
  createJsonErrorResponseHandler,
  createJsonResponseHandler,
  createStatusCodeErrorResponseHandler,
  type FetchFunction,
  type ProviderRequestOptions,
  request,
} from '../src/index';
import { createXmlResponseHandler } from '../src/xml';

const KEY = 'ce136df4c9c92d1428e828aba07d3b05';
const BASE = 'https://api.example.test';
const balanceSchema = z.object({ response: z.object({ data: z.object({ credit: z.coerce.number() }) }) });

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function options<T>(
  overrides: Partial<ProviderRequestOptions<T>> &
    Pick<ProviderRequestOptions<T>, 'successfulResponseHandler'>,
): ProviderRequestOptions<T> {
  return {
    providerId: 'example',
    url: `${BASE}/v2/${KEY}/balance/`,
    method: 'GET',
    secrets: [KEY],
    idempotent: true,
    failedResponseHandler: createStatusCodeErrorResponseHandler(),
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

function expectNoSecret(value: unknown): void {
  const serialised =
    JSON.stringify(value) + String(value) + (value instanceof Error ? (value.stack ?? '') : '');
  expect(serialised).not.toContain(KEY);
}

describe('request: successful responses', () => {
  it('parses and validates JSON and returns status and headers', async () => {
    server.use(
      http.get(`${BASE}/v2/:key/balance/`, () =>
        HttpResponse.json(
          { response: { data: { credit: '325761' } } },
          { headers: { 'x-request-id': 'r-1' } },
        ),
      ),
    );
    const result = await request(
      options({ successfulResponseHandler: createJsonResponseHandler(balanceSchema) }),
    );
    expect(result.value.response.data.credit).toBe(325761);
    expect(result.statusCode).toBe(200);
    expect(result.responseHeaders['x-request-id']).toBe('r-1');
  });

  it('sends method, headers and body to the injected fetch', async () => {
    const calls: { url: string; init: RequestInit | undefined }[] = [];
    const fetch: FetchFunction = async (input, init) => {
      calls.push({ url: String(input), init });
      return new Response('{"ok":true}', { headers: { 'content-type': 'application/json' } });
    };
    await request(
      options({
        fetch,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-skip': undefined },
        body: '{"a":1}',
        successfulResponseHandler: createJsonResponseHandler(z.object({ ok: z.boolean() })),
      }),
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe(`${BASE}/v2/${KEY}/balance/`);
    expect(calls[0]?.init?.method).toBe('POST');
    expect(calls[0]?.init?.headers).toEqual({ 'content-type': 'application/json' });
    expect(calls[0]?.init?.body).toBe('{"a":1}');
  });

  it('parses XML with forced lists', async () => {
    server.use(
      http.get(
        `${BASE}/v2/:key/balance/`,
        () =>
          new HttpResponse('<response><data><item><id>7</id></item></data></response>', {
            headers: { 'content-type': 'application/xml' },
          }),
      ),
    );
    const schema = z.object({
      response: z.object({ data: z.object({ item: z.array(z.object({ id: z.string() })) }) }),
    });
    const result = await request(
      options({
        successfulResponseHandler: createXmlResponseHandler(schema, {
          isArray: (_name, path) => path === 'response.data.item',
        }),
      }),
    );
    expect(result.value.response.data.item).toEqual([{ id: '7' }]);
  });

  it('decodes the charset the response declares', async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xfe, 0x22, 0x7d]); // {"n":"ş"} in windows-1254
    const fetch: FetchFunction = async () =>
      new Response(bytes, { headers: { 'content-type': 'application/json; charset=windows-1254' } });
    const result = await request(
      options({ fetch, successfulResponseHandler: createJsonResponseHandler(z.object({ n: z.string() })) }),
    );
    expect(result.value.n).toBe('ş');
  });

  it('returns a file as a stream with its name and type', async () => {
    server.use(
      http.get(
        `${BASE}/v2/:key/balance/`,
        () =>
          new HttpResponse(new Uint8Array([1, 2, 3]), {
            headers: {
              'content-type': 'audio/wav',
              'content-disposition': 'attachment; filename="call 1.wav"',
              'content-length': '3',
            },
          }),
      ),
    );
    const { value } = await request(options({ successfulResponseHandler: createBinaryResponseHandler() }));
    expect(value.contentType).toBe('audio/wav');
    expect(value.fileName).toBe('call 1.wav');
    expect(value.contentLength).toBe(3);
    expect([...new Uint8Array(await new Response(value.body).arrayBuffer())]).toEqual([1, 2, 3]);
  });

  it('applies the size limit to a downloaded stream', async () => {
    const fetch: FetchFunction = async () =>
      new Response(new Uint8Array(4096), { headers: { 'content-type': 'audio/wav' } });
    const { value } = await request(
      options({ fetch, maxResponseBytes: 1024, successfulResponseHandler: createBinaryResponseHandler() }),
    );
    const error = await failure(new Response(value.body).arrayBuffer());
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('larger than 1024 bytes');
  });

  it('turns a JSON answer to a download into a typed error', async () => {
    server.use(
      http.get(`${BASE}/v2/:key/balance/`, () =>
        HttpResponse.json({ error: 'Token expired' }, { status: 401 }),
      ),
    );
    const error = await failure(
      request(options({ successfulResponseHandler: createBinaryResponseHandler() })),
    );
    expect(AuthenticationError.isInstance(error)).toBe(true);
  });

  it('refuses a JSON error body sent with HTTP 200 for a download', async () => {
    server.use(http.get(`${BASE}/v2/:key/balance/`, () => HttpResponse.json({ error: 'Token expired' })));
    const error = await failure(
      request(options({ successfulResponseHandler: createBinaryResponseHandler() })),
    );
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect((error as ApiCallError).responseBody).toContain('Token expired');
  });
});

describe('request: unreadable responses', () => {
  it('reports an HTML page as an ApiCallError with a short redacted excerpt', async () => {
    const page = `<!DOCTYPE html><html><body>Bad gateway for /v2/${KEY}/ ${'x'.repeat(1000)}</body></html>`;
    server.use(
      http.get(
        `${BASE}/v2/:key/balance/`,
        () => new HttpResponse(page, { headers: { 'content-type': 'text/html' } }),
      ),
    );
    const error = await failure(
      request(options({ successfulResponseHandler: createJsonResponseHandler(balanceSchema) })),
    );
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect((error as ApiCallError).message).toMatch(/HTML page/);
    expect((error as ApiCallError).responseBody?.length).toBeLessThanOrEqual(200);
    expect((error as ApiCallError).responseBody).toContain('Bad gateway for /v2/***/');
    expectNoSecret(error);
  });

  it('marks an unreadable answer to a send as maybe delivered', async () => {
    const fetch: FetchFunction = async () => new Response('{"response":', { status: 200 });
    const error = await failure(
      request(
        options({
          fetch,
          method: 'POST',
          idempotent: false,
          successfulResponseHandler: createJsonResponseHandler(balanceSchema),
        }),
      ),
    );
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect((error as ApiCallError).maybeDelivered).toBe(true);
  });

  it('reports a wrong shape as a ValidationError on the response', async () => {
    server.use(http.get(`${BASE}/v2/:key/balance/`, () => HttpResponse.json({ response: { data: {} } })));
    const error = await failure(
      request(options({ successfulResponseHandler: createJsonResponseHandler(balanceSchema) })),
    );
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).target).toBe('response');
    expect((error as ValidationError).issues[0]?.path).toEqual(['response', 'data', 'credit']);
    expect((error as ValidationError).maybeDelivered).toBe(false);
  });

  it('refuses a body larger than the limit', async () => {
    const fetch: FetchFunction = async () => new Response('x'.repeat(2048));
    const error = await failure(
      request(
        options({
          fetch,
          maxResponseBytes: 1024,
          successfulResponseHandler: createJsonResponseHandler(z.unknown()),
        }),
      ),
    );
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('larger than 1024 bytes');
  });

  it('refuses early when content-length announces too much', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(512));
      },
    });
    const fetch: FetchFunction = async () => new Response(body, { headers: { 'content-length': '999999' } });
    const error = await failure(
      request(
        options({
          fetch,
          maxResponseBytes: 1024,
          successfulResponseHandler: createJsonResponseHandler(z.unknown()),
        }),
      ),
    );
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it('refuses a body longer than the limit even when content-length announces less', async () => {
    const fetch: FetchFunction = async () =>
      new Response('x'.repeat(2048), { headers: { 'content-length': '10' } });
    const error = await failure(
      request(
        options({
          fetch,
          maxResponseBytes: 1024,
          successfulResponseHandler: createJsonResponseHandler(z.unknown()),
        }),
      ),
    );
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('larger than 1024 bytes');
  });

  it('reads a compressed body chunk by chunk, so the limit applies to what it decompresses to', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(512));
      },
    });
    const fetch: FetchFunction = async () =>
      new Response(body, { headers: { 'content-length': '100', 'content-encoding': 'gzip' } });
    const error = await failure(
      request(
        options({
          fetch,
          maxResponseBytes: 1024,
          successfulResponseHandler: createJsonResponseHandler(z.unknown()),
        }),
      ),
    );
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(pulled).toBeLessThanOrEqual(4);
  });

  it('wraps a bug in a custom handler into an ApiCallError without the secret', async () => {
    server.use(http.get(`${BASE}/v2/:key/balance/`, () => HttpResponse.json({})));
    const error = await failure(
      request(
        options({
          successfulResponseHandler: async () => {
            throw new TypeError(`cannot read ${KEY}`);
          },
        }),
      ),
    );
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(String((error as Error).cause)).toContain('cannot read ***');
    expectNoSecret(error);
  });
});

describe('request: failed responses', () => {
  it('maps 429 to a RateLimitError with Retry-After, never maybe delivered', async () => {
    server.use(
      http.post(`${BASE}/v2/:key/balance/`, () =>
        HttpResponse.json({ error: 'slow down' }, { status: 429, headers: { 'retry-after': '3' } }),
      ),
    );
    const error = await failure(
      request(
        options({
          method: 'POST',
          idempotent: false,
          successfulResponseHandler: createJsonResponseHandler(balanceSchema),
        }),
      ),
    );
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect((error as RateLimitError).retryAfterMs).toBe(3000);
    expect((error as RateLimitError).isRetryable).toBe(true);
    expect((error as RateLimitError).maybeDelivered).toBe(false);
  });

  it('maps 5xx to a retryable ApiCallError that is maybe delivered for a send only', async () => {
    server.use(http.all(`${BASE}/v2/:key/balance/`, () => new HttpResponse('oops', { status: 503 })));
    const read = await failure(
      request(options({ successfulResponseHandler: createJsonResponseHandler(balanceSchema) })),
    );
    const send = await failure(
      request(
        options({
          method: 'POST',
          idempotent: false,
          successfulResponseHandler: createJsonResponseHandler(balanceSchema),
        }),
      ),
    );
    for (const error of [read, send]) {
      expect(ApiCallError.isInstance(error)).toBe(true);
      expect((error as ApiCallError).statusCode).toBe(503);
      expect((error as ApiCallError).isRetryable).toBe(true);
      expect((error as ApiCallError).url).toBe(`${BASE}/v2/***/balance/`);
      expectNoSecret(error);
    }
    expect((read as ApiCallError).maybeDelivered).toBe(false);
    expect((send as ApiCallError).maybeDelivered).toBe(true);
  });

  it('gives errors the request id and the response headers with credentials hidden', async () => {
    server.use(
      http.all(
        `${BASE}/v2/:key/balance/`,
        () =>
          new HttpResponse('oops', {
            status: 502,
            headers: { 'x-request-id': 'req-9', 'set-cookie': 'session=s3cr3t', 'x-echo': KEY },
          }),
      ),
    );
    const error = (await failure(
      request(options({ successfulResponseHandler: createJsonResponseHandler(balanceSchema) })),
    )) as ApiCallError;
    expect(error.requestId).toBe('req-9');
    expect(error.responseHeaders?.['x-request-id']).toBe('req-9');
    expect(error.responseHeaders?.['set-cookie']).not.toContain('s3cr3t');
    expect(error.responseHeaders?.['x-echo']).toBe('***');
    expectNoSecret(error);
  });

  it('hands other statuses to the failed response handler', async () => {
    server.use(
      http.get(`${BASE}/v2/:key/balance/`, () =>
        HttpResponse.json({ error: { code: 'E42', text: 'nope' } }, { status: 400 }),
      ),
    );
    const failedResponseHandler = createJsonErrorResponseHandler({
      schema: z.object({ error: z.object({ code: z.string(), text: z.string() }) }),
      toError: (data, context) =>
        new AuthenticationError({
          message: `refused: ${data.error.text}`,
          url: context.url,
          statusCode: context.statusCode,
          providerCode: data.error.code,
        }),
    });
    const error = await failure(
      request(
        options({
          failedResponseHandler,
          successfulResponseHandler: createJsonResponseHandler(balanceSchema),
        }),
      ),
    );
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as AuthenticationError).providerCode).toBe('E42');
  });

  it('classifies by status when the error body is not the expected envelope', async () => {
    server.use(http.get(`${BASE}/v2/:key/balance/`, () => new HttpResponse('gone', { status: 404 })));
    const failedResponseHandler = createJsonErrorResponseHandler({
      schema: z.object({ error: z.string() }),
      toError: () => new MessagingError({ message: 'unused' }),
    });
    const error = await failure(
      request(
        options({
          failedResponseHandler,
          successfulResponseHandler: createJsonResponseHandler(balanceSchema),
        }),
      ),
    );
    expect((error as ApiCallError).kind).toBe('not-found');
    expect((error as ApiCallError).responseBody).toBe('gone');
  });
});

describe('request: transport failures with an injected fetch', () => {
  const refused = () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    return new TypeError('fetch failed', { cause });
  };

  it('reports a refused connection as retryable and never delivered, even for a send', async () => {
    const error = await failure(
      request(
        options({
          fetch: async () => {
            throw refused();
          },
          method: 'POST',
          idempotent: false,
          successfulResponseHandler: createJsonResponseHandler(balanceSchema),
        }),
      ),
    );
    expect(NetworkError.isInstance(error)).toBe(true);
    expect((error as NetworkError).code).toBe('ECONNREFUSED');
    expect((error as NetworkError).isRetryable).toBe(true);
    expect((error as NetworkError).maybeDelivered).toBe(false);
  });

  it('reports an unexplained fetch failure of a send as maybe delivered', async () => {
    const error = await failure(
      request(
        options({
          fetch: async () => {
            throw new TypeError('fetch failed');
          },
          method: 'POST',
          idempotent: false,
          successfulResponseHandler: createJsonResponseHandler(balanceSchema),
        }),
      ),
    );
    expect(NetworkError.isInstance(error)).toBe(true);
    expect((error as NetworkError).maybeDelivered).toBe(true);
  });

  it('times out a fetch that never answers, even one that ignores its signal', async () => {
    const error = await failure(
      request(
        options({
          fetch: () => new Promise<Response>(() => {}),
          timeoutMs: 20,
          method: 'POST',
          idempotent: false,
          successfulResponseHandler: createJsonResponseHandler(balanceSchema),
        }),
      ),
    );
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).timeoutMs).toBe(20);
    expect((error as TimeoutError).maybeDelivered).toBe(true);
    expect((error as TimeoutError).url).toBe(`${BASE}/v2/***/balance/`);
  });

  it('times out while the body is read', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"response":'));
      },
    });
    const error = await failure(
      request(
        options({
          fetch: async () => new Response(body),
          timeoutMs: 30,
          successfulResponseHandler: createJsonResponseHandler(balanceSchema),
        }),
      ),
    );
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).maybeDelivered).toBe(false);
  });

  it('times out while a body of announced length is read', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"response":'));
      },
    });
    const error = await failure(
      request(
        options({
          fetch: async () => new Response(body, { headers: { 'content-length': '400' } }),
          timeoutMs: 30,
          successfulResponseHandler: createJsonResponseHandler(balanceSchema),
        }),
      ),
    );
    expect(TimeoutError.isInstance(error)).toBe(true);
  });

  it("keeps a downloaded stream under the caller's signal after the call resolved", async () => {
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const fetch: FetchFunction = async (_input, init) => {
      seen = init?.signal ?? undefined;
      return new Response(new Uint8Array(16), { headers: { 'content-type': 'audio/wav' } });
    };
    const { value } = await request(
      options({ fetch, signal: controller.signal, successfulResponseHandler: createBinaryResponseHandler() }),
    );
    expect(seen?.aborted).toBe(false);
    controller.abort(new Error('stop'));
    expect(seen?.aborted).toBe(true);
    await value.body.cancel();
  });

  it("stops following the caller's signal once a read body is done", async () => {
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const fetch: FetchFunction = async (_input, init) => {
      seen = init?.signal ?? undefined;
      return new Response('{"ok":true}');
    };
    await request(
      options({
        fetch,
        signal: controller.signal,
        successfulResponseHandler: createJsonResponseHandler(z.object({ ok: z.boolean() })),
      }),
    );
    controller.abort(new Error('stop'));
    expect(seen?.aborted).toBe(false);
  });

  it('treats an infinite timeout as none and refuses a non-positive one', async () => {
    const fetch: FetchFunction = async () => new Response('{"ok":true}');
    const handler = createJsonResponseHandler(z.object({ ok: z.boolean() }));
    const result = await request(
      options({ fetch, timeoutMs: Number.POSITIVE_INFINITY, successfulResponseHandler: handler }),
    );
    expect(result.value.ok).toBe(true);
    const error = await failure(
      request(options({ fetch, timeoutMs: 0, successfulResponseHandler: handler })),
    );
    expect(ValidationError.isInstance(error)).toBe(true);
  });

  it("rejects with the caller's abort reason, not a MessagingError", async () => {
    const controller = new AbortController();
    const promise = request(
      options({
        fetch: () => new Promise<Response>(() => {}),
        signal: controller.signal,
        successfulResponseHandler: createJsonResponseHandler(balanceSchema),
      }),
    );
    controller.abort();
    const error = await failure(promise);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(MessagingError.isInstance(error)).toBe(false);
  });

  it('does not call fetch when the signal is already aborted', async () => {
    let called = false;
    const error = await failure(
      request(
        options({
          fetch: async () => {
            called = true;
            return new Response('{}');
          },
          signal: AbortSignal.abort(new Error('stop')),
          successfulResponseHandler: createJsonResponseHandler(z.unknown()),
        }),
      ),
    );
    expect((error as Error).message).toBe('stop');
    expect(called).toBe(false);
  });
});

describe('request: hooks', () => {
  it('see only redacted URLs and headers, and the outcome', async () => {
    server.use(
      http.get(`${BASE}/cdrs`, () =>
        HttpResponse.json({ error: 'Token expired' }, { status: 401, headers: { 'x-request-id': 'abc' } }),
      ),
    );
    const events: unknown[] = [];
    const error = await failure(
      request(
        options({
          url: `${BASE}/cdrs?access_token=${KEY}&page=1`,
          headers: { authorization: `Bearer ${KEY}`, accept: 'application/json', 'x-custom': `v-${KEY}` },
          idempotencyKey: 'order-1/processing',
          hooks: {
            onRequest: (event) => events.push(['request', event]),
            onResponse: (event) => events.push(['response', event]),
            onError: (event) => events.push(['error', event]),
          },
          successfulResponseHandler: createJsonResponseHandler(balanceSchema),
        }),
      ),
    );
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(events.map((event) => (event as [string])[0])).toEqual(['request', 'response', 'error']);
    expect(events[0]).toEqual([
      'request',
      {
        providerId: 'example',
        method: 'GET',
        url: `${BASE}/cdrs?access_token=***&page=1`,
        headers: { authorization: '***', accept: 'application/json', 'x-custom': 'v-***' },
        idempotencyKey: 'order-1/processing',
      },
    ]);
    expect(events[1]).toMatchObject(['response', { statusCode: 401, requestId: 'abc' }]);
    expect(JSON.stringify(events)).not.toContain(KEY);
  });

  it('masks phone numbers in the URL, as errors do', async () => {
    const events: unknown[] = [];
    const error = await failure(
      request(
        options({
          fetch: async () => new Response('no', { status: 500 }),
          url: `${BASE}/v2/${KEY}/smsviaget/json/?gsms=905321234567&message=x`,
          hooks: { onRequest: (event) => events.push(event) },
          redactQueryParams: ['message'],
          successfulResponseHandler: createJsonResponseHandler(balanceSchema),
        }),
      ),
    );
    const expected = `${BASE}/v2/***/smsviaget/json/?gsms=90532*****67&message=***`;
    expect((error as ApiCallError).url).toBe(expected);
    expect(events).toEqual([expect.objectContaining({ url: expected })]);
  });

  it('ignores a hook that throws', async () => {
    server.use(
      http.get(`${BASE}/v2/:key/balance/`, () => HttpResponse.json({ response: { data: { credit: 1 } } })),
    );
    const result = await request(
      options({
        hooks: {
          onRequest: () => {
            throw new Error('logger down');
          },
          onResponse: () => {
            throw new Error('logger down');
          },
        },
        successfulResponseHandler: createJsonResponseHandler(balanceSchema),
      }),
    );
    expect(result.value.response.data.credit).toBe(1);
  });
});
