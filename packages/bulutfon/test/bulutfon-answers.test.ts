import {
  ApiCallError,
  AuthenticationError,
  InsufficientBalanceError,
  InvalidRecipientError,
  isRetrySafe,
} from '@x/messaging-core';
import { describe, expect, it } from 'vitest';
import { createBulutfonVoice } from '../src/index';
import type { BulutfonFakeRequest } from '../src/testing';
import { oauthClientSetup, setup } from './helpers';

/**
 * What the client makes of answers that are not what the endpoint returns: Bulutfon's error envelope in a 200
 * answer, a 200 answer without the list it should hold, and a server that does not walk its pages along.
 */

const PBX = '902122222222';
const CUSTOMER = '905321234567';

/** A client and a voice provider on one fake server. */
function subject(options: Parameters<typeof setup>[0] = {}) {
  const { fake, client } = setup(options);
  const voice = createBulutfonVoice({ token: fake.token, baseUrl: fake.baseUrl, fetch: fake.fetch });
  return { fake, client, voice };
}

type Subject = ReturnType<typeof subject>;
type Endpoint = [name: string, call: (subject: Subject) => Promise<unknown>];

/** The first item of a walk. */
const first = (items: AsyncIterator<unknown>) => items.next();

/** Reads, and writes that are harmless to repeat (PUT, DELETE): one of each endpoint family. */
const reads: Endpoint[] = [
  ['me', ({ client }) => client.me()],
  ['tokenInfo', ({ client }) => client.tokenInfo()],
  ['dids.list', ({ client }) => client.dids.list()],
  ['dids.get', ({ client }) => client.dids.get(1)],
  ['extensions.list', ({ client }) => client.extensions.list()],
  ['extensions.update', ({ client }) => client.extensions.update(1, { fullName: 'Zeynep K.' })],
  ['extensions.delete', ({ client }) => client.extensions.delete(1)],
  ['groups.list', ({ client }) => client.groups.list()],
  ['cdrs.list', ({ client }) => client.cdrs.list()],
  ['cdrs.get', ({ client }) => client.cdrs.get('704b83fa')],
  ['cdrs.iterate', ({ client }) => first(client.cdrs.iterate())],
  ['incomingFaxes.list', ({ client }) => client.incomingFaxes.list()],
  ['outgoingFaxes.list', ({ client }) => client.outgoingFaxes.list()],
  ['outgoingFaxes.get', ({ client }) => client.outgoingFaxes.get(1)],
  ['announcements.list', ({ client }) => client.announcements.list()],
  ['announcements.delete', ({ client }) => client.announcements.delete(1)],
  ['automaticCalls.list', ({ client }) => client.automaticCalls.list()],
  ['automaticCalls.get', ({ client }) => client.automaticCalls.get(1)],
  ['messageTitles.list', ({ client }) => client.messageTitles.list()],
  ['messageTitles.removeRejection', ({ client }) => client.messageTitles.removeRejection('TEST', CUSTOMER)],
  ['messages.list', ({ client }) => client.messages.list()],
  ['messages.iterate', ({ client }) => first(client.messages.iterate())],
  ['voice.getCall', ({ voice }) => voice.getCall('1')],
];

/** Sends: a repeat would place a second call, send a second fax or SMS, create a second campaign. */
const sends: Endpoint[] = [
  [
    'callAndBridge',
    ({ client }) => client.callAndBridge({ caller: PBX, callee: CUSTOMER, destination: 1001 }),
  ],
  [
    'automaticCalls.create',
    ({ client }) =>
      client.automaticCalls.create({ title: 'Anket', receivers: [CUSTOMER], did: PBX, announcementId: 22 }),
  ],
  [
    'outgoingFaxes.send',
    ({ client }) =>
      client.outgoingFaxes.send({
        title: 'Teklif',
        receivers: ['03122222222'],
        did: PBX,
        attachment: { data: new Uint8Array([37, 80, 68, 70]), fileName: 'teklif.pdf' },
      }),
  ],
  [
    'announcements.upload',
    ({ client }) =>
      client.announcements.upload({
        name: 'Kapalı',
        file: { data: new Uint8Array([82, 73, 70, 70]), fileName: 'kapali.wav' },
      }),
  ],
  [
    'extensions.create',
    ({ client }) =>
      client.extensions.create({
        fullName: 'A',
        email: 'a@example.com',
        did: PBX,
        number: 1099,
        redirectionType: 'NONE',
      }),
  ],
  [
    'messages.send',
    ({ client }) => client.messages.send({ title: 'TEST', receivers: CUSTOMER, content: 'x' }),
  ],
  [
    'voice.placeCall',
    ({ voice }) =>
      voice.placeCall({ to: CUSTOMER, from: PBX, audio: { announcementId: '22' }, reference: 'order-1' }),
  ],
  ['voice.bridgeCall', ({ voice }) => voice.bridgeCall({ from: PBX, to: CUSTOMER, destination: '1001' })],
];

/** Runs `call` with the next answer replaced by `status` and `body`; gives the error and the requests made. */
async function answeredWith(call: Endpoint[1], body: Record<string, unknown>, status = 200) {
  const test = subject();
  test.fake.failNext({ status, body });
  const error = await call(test).then(
    (value) => ({ resolved: value }),
    (caught: unknown) => caught,
  );
  return { error: error as ApiCallError, requests: test.fake.requests, fake: test.fake };
}

describe('an error envelope in a 200 answer', () => {
  const refusal = { error: 'Beklenmeyen bir hata oluştu' };

  it.each(reads)('%s: is an ApiCallError, never maybe delivered', async (_name, call) => {
    const { error, requests } = await answeredWith(call, refusal);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 200, maybeDelivered: false, isRetryable: false });
    expect(error.message).toContain('Beklenmeyen bir hata oluştu');
    expect(requests).toHaveLength(1);
  });

  // The spec says nothing of what an error body in a 2xx answer to a write means: the call may have been placed.
  it.each(sends)(
    '%s: is an ApiCallError that may have been delivered, never sent again',
    async (_name, call) => {
      const { error, requests } = await answeredWith(call, refusal);
      expect(ApiCallError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ statusCode: 200, maybeDelivered: true, isRetryable: false });
      expect(isRetrySafe(error)).toBe(false);
      expect(error.message).toContain('Beklenmeyen bir hata oluştu');
      expect(requests).toHaveLength(1);
    },
  );

  it.each([...reads, ...sends])(
    '%s: "Token expired" is an AuthenticationError that did nothing',
    async (_name, call) => {
      const { error, requests } = await answeredWith(call, { error: 'Token expired' });
      expect(AuthenticationError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ statusCode: 200, providerCode: 'Token expired', maybeDelivered: false });
      // A master token is not refreshed: one request.
      expect(requests).toHaveLength(1);
    },
  );

  it('is typed as a 4xx would be: credit, and a refused number in `success: false`', async () => {
    const create = sends.find(([name]) => name === 'automaticCalls.create')![1];
    const credit = await answeredWith(create, { error: 'Yetersiz bakiye' });
    expect(InsufficientBalanceError.isInstance(credit.error)).toBe(true);
    expect(credit.error.maybeDelivered).toBe(true);
    const bridge = sends.find(([name]) => name === 'callAndBridge')![1];
    const number = await answeredWith(bridge, { success: false, message: 'Aranan numara geçersiz' });
    expect(InvalidRecipientError.isInstance(number.error)).toBe(true);
    expect(number.error).toMatchObject({ statusCode: 200, maybeDelivered: true });
    expect(number.fake.state.bridgedCalls).toHaveLength(0);
  });
});

const app = {
  clientId: 'shop-app',
  clientSecret: 'client-secret-value-42',
  redirectUri: 'https://shop.test/cb',
};

/** A client on OAuth tokens, whose next `times` requests to `path` are answered 200 `{"error":"Token expired"}`. */
function expiredWith200(path: string, times: number) {
  const saved: unknown[] = [];
  const { fake, client } = oauthClientSetup(app, {
    onTokens: (tokens) => {
      saved.push(tokens);
    },
  });
  fake.failNext(
    { status: 200, body: { error: 'Token expired' } },
    { times, match: (request: BulutfonFakeRequest) => request.path === path },
  );
  const paths = () => fake.requests.map((request) => request.path);
  return { fake, client, saved, paths };
}

describe('a 200 "Token expired" with OAuth', () => {
  it('refreshes the token once and makes the read again', async () => {
    const { client, saved, paths } = expiredWith200('/dids', 1);
    expect((await client.dids.list()).length).toBeGreaterThan(0);
    expect(paths()).toEqual(['/dids', '/oauth/token', '/dids']);
    expect(saved).toHaveLength(1);
  });

  it('refreshes the token once and places the call once, since the refused call did nothing', async () => {
    const { fake, client, paths } = expiredWith200('/call_and_bridge', 1);
    await client.callAndBridge({ caller: PBX, callee: CUSTOMER, destination: 1001 });
    expect(paths()).toEqual(['/call_and_bridge', '/oauth/token', '/call_and_bridge']);
    expect(fake.state.bridgedCalls).toHaveLength(1);
  });

  it('gives up with AuthenticationError after one refresh when the new token is refused too', async () => {
    const { client, paths } = expiredWith200('/me', 2);
    const error = await client.me().catch((caught) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.providerCode).toBe('Token expired');
    expect(paths()).toEqual(['/me', '/oauth/token', '/me']);
  });
});

describe('a 200 answer without what the endpoint returns', () => {
  const lists: [name: string, call: Endpoint[1], missing: string][] = [
    ['me', ({ client }) => client.me(), 'user, pbx, credit'],
    ['tokenInfo', ({ client }) => client.tokenInfo(), 'expired'],
    ['dids.list', ({ client }) => client.dids.list(), 'dids'],
    ['dids.get', ({ client }) => client.dids.get(1), 'did'],
    ['extensions.list', ({ client }) => client.extensions.list(), 'extensions'],
    ['groups.list', ({ client }) => client.groups.list(), 'groups'],
    ['cdrs.list', ({ client }) => client.cdrs.list(), 'cdrs, pagination'],
    ['cdrs.iterate', ({ client }) => first(client.cdrs.iterate()), 'cdrs, pagination'],
    ['incomingFaxes.list', ({ client }) => client.incomingFaxes.list(), 'incoming_faxes'],
    ['outgoingFaxes.list', ({ client }) => client.outgoingFaxes.list(), 'faxes'],
    ['announcements.list', ({ client }) => client.announcements.list(), 'announcements'],
    ['automaticCalls.list', ({ client }) => client.automaticCalls.list(), 'automatic_calls'],
    ['messageTitles.list', ({ client }) => client.messageTitles.list(), 'message_titles'],
    [
      'messageTitles.listRejections',
      ({ client }) => client.messageTitles.listRejections('TEST'),
      'sms_rejections',
    ],
    ['messages.list', ({ client }) => client.messages.list(), 'messages, paginate'],
  ];

  it.each(lists)(
    '%s: is an ApiCallError naming what is missing, not an empty result',
    async (_name, call, missing) => {
      const { error } = await answeredWith(call, {});
      expect(ApiCallError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ statusCode: 200, maybeDelivered: false });
      expect(error.message).toContain(`the answer has no ${missing}`);
    },
  );

  it('names the pagination of a CDR page that has its list but no pagination', async () => {
    const { error } = await answeredWith(({ client }) => client.cdrs.list(), { cdrs: [{ uuid: 'u1' }] });
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error.message).toContain('the answer has no pagination');
  });
});

describe('a server that does not walk its pages along', () => {
  /** Walks `items` until it fails (giving the error), ends or gave 100 items (failing the test). */
  async function walk(items: AsyncIterable<unknown>): Promise<ApiCallError> {
    let seen = 0;
    try {
      for await (const _item of items) if (++seen >= 100) break;
    } catch (error) {
      return error as ApiCallError;
    }
    throw new Error(`the walk gave ${seen} items without an error`);
  }

  const onPath = (path: string) => (request: BulutfonFakeRequest) => request.path === path;

  it('stops a CDR walk answered page 1 again, after two requests', async () => {
    const { fake, client } = setup();
    fake.failNext(
      { status: 200, body: { cdrs: [{ uuid: 'same-1' }], pagination: { page: 1, total_pages: 1e9 } } },
      { times: 1000, match: onPath('/cdrs') },
    );
    const error = await walk(client.cdrs.iterate({ limit: 1 }));
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error.message).toContain('page 2 was asked for and the server answered page 1');
    expect(error.url).toBe(`${fake.baseUrl}/cdrs?page=2`);
    expect(fake.requests.map((request) => request.query.page)).toEqual(['1', '2']);
  });

  it('stops a CDR walk answered the same CDRs again without a page number, after two requests', async () => {
    const { fake, client } = setup();
    fake.failNext(
      {
        status: 200,
        body: { cdrs: [{ uuid: 'same-1' }, { uuid: 'same-2' }], pagination: { total_pages: 1e9 } },
      },
      { times: 1000, match: onPath('/cdrs') },
    );
    const error = await walk(client.cdrs.pages({ limit: 2 }));
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error.message).toContain('answered the items of the page before again');
    expect(fake.requests).toHaveLength(2);
  });

  it('stops an SMS walk answered the same messages again, after two requests', async () => {
    const { fake, client } = setup();
    fake.failNext(
      { status: 200, body: { messages: [{ id: 7, content: 'x' }], paginate: { total_pages: 1e9 } } },
      { times: 1000, match: onPath('/messages') },
    );
    const error = await walk(client.messages.iterate({ limit: 1 }));
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error.url).toBe(`${fake.baseUrl}/messages?page=2`);
    expect(fake.requests).toHaveLength(2);
  });
});
