import { ValidationError } from '@x/messaging-core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import * as zm from 'zod/mini';
import {
  createJsonErrorResponseHandler,
  createJsonResponseHandler,
  createStatusCodeErrorResponseHandler,
  type FetchFunction,
  request,
} from '../src/index';
import { createXmlResponseHandler } from '../src/xml';

function call<T>(body: string, handler: Parameters<typeof request<T>>[0]['successfulResponseHandler']) {
  const fetch: FetchFunction = async () =>
    new Response(body, { headers: { 'content-type': 'application/json' } });
  return request({
    providerId: 'example',
    url: 'https://api.example.test/balance',
    method: 'GET',
    idempotent: true,
    fetch,
    successfulResponseHandler: handler,
    failedResponseHandler: createStatusCodeErrorResponseHandler(),
  });
}

describe('schemas from zod and zod/mini', () => {
  it('reads a response with a zod/mini schema, typed by its output', async () => {
    const schema = zm.object({ credits: zm.coerce.number(), note: zm.nullish(zm.string()) });
    const { value } = await call('{"credits":"12"}', createJsonResponseHandler(schema));
    expectTypeOf(value).toEqualTypeOf<{ credits: number; note?: string | null | undefined }>();
    expect(value).toEqual({ credits: 12 });
  });

  it('reads a response with a classic zod schema', async () => {
    const { value } = await call(
      '{"credits":12}',
      createJsonResponseHandler(z.object({ credits: z.number() })),
    );
    expectTypeOf(value).toEqualTypeOf<{ credits: number }>();
    expect(value.credits).toBe(12);
  });

  it('reports the issues of a zod/mini schema as a ValidationError', async () => {
    const error = await call(
      '{"credits":"x"}',
      createJsonResponseHandler(zm.object({ credits: zm.number() })),
    ).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues[0]?.path).toEqual(['credits']);
  });

  it('reads XML and error envelopes with zod/mini schemas', async () => {
    const xml = createXmlResponseHandler(zm.object({ r: zm.object({ n: zm.string() }) }));
    const fetch: FetchFunction = async () => new Response('<r><n>7</n></r>');
    const { value } = await request({
      providerId: 'example',
      url: 'https://api.example.test/x',
      method: 'GET',
      idempotent: true,
      fetch,
      successfulResponseHandler: xml,
      failedResponseHandler: createJsonErrorResponseHandler({
        schema: zm.object({ error: zm.string() }),
        toError: (data) => {
          expectTypeOf(data).toEqualTypeOf<{ error: string }>();
          throw new Error('unused');
        },
      }),
    });
    expect(value).toEqual({ r: { n: '7' } });
  });
});
