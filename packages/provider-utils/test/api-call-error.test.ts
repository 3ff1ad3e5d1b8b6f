import {
  ApiCallError,
  AuthenticationError,
  InvalidRecipientError,
  NotFoundError,
  RateLimitError,
} from '@x/messaging-core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type ApiCallErrorContext,
  createApiCallError,
  createJsonResponseHandler,
  createStatusCodeErrorResponseHandler,
  type ResponseHandler,
  request,
} from '../src/index';
import { createXmlResponseHandler } from '../src/xml';

const KEY = 'ce136df4c9c92d1428e828aba07d3b05';
const URL_WITH_KEY = `https://api.example.test/v2/${KEY}/sendsms/`;

const context: ApiCallErrorContext = {
  providerId: 'example',
  url: 'https://api.example.test/v2/***/sendsms/',
  method: 'POST',
  statusCode: 400,
  requestId: 'req-1',
  responseHeaders: { 'content-type': 'application/json', 'x-request-id': 'req-1' },
  idempotent: false,
  redact: (text) => text.split(KEY).join('***'),
};

const NGINX_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
  '<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/**
 * What a call with the key in its URL ends with when its `fetch` answers `response`: the value, or the error. A GET
 * is idempotent, a POST is not.
 */
function outcome<T>(
  response: () => Response,
  successfulResponseHandler: ResponseHandler<T>,
  method: 'GET' | 'POST' = 'POST',
): Promise<unknown> {
  return request({
    providerId: 'example',
    url: URL_WITH_KEY,
    method,
    secrets: [KEY],
    idempotent: method === 'GET',
    fetch: async () => response(),
    successfulResponseHandler,
    failedResponseHandler: createStatusCodeErrorResponseHandler(),
  }).then(
    (result) => result.value,
    (caught: unknown) => caught,
  );
}

describe('createApiCallError', () => {
  it('fills every field from the context, with a redacted, masked excerpt of the body', () => {
    const error = createApiCallError(context, {
      reason: 'the sender was refused',
      body: `{"error":"bad header","key":"${KEY}","gsm":"905321234567"}`,
      providerCode: 'E101',
    });
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      message:
        'example: the sender was refused (POST https://api.example.test/v2/***/sendsms/ answered HTTP 400).',
      providerId: 'example',
      url: context.url,
      method: 'POST',
      statusCode: 400,
      requestId: 'req-1',
      providerCode: 'E101',
      responseHeaders: context.responseHeaders,
      responseBody: '{"error":"bad header","key":"***","gsm":"90532*****67"}',
      isRetryable: false,
      maybeDelivered: false,
    });
  });

  it.each([
    [200, false, true, false],
    [200, true, false, false],
    [408, false, false, true],
    [429, false, false, true],
    [500, false, true, true],
    [503, true, false, true],
    [undefined, false, true, false],
  ])(
    'classifies HTTP %s (idempotent: %s): maybeDelivered %s, retryable %s',
    (status, idempotent, maybe, retry) => {
      const error = createApiCallError({ ...context, statusCode: status, idempotent });
      expect(error.maybeDelivered).toBe(maybe);
      expect(error.isRetryable).toBe(retry);
    },
  );

  it('lets the details override the classification and the message', () => {
    const error = createApiCallError(context, {
      message: 'example: custom.',
      isRetryable: true,
      maybeDelivered: true,
      cause: new Error('inner'),
    });
    expect(error).toMatchObject({ message: 'example: custom.', isRetryable: true, maybeDelivered: true });
    expect((error.cause as Error).message).toBe('inner');
  });

  it('builds the subclass given, with its own options', () => {
    const limited = createApiCallError(context, { reason: 'slow down', retryAfterMs: 2000 }, RateLimitError);
    expect(RateLimitError.isInstance(limited)).toBe(true);
    expect(limited).toMatchObject({ retryAfterMs: 2000, isRetryable: true, maybeDelivered: false });
    const blacklisted = createApiCallError(
      context,
      { reason: 'refused', recipient: '90532*****67', blacklisted: true },
      InvalidRecipientError,
    );
    expect(blacklisted).toMatchObject({ kind: 'blacklisted', recipient: '90532*****67' });
    expect(AuthenticationError.isInstance(createApiCallError(context, {}, AuthenticationError))).toBe(true);
  });

  it('works without a response: a recipient the answer left out', () => {
    const error = createApiCallError(
      { providerId: 'organik', url: 'https://h/v2/***/sendsms/', method: 'POST' },
      { message: 'Organik did not report recipient 90532*****67.', maybeDelivered: true },
    );
    expect(error).toMatchObject({ statusCode: undefined, responseBody: undefined, maybeDelivered: true });
    expect(createApiCallError({ providerId: 'p', url: 'u', method: 'GET' }, { reason: 'x' }).message).toBe(
      'p: x (GET u).',
    );
  });
});

describe('an HTML error page', () => {
  it('puts the text of the page in the message, not only in responseBody', () => {
    const error = createApiCallError(
      { ...context, statusCode: 502, responseHeaders: { 'content-type': 'text/html' } },
      { reason: 'server error', body: NGINX_502 },
    );
    expect(error.message).toBe(
      'example: server error (POST https://api.example.test/v2/***/sendsms/ answered HTTP 502 with an HTML page: ' +
        '"502 Bad Gateway nginx").',
    );
    expect(error.responseBody).toContain('<title>502 Bad Gateway</title>');
  });

  it('keeps secrets, phone numbers, scripts and styles out of the message, and bounds it', () => {
    const page =
      `<!DOCTYPE html><html><head><style>body{color:red}</style><script>var k="${KEY}"</script></head>` +
      `<body><!-- ${KEY} --><p>Gateway &amp; proxy said: <b>${KEY.slice(0, 10)}</b>${KEY.slice(10)} ` +
      `for 0532 123 45 67</p><p>${'x'.repeat(500)}</p><script>alert(1)</script></body></html>`;
    const error = createApiCallError({ ...context, statusCode: 503 }, { reason: 'server error', body: page });
    const excerpt = /with an HTML page: "(.*)"\)\.$/.exec(error.message)?.[1] ?? '';
    expect(excerpt.startsWith('Gateway & proxy said:')).toBe(true);
    expect(excerpt).not.toContain(KEY.slice(10));
    expect(excerpt).toContain('05321****67');
    expect(excerpt).not.toMatch(/color|alert|<|>/);
    expect(excerpt.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(error) + error.message + error.responseBody).not.toContain(KEY);
  });

  it('reads a page full of unclosed markup in one pass, and leaves an empty text out', () => {
    const page = `<html>${'<a <script <!-- '.repeat(50_000)}`;
    const error = createApiCallError({ ...context, statusCode: 502 }, { body: page });
    expect(error.message).toBe(
      'example: the request failed (POST https://api.example.test/v2/***/sendsms/ answered HTTP 502).',
    );
  });

  it.each([
    ['request() on a 502', 502, createJsonResponseHandler(z.unknown())],
    ['the JSON handler on a 200', 200, createJsonResponseHandler(z.unknown())],
    ['the XML handler on a 200', 200, createXmlResponseHandler(z.unknown())],
  ])('is described in the message by %s', async (_name, status, successfulResponseHandler) => {
    const error = await outcome(
      () => new Response(NGINX_502, { status, headers: { 'content-type': 'text/html' } }),
      successfulResponseHandler,
    );
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(
      `answered HTTP ${status} with an HTML page: "502 Bad Gateway nginx"`,
    );
    expect((error as ApiCallError).maybeDelivered).toBe(true);
    expect((error as Error).message).not.toContain(KEY);
  });

  it('is described by the status handler too (a 404 page from a proxy)', async () => {
    const error = await outcome(
      () =>
        new Response('<html><body><h1>Not Found</h1></body></html>', {
          status: 404,
          headers: { 'content-type': 'text/html; charset=utf-8' },
        }),
      createJsonResponseHandler(z.unknown()),
      'GET',
    );
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      'example: not found (GET https://api.example.test/v2/***/sendsms/ answered HTTP 404 with an HTML page: "Not Found").',
    );
  });
});

describe('createXmlResponseHandler: an HTML page instead of XML', () => {
  const schema = z.object({ response: z.object({ credit: z.string() }) });
  /** A maintenance page that is well-formed XML, echoing the key in a link. */
  const page =
    '<html><head><title>Maintenance</title></head><body><p>Back soon</p>' +
    `<a href="/retry?key=${KEY}&amp;x=1">retry</a></body></html>`;

  it.each([
    ['sent as text/html', 'text/html; charset=utf-8'],
    ['sent as XML', 'application/xml'],
  ])('is an ApiCallError saying so at HTTP 200 when %s', async (_name, contentType) => {
    const error = await outcome(
      () => new Response(page, { headers: { 'content-type': contentType } }),
      createXmlResponseHandler(schema),
      'GET',
    );
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect((error as ApiCallError).message).toBe(
      'example: the response is an HTML page, not XML (GET https://api.example.test/v2/***/sendsms/ answered HTTP 200 with an HTML page: "Back soon retry").',
    );
    expect((error as ApiCallError).responseBody).toContain('<p>Back soon</p>');
    expect(JSON.stringify(error) + String(error)).not.toContain(KEY);
  });

  it('is an ApiCallError quoting the page at HTTP 502, the key hidden in every form', async () => {
    const echo = page.replace('/retry?', `/retry?k=${encodeURIComponent(KEY.toUpperCase())}&amp;`);
    const error = await outcome(
      () => new Response(echo, { status: 502, headers: { 'content-type': 'text/html' } }),
      createXmlResponseHandler(schema),
      'GET',
    );
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect((error as ApiCallError).message).toContain(
      'answered HTTP 502 with an HTML page: "Back soon retry"',
    );
    expect((error as ApiCallError).responseBody).toContain('href="/retry?k=***&amp;key=***&amp;x=1"');
    expect(JSON.stringify(error).toLowerCase()).not.toContain(KEY);
  });

  it('still reads XML that a server labels text/html', async () => {
    const value = await outcome(
      () =>
        new Response('<response><credit>12</credit></response>', {
          headers: { 'content-type': 'text/html' },
        }),
      createXmlResponseHandler(schema),
      'GET',
    );
    expect(value).toEqual({ response: { credit: '12' } });
  });
});
