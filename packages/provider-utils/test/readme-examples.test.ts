// The README's examples, run: the values its comments show are the values asserted here.
import { ApiCallError, InvalidRecipientError, type MessagingError, RateLimitError } from '@x/messaging-core';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  chunk,
  createApiCallError,
  createJsonResponseHandler,
  createStatusCodeErrorResponseHandler,
  decodeBase64,
  decodeBase64Bytes,
  encodeBase64,
  encodeBase64Bytes,
  type FetchFunction,
  paginate,
  type ResponseHandler,
  request,
} from '../src/index';
import { buildXml, parseXml } from '../src/xml';

describe('README examples', () => {
  it('XML', () => {
    expect(
      parseXml('<response><rows><item><id>7</id></item></rows><none/></response>', { listItemName: 'item' }),
    ).toEqual({ response: { rows: [{ id: '7' }], none: '' } });
    expect(parseXml('<r><gsm>1</gsm></r>', { isArray: (name) => name === 'gsm' })).toEqual({
      r: { gsm: ['1'] },
    });
    expect(parseXml('<r id="7">x</r>')).toEqual({ r: { '#text': 'x', '@_id': '7' } });
    expect(parseXml('<r id="7">x</r>', { attributes: false })).toEqual({ r: 'x' });
    expect(parseXml('<item>1</item><item>2</item>', { fragment: true, listItemName: 'item' })).toEqual([
      '1',
      '2',
    ]);
    expect(
      buildXml(
        { document: { data: { gsms: [905321234567, 905551112233], unique: true } } },
        { declaration: false, booleans: 'digits' },
      ),
    ).toBe(
      '<document><data><gsms>905321234567</gsms><gsms>905551112233</gsms><unique>1</unique></data></document>',
    );
  });

  it('base64', () => {
    expect(encodeBase64('Şule')).toBe('xZ51bGU=');
    expect(decodeBase64('xZ51bGU=')).toBe('Şule');
    expect(decodeBase64('not base64!')).toBeUndefined();
    expect(encodeBase64Bytes(new Uint8Array([0xff, 0x00]))).toBe('/wA=');
    expect(decodeBase64Bytes('/wA')).toEqual(new Uint8Array([255, 0]));
  });

  it('batches and pages', async () => {
    expect(chunk(['+905321234567', '+905551112233', '+905441112233'], 2)).toEqual([
      ['+905321234567', '+905551112233'],
      ['+905441112233'],
    ]);
    const listCdrs = async (page: number) => ({ cdrs: [{ uuid: `c${page}` }], page, totalPages: 3 });
    const seen: number[] = [];
    for await (const page of paginate({
      fetchPage: ({ page }) => listCdrs(page),
      pageInfo: (result) => ({ hasMore: result.page < result.totalPages, lastPage: result.totalPages }),
    })) {
      seen.push(page.cdrs.length);
    }
    expect(seen).toEqual([1, 1, 1]);
  });

  it('errors', async () => {
    const failedResponseHandler: ResponseHandler<MessagingError> = async (context) => {
      const body = await context.readText();
      if (context.statusCode === 429) {
        return createApiCallError(
          context,
          { reason: 'too many requests', body, retryAfterMs: 60_000 },
          RateLimitError,
        );
      }
      if (body.includes('blacklist')) {
        return createApiCallError(
          context,
          { reason: 'the number opted out', body, blacklisted: true },
          InvalidRecipientError,
        );
      }
      return createApiCallError(context, { reason: 'the request was refused', body, providerCode: 'E42' });
    };
    const call = (body: string) =>
      request({
        providerId: 'acme',
        url: 'https://api.acme.example/v1/KEY',
        method: 'POST',
        secrets: ['KEY'],
        idempotent: false,
        fetch: (async () => new Response(body, { status: 400 })) satisfies FetchFunction,
        successfulResponseHandler: createJsonResponseHandler(z.unknown()),
        failedResponseHandler,
      }).catch((error: unknown) => error);
    const refused = await call('{"error":"bad"}');
    expect(ApiCallError.isInstance(refused)).toBe(true);
    expect((refused as Error).message).toBe(
      'acme: the request was refused (POST https://api.acme.example/v1/*** answered HTTP 400).',
    );
    expect((await call('blacklist')) as InvalidRecipientError).toMatchObject({ kind: 'blacklisted' });
  });

  it('the example at the top', async () => {
    const balanceSchema = z.object({
      response: z.object({ data: z.object({ credit: z.coerce.number(), tl: z.coerce.number() }) }),
    });
    const fetch: FetchFunction = async () =>
      Response.json({ response: { data: { credit: '325761', tl: '125.5' } } });
    const { value } = await request({
      providerId: 'organik',
      method: 'GET',
      url: 'https://organikapi.com/v2/KEY/balance/',
      secrets: ['KEY'],
      idempotent: true,
      fetch,
      successfulResponseHandler: createJsonResponseHandler(balanceSchema),
      failedResponseHandler: createStatusCodeErrorResponseHandler(),
    });
    expect(value.response.data).toEqual({ credit: 325761, tl: 125.5 });
  });
});
