import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiCallError } from '@x/messaging-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createJsonResponseHandler, createStatusCodeErrorResponseHandler, request } from '../src/index';
import { ECHOED_SECRET, SECRET_ENCODINGS } from './secret-encodings';

/*
 * A server on a real port that echoes the password it was sent, written in the encoding its path names: as a
 * misconfigured API or a proxy does in an error page or a JSON error. Whatever the encoding, the error the call
 * gets must not hold the password.
 */

let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((incoming, response) => {
    let body = '';
    incoming.setEncoding('utf8');
    incoming.on('data', (chunk: string) => {
      body += chunk;
    });
    incoming.on('end', () => {
      const index = Number(new URL(incoming.url ?? '/', 'http://x').pathname.split('/').pop());
      const encode = SECRET_ENCODINGS[index]![1];
      const password = new URLSearchParams(body).get('password') ?? '';
      response.writeHead(502, { 'content-type': 'text/html; charset=utf-8' });
      response.end(
        `<html><body><h1>Bad gateway</h1><p>upstream refused password=${encode(password)}</p></body></html>`,
      );
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('request: a server that echoes the secret', () => {
  it.each(SECRET_ENCODINGS.map(([name], index) => [name, index] as const))(
    'keeps it out of the error when echoed %s',
    async (_name, index) => {
      const error = await request({
        providerId: 'example',
        url: `${baseUrl}/login/${index}`,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email: 'a@b.c', password: ECHOED_SECRET }).toString(),
        secrets: [ECHOED_SECRET],
        idempotent: false,
        successfulResponseHandler: createJsonResponseHandler(z.unknown()),
        failedResponseHandler: createStatusCodeErrorResponseHandler(),
      }).catch((caught: unknown) => caught);
      expect(ApiCallError.isInstance(error)).toBe(true);
      const { message, responseBody } = error as ApiCallError;
      expect(message).toContain(
        'answered HTTP 502 with an HTML page: "Bad gateway upstream refused password=***"',
      );
      expect(responseBody).toContain('upstream refused password=***');
      const everything = [message, responseBody, JSON.stringify(error), String(error)].join('\n');
      for (const [name, encode] of SECRET_ENCODINGS)
        expect(everything, name).not.toContain(encode(ECHOED_SECRET));
    },
  );
});
