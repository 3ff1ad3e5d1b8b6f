import { AuthenticationError, InvalidSenderError, TimeoutError, ValidationError } from '@x/messaging-core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../src/http-server';
import { createLogger } from '../src/logger';
import { openRawConnection, type RawHttpResponse, readUntilClosed } from '../src/raw-http-client';

let app: FastifyInstance;
let url: string;
beforeAll(async () => {
  app = createHttpServer({ logger: createLogger({ level: 'silent' }) });
  app.post('/webhooks/demo/:shop', async () => ({ ok: true }));
  app.post('/provider-refused', async () => {
    throw new AuthenticationError({
      message:
        'bulutfon: the credentials were refused (POST https://api.bulutfon.com/call answered HTTP 401).',
      providerId: 'bulutfon',
      url: 'https://api.bulutfon.com/call',
      statusCode: 401,
    });
  });
  app.post('/provider-unreadable', async () => {
    throw new ValidationError({
      message: 'bulutfon: the answer is not what the API documents',
      providerId: 'bulutfon',
      target: 'response',
      issues: [{ path: ['call_id'], message: 'Expected a string' }],
    });
  });
  app.post('/provider-setup', async () => {
    throw new InvalidSenderError({
      message: 'organik: the sender MAGAZAM is not approved (code 101)',
      providerId: 'organik',
      url: 'https://api.organikhaberlesme.com/sms/send',
      statusCode: 200,
    });
  });
  app.post('/provider-timeout', async () => {
    throw new TimeoutError({ message: 'bulutfon: timed out', providerId: 'bulutfon', timeoutMs: 100 });
  });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await app.close();
});

/** Sends raw bytes, half-closes, and returns the first response. */
async function exchange(request: string): Promise<RawHttpResponse> {
  const socket = await openRawConnection(url);
  const outcome = readUntilClosed(socket);
  socket.end(request);
  const { response } = await outcome;
  if (!response) throw new Error('no response');
  return response;
}

/** An empty `POST` to one of the test routes that throw a provider's failure. */
function postEmpty(path: string): Promise<RawHttpResponse> {
  return exchange(`POST ${path} HTTP/1.1\r\nhost: t\r\ncontent-length: 0\r\n\r\n`);
}

function expectServiceError(response: RawHttpResponse, statusCode: number, code: string): void {
  expect(response.statusCode).toBe(statusCode);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = JSON.parse(response.body);
  expect(body).toEqual({ error: { code, message: expect.any(String) } });
}

describe('every error answer has the service format { error: { code, message } }', () => {
  it('431 for headers over the limit', async () => {
    const response = await exchange(
      `GET /health HTTP/1.1\r\nhost: t\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expectServiceError(response, 431, 'headers_too_large');
  });

  it('400 for a malformed request and for a method HTTP does not know', async () => {
    expectServiceError(await exchange('GARBAGE\r\n\r\n'), 400, 'bad_request');
    expectServiceError(await exchange('FOO /health HTTP/1.1\r\nhost: t\r\n\r\n'), 400, 'bad_request');
  });

  it('400 for a URL that does not decode, without echoing it', async () => {
    const response = await exchange(
      'POST /webhooks/demo/%E0%A4%A HTTP/1.1\r\nhost: t\r\ncontent-length: 0\r\n\r\n',
    );
    expectServiceError(response, 400, 'bad_url');
    expect(response.body).not.toContain('%E0');
  });

  it('414 for a path parameter over the length limit', async () => {
    const response = await exchange(
      `POST /webhooks/demo/${'a'.repeat(150)} HTTP/1.1\r\nhost: t\r\ncontent-length: 0\r\n\r\n`,
    );
    expectServiceError(response, 414, 'url_too_long');
  });

  it('404 for a method no route serves', async () => {
    expectServiceError(await exchange('PROPFIND /health HTTP/1.1\r\nhost: t\r\n\r\n'), 404, 'not_found');
  });

  it('400 for a body shorter than its Content-Length, with a code of the service', async () => {
    const response = await exchange(
      'POST /webhooks/demo/a HTTP/1.1\r\nhost: t\r\ncontent-type: application/json\r\ncontent-length: 10\r\n\r\n{}',
    );
    expectServiceError(response, 400, 'bad_request');
  });

  it("502 for a provider's failure a route lets through, never the provider's own 401", async () => {
    const refused = await postEmpty('/provider-refused');
    expectServiceError(refused, 502, 'provider_error');
    expect(JSON.parse(refused.body).error.message).toBe(
      'The bulutfon call failed (authentication); see the log',
    );
    const late = await postEmpty('/provider-timeout');
    expectServiceError(late, 502, 'provider_error');
    // A 2xx whose body could not be read is the provider's failure too, not the caller's bad input.
    const unreadable = await postEmpty('/provider-unreadable');
    expectServiceError(unreadable, 502, 'provider_error');
  });

  it("502 provider_setup when the provider refuses the shop's own sender or caller number, naming the settings", async () => {
    const refused = await postEmpty('/provider-setup');
    expectServiceError(refused, 502, 'provider_setup');
    expect(JSON.parse(refused.body).error.message).toBe(
      "The organik account refused the caller number or sender set for this shop: check the shop's PBX number " +
        '(voice.pbxNumber) or SMS sender (sender), and that the organik account owns or has approved it',
    );
  });
});
