import {
  AuthenticationError,
  LoadSettingError,
  MessageTooLongError,
  ValidationError,
} from '@x/messaging-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOrganikClient, type OrganikFormat, type OrganikFormats, organikApiKey } from '../src/index';
import { createOrganikFakeServer, type OrganikFakeQuirks } from '../src/testing';

const NOW = new Date('2030-01-15T09:00:00Z');

function setup(format: OrganikFormat | OrganikFormats, quirks: OrganikFakeQuirks = {}) {
  const server = createOrganikFakeServer({
    now: () => NOW,
    headers: [
      { id: 1, name: 'ORGANIK' },
      { id: 2, name: 'SHOP' },
    ],
    groups: [
      {
        id: 7,
        name: 'VIP',
        contacts: [{ gsm: '905001112240', name: 'Ayşe', surname: 'Yılmaz', birthday: '1980-02-29' }],
      },
    ],
    quirks,
  });
  const client = createOrganikClient({ apiKey: server.apiKey, fetch: server.fetch, format });
  return { server, client };
}

/** Runs every method of the client once, in an order where each result depends on the state left before. */
async function runEveryMethod(format: OrganikFormat | OrganikFormats, quirks?: OrganikFakeQuirks) {
  const { server, client } = setup(format, quirks);
  server.addInboxMessage({
    recipient: '4543',
    message: 'KAMPANYA evet',
    sender: '905001112250',
    received: new Date('2030-01-14T10:00:00Z'),
    rootKeyword: 'KAMPANYA',
  });
  const results: Record<string, unknown> = {};
  results.balance = await client.balance();
  results.headers = await client.headers();
  results.groups = await client.groups();
  results.groupContent = await client.groupContent({ groupIds: [7] });
  results.groupAdd = await client.groupAdd({ names: ['Yeni & Özel'] });
  results.groupContentAdd = await client.groupContentAdd({
    persons: [{ groupId: 100, gsm: '0500 111 22 41', name: 'Ali', birthday: '1990-05-01' }],
  });
  results.send = await client.sendSms({
    globalOptions: { header: 'ORGANIK' },
    deliveries: [
      {
        options: { trackId: 'A1' },
        recipients: { gsms: ['0500 111 22 33', '5001112234'] },
        message: 'Merhaba',
      },
      { options: { header: 1 }, recipients: { groups: [7] }, message: 'Sayın #AD# #SOYAD#, indirim!' },
      { options: { header: 'NOPE' }, recipients: { gsms: ['5001112235'] }, message: 'x' },
    ],
  });
  results.scheduled = await client.smsViaGet({
    header: 'SHOP',
    gsms: ['+90 500 111 22 36'],
    message: 'Yarın görüşürüz + / = ?',
    deliveryTime: new Date('2030-01-16T07:30:00Z'),
    trackId: 'S1',
  });
  results.detailed = await client.detailedReport({ deliveryTrackIds: ['A1'] });
  results.detailedEmpty = await client.detailedReport({ deliveryTrackIds: ['nothing'] });
  results.basic = await client.basicReport({ deliveryTrackIds: ['A1', 'S1'] });
  results.cancel = await client.cancelScheduledTasks({ transactionIds: [16502031, '16502030'] });
  results.blacklistEmpty = await client.blacklist();
  await client.blacklistAdd({ gsms: ['0500 111 22 37'] });
  results.blacklist = await client.blacklist();
  results.sendToBlacklisted = await client.sendSms({
    deliveries: [
      { options: { header: 'ORGANIK' }, recipients: { gsms: ['5001112237', '5001112238'] }, message: 'Hi' },
    ],
  });
  await client.blacklistRemove({ gsms: ['905001112237'] });
  results.blacklistAfterRemove = await client.blacklist();
  results.inbox = await client.inbox({ rootKeyword: 'KAMPANYA', begin: '2030-01-01', end: '2030-01-20' });
  results.inboxEmpty = await client.inbox({ rootKeyword: 'OTHER' });
  results.balanceAfter = await client.balance();
  return { results, server };
}

describe('every method gives the same typed result in JSON and XML', async () => {
  const { results: json, server } = await runEveryMethod('json');

  it('returns camelCase values: string ids, numbers, Istanbul dates', () => {
    expect(json.balance).toEqual({ tl: 100, credit: 1000 });
    expect(json.headers).toEqual([
      { id: '1', name: 'ORGANIK' },
      { id: '2', name: 'SHOP' },
    ]);
    expect(json.groups).toEqual([{ id: '7', name: 'VIP', count: 1 }]);
    expect(json.groupContent).toEqual([
      { groupId: '7', gsm: '905001112240', name: 'Ayşe', surname: 'Yılmaz', birthday: '1980-02-29' },
    ]);
    expect(json.groupAdd).toEqual([{ id: '100', name: 'Yeni & Özel' }]);
    expect(json.groupContentAdd).toEqual([
      { id: '5000', groupId: '100', gsm: '905001112241', name: 'Ali', birthday: '1990-05-01' },
    ]);
    expect(json.send).toEqual({
      deliveries: [
        {
          trackId: 'A1',
          transactionId: '16502030',
          valid: [
            {
              requestGsm: '905001112233',
              gsm: '905001112233',
              gsmTrackId: '16502030-4730-63032793',
              smsCount: 1,
              creditAmount: 1,
              tlAmount: 0,
            },
            {
              requestGsm: '905001112234',
              gsm: '905001112234',
              gsmTrackId: '16502030-4731-63032794',
              smsCount: 1,
              creditAmount: 1,
              tlAmount: 0,
            },
          ],
          invalid: [],
        },
        {
          transactionId: '16502031',
          valid: [expect.objectContaining({ gsm: '905001112240', smsCount: 1, creditAmount: 1 })],
          invalid: [],
        },
        {
          transactionId: null,
          error: { code: 101, message: 'The SMS title is incorrect.' },
          valid: [],
          invalid: [],
        },
      ],
    });
    expect(server.messages[2]?.text).toBe('Sayın Ayşe Yılmaz, indirim!');
    expect(json.detailed).toEqual([
      expect.objectContaining({
        gsm: '905001112233',
        transactionId: '16502030',
        deliveryTrackId: 'A1',
        status: 1,
        createdAt: NOW,
        finishedAt: null,
        isForeign: false,
      }),
      expect.objectContaining({ gsm: '905001112234', gsmTrackId: '16502030-4731-63032794' }),
    ]);
    expect(json.detailedEmpty).toEqual([]);
    expect(json.basic).toMatchObject({
      gsmCount: 3,
      sendingCount: 1,
      sentCount: 2,
      creditAmount: 3,
      smsCount: 3,
    });
    expect(json.cancel).toEqual([
      { transactionId: '16502031', cancelled: false },
      { transactionId: '16502030', cancelled: false },
    ]);
    expect(json.blacklistEmpty).toEqual([]);
    expect(json.blacklist).toEqual([{ gsm: '905001112237', addedAt: new Date('2030-01-14T21:00:00Z') }]);
    expect(json.sendToBlacklisted).toMatchObject({
      deliveries: [
        {
          valid: [{ gsm: '905001112238' }],
          invalid: [{ requestGsm: '905001112237', error: { code: 109 } }],
        },
      ],
    });
    expect(json.blacklistAfterRemove).toEqual([]);
    expect(json.inbox).toEqual([
      {
        id: '1',
        recipient: '4543',
        message: 'KAMPANYA evet',
        sender: '905001112250',
        receivedAt: new Date('2030-01-14T10:00:00Z'),
        rootKeyword: 'KAMPANYA',
        receiveKeyword: null,
      },
    ]);
    expect(json.inboxEmpty).toEqual([]);
    expect(json.balanceAfter).toEqual({ tl: 100, credit: 1000 - 5 });
  });

  it('sends the scheduled time in Istanbul time and the text as percent-encoded base64', () => {
    const call = server.requests.find((candidate) => candidate.requestName === 'smsviaget');
    expect(call?.query).toMatchObject({
      header: 'SHOP',
      gsms: '905001112236',
      deliverytime: '2030-01-16 10:30',
      track_id: 'S1',
      message_format: '1',
    });
    expect(Buffer.from(call?.query.message ?? '', 'base64').toString('utf8')).toBe('Yarın görüşürüz + / = ?');
  });

  it.each([
    ['xml', 'xml', {}],
    ['json in, xml out', { request: 'json', response: 'xml' }, {}],
    ['xml in, json out', { request: 'xml', response: 'json' }, {}],
    ['xml with the unwrapped detailed report', 'xml', { xmlUnwrappedDetailedReport: true }],
    ['xml with <result> outside <data>', 'xml', { xmlResultInsideData: false }],
    ['json with numbers as strings', 'json', { jsonNumbersAsStrings: true }],
  ] as const)('%s', async (_name, format, quirks) => {
    const { results, server: other } = await runEveryMethod(format, quirks);
    expect(results).toEqual(json);
    const formats = typeof format === 'string' ? { request: format, response: format } : format;
    expect(other.requests.every((call) => call.requestFormat === formats.request)).toBe(true);
    expect(other.requests.every((call) => call.responseFormat === formats.response)).toBe(true);
  });
});

describe('request building', () => {
  it('writes XML bodies with repeated elements, escaped text and per-delivery options', async () => {
    const { server, client } = setup('xml');
    await client.sendSms({
      deliveries: [
        {
          options: { header: 'ORGANIK', trackId: 'T&1', reportUrl: 'https://shop.example/cb?a=1&b=2' },
          recipients: { gsms: ['5001112233'] },
          message: 'Sipariş',
        },
      ],
    });
    const body = server.requests[0]?.body ?? '';
    expect(body).toMatch(/^<document><data><deliveries><options>/);
    expect(body).toContain('<track_id>T&amp;1</track_id>');
    expect(body).toContain('<report_url>https://shop.example/cb?a=1&amp;b=2</report_url>');
    expect(body).toContain('<message_format>1</message_format><gsm_isUnique>1</gsm_isUnique>');
    expect(body).toContain('<gsms>905001112233</gsms>');
    expect(server.requests[0]?.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(server.requests[0]?.headers['user-agent']).toMatch(/x-messaging\/organik\//);
  });

  it('writes JSON bodies as { data } with numbers for gsms and no option set twice', async () => {
    const { server, client } = setup('json');
    await client.sendSms({
      globalOptions: { header: 'ORGANIK', timeoutHours: 24 },
      deliveries: [{ options: { header: 'SHOP' }, recipients: { gsms: ['5001112233'] }, message: 'Hi' }],
    });
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({
      data: {
        deliveries: [
          {
            options: { header: 'SHOP', message_format: 0, timeout: 24, gsm_isUnique: 1 },
            recipients: { gsms: [905001112233] },
            message: 'SGk=',
          },
        ],
      },
    });
  });

  it('refuses bad input before any request, without echoing it', async () => {
    const { server, client } = setup('json');
    await expect(
      client.sendSms({ deliveries: [{ recipients: { gsms: ['5001112233'] }, message: 'a'.repeat(1072) }] }),
    ).rejects.toBeInstanceOf(MessageTooLongError);
    await expect(client.sendSms({ deliveries: [{ recipients: {}, message: 'Hi' }] })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(
      client.sendSms({
        deliveries: [{ options: { timeoutHours: 49 }, recipients: { gsms: ['5001112233'] }, message: 'Hi' }],
      }),
    ).rejects.toThrow(/timeoutHours/);
    await expect(client.detailedReport({})).rejects.toBeInstanceOf(ValidationError);
    await expect(client.inbox({ begin: '2030-01-01', end: '2030-02-15' })).rejects.toThrow(/30 days/);
    await expect(client.inbox({ begin: '2030-01-10', end: '2030-01-01' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(client.cancelScheduledTasks({ transactionIds: [] })).rejects.toBeInstanceOf(ValidationError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('credentials', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('derives the key from username and password', async () => {
    const server = createOrganikFakeServer({ username: 'OrganikHaberlesme', password: 'mn_0g4R!' });
    const client = createOrganikClient({
      username: 'OrganikHaberlesme',
      password: 'mn_0g4R!',
      fetch: server.fetch,
    });
    await expect(client.balance()).resolves.toEqual({ tl: 100, credit: 1000 });
    expect(server.apiKey).toBe(organikApiKey('OrganikHaberlesme', 'mn_0g4R!'));
  });

  it('reads ORGANIK_API_KEY, then ORGANIK_USERNAME + ORGANIK_PASSWORD, at the first request', async () => {
    const server = createOrganikFakeServer({ username: 'shop', password: 'pa55' });
    const client = createOrganikClient({ fetch: server.fetch });
    vi.stubEnv('ORGANIK_USERNAME', 'shop');
    vi.stubEnv('ORGANIK_PASSWORD', 'pa55');
    await expect(client.balance()).resolves.toMatchObject({ credit: 1000 });
    const keyed = createOrganikFakeServer();
    vi.stubEnv('ORGANIK_API_KEY', keyed.apiKey);
    await expect(createOrganikClient({ fetch: keyed.fetch }).balance()).resolves.toMatchObject({
      credit: 1000,
    });
  });

  it('fails the call, not the creation, with a LoadSettingError naming options and variables', async () => {
    vi.stubEnv('ORGANIK_API_KEY', '');
    vi.stubEnv('ORGANIK_USERNAME', '');
    vi.stubEnv('ORGANIK_PASSWORD', '');
    const client = createOrganikClient();
    const error = await client.balance().catch((caught: unknown) => caught);
    expect(LoadSettingError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/apiKey.*ORGANIK_API_KEY/);
    await expect(createOrganikClient({ username: 'only' }).balance()).rejects.toThrow(/no password/);
  });

  it('refuses a malformed key before any request, without showing it', async () => {
    const server = createOrganikFakeServer();
    const error = await createOrganikClient({ apiKey: 'short-key-123', fetch: server.fetch })
      .balance()
      .catch((caught: unknown) => caught);
    expect(LoadSettingError.isInstance(error)).toBe(true);
    expect((error as Error).message).not.toContain('short-key-123');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a wrong key with an AuthenticationError that does not show it', async () => {
    const server = createOrganikFakeServer();
    const wrongKey = 'ffffffffffffffffffffffffffffffff';
    const error = await createOrganikClient({ apiKey: wrongKey, fetch: server.fetch })
      .balance()
      .catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      providerCode: '99',
      url: 'https://organikapi.com/v2/***/balance/json/json/',
    });
    expect(JSON.stringify(error)).not.toContain(wrongKey);
  });
});
