import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  ApiCallError,
  AuthenticationError,
  InsufficientBalanceError,
  InvalidPhoneNumberError,
  InvalidRecipientError,
  InvalidSenderError,
  isRetrySafe,
  LoadSettingError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  TimeoutError,
  ValidationError,
} from '@x/messaging-core';
import { describe, expect, it } from 'vitest';
import { decodeBulutfonAttachment } from '../src/bulutfon-attachment';
import { createBulutfonClient } from '../src/bulutfon-client';
import { createRecordingSafeToken } from '../src/bulutfon-sha1';
import { createBulutfonFakeServer, generatedBytes } from '../src/testing';
import { page, setup } from './helpers';

const PBX = '902122222222';

describe('account and PBX', () => {
  it('reads me with the balance parsed and either SMS credit key', async () => {
    const { client, fake } = setup();
    expect(await client.me()).toEqual({
      user: { email: 'santral@example.com', name: 'Test Kullanıcı', gsm: '905321112233' },
      pbx: {
        name: 'santral',
        url: 'santral.bulutfon.net',
        state: 'CONFIRMED',
        package: 'LARGE',
        customerType: 'CORPORATE',
      },
      credit: { balance: 300.06, smsCredits: 1000 },
    });
    fake.failNext({ status: 200, body: { credit: { balance: 12, sms_credit: '7' } } });
    expect((await client.me()).credit).toEqual({ balance: 12, smsCredits: 7 });
  });

  it('sends the token as access_token with Accept and a user agent', async () => {
    const { client, fake } = setup();
    await client.me();
    const [sent] = fake.requests;
    expect(sent?.query.access_token).toBe(fake.token);
    expect(sent?.headers.accept).toBe('application/json');
    expect(sent?.headers['user-agent']).toMatch(/^x-messaging\/bulutfon\//);
  });

  it('lists and reads dids, numbers as strings, working hours mapped', async () => {
    const { client } = setup();
    const dids = await client.dids.list();
    expect(dids[0]).toEqual({
      id: 1,
      number: PBX,
      state: 'CONFIRMED',
      destinationType: 'Auto attendant',
      destinationId: 3,
      destinationNumber: 10,
      workingHour: true,
    });
    const detail = await client.dids.get(1);
    expect(detail.workingHours.monday).toEqual({ open: true, shiftStart: '08:30', shiftFinish: '18:30' });
    expect(detail.workingHours.sunday?.open).toBe(false);
    await expect(client.dids.get(99)).rejects.toThrow(NotFoundError);
  });

  it('lists and reads groups with their members', async () => {
    const { client } = setup();
    expect(await client.groups.list()).toEqual([
      { id: 1, number: 601, name: 'Satış', timeout: 30, delayTime: 0, ringDuration: 20 },
    ]);
    const group = await client.groups.get(1);
    expect(group.extensions.map((member) => member.number)).toEqual([1001, 1002]);
    expect(group.delayTime).toBeUndefined();
  });

  it('reads token info with the token in the path and hides it from hooks', async () => {
    const { client, fake, logs } = setup();
    expect(await client.tokenInfo()).toEqual({ expired: false, expiresIn: 0 });
    expect(fake.requests[0]?.path).toBe(`/token-info/${fake.token}`);
    expect(JSON.stringify(logs)).not.toContain(fake.token);
  });
});

describe('extensions', () => {
  it('creates, reads, updates and deletes', async () => {
    const { client, fake } = setup();
    const created = await client.extensions.create({
      fullName: 'Zeynep Kaya',
      email: 'zeynep@example.com',
      did: PBX,
      number: 1003,
      voicemail: true,
      redirectionType: 'ALWAYS',
      destinationType: 'EXTERNAL',
      externalNumber: '0532 123 45 67',
      acl: ['domestic', 'gsm'],
    });
    expect(created.raw).toMatchObject({ extension: { number: 1003 } });
    expect(fake.requests.at(-1)?.body).toEqual({
      full_name: 'Zeynep Kaya',
      email: 'zeynep@example.com',
      did: PBX,
      number: 1003,
      voicemail: true,
      redirection_type: 'ALWAYS',
      destination_type: 'EXTERNAL',
      external_number: '905321234567',
      acl: ['domestic', 'gsm'],
    });
    const list = await client.extensions.list();
    const id = list.find((item) => item.number === 1003)!.id;
    expect(await client.extensions.get(id)).toMatchObject({
      callerName: 'Zeynep Kaya',
      voiceMail: true,
      redirectionType: 'ALWAYS',
      externalNumber: '905321234567',
      acl: ['domestic', 'gsm'],
    });
    await client.extensions.update(id, { fullName: 'Zeynep K.' });
    expect(fake.requests.at(-1)?.body).toEqual({ full_name: 'Zeynep K.' });
    expect((await client.extensions.get(id)).callerName).toBe('Zeynep K.');
    expect((await client.extensions.delete(id)).message).toBe('Dahili silindi.');
    await expect(client.extensions.get(id)).rejects.toThrow(NotFoundError);
  });

  it('checks the fields before any request', async () => {
    const { client, fake } = setup();
    const base = {
      fullName: 'A',
      email: 'a@example.com',
      did: PBX,
      number: 1004,
      redirectionType: 'UNREACHABLE',
    };
    const error = await client.extensions.create(base).catch((caught) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(error.issues[0].path).toEqual(['destinationType']);
    await expect(client.extensions.create({ ...base, redirectionType: 'NONE', number: 12 })).rejects.toThrow(
      /number/,
    );
    await expect(client.extensions.update(11, {})).rejects.toThrow(ValidationError);
    expect(fake.requests).toHaveLength(0);
  });

  it('reports the server refusing a duplicate number', async () => {
    const { client } = setup();
    const error = await client.extensions
      .create({ fullName: 'A', email: 'a@example.com', did: PBX, number: 1001, redirectionType: 'NONE' })
      .catch((caught) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error.statusCode).toBe(422);
    expect(error.message).toContain('number is already taken');
  });
});

describe('cdrs', () => {
  it('maps a page: numbers to strings, prices to numbers, dates parsed', async () => {
    const { client } = setup({ cdrCount: 30 });
    const page = await client.cdrs.list({ limit: 10, page: 2 });
    expect(page.pagination).toMatchObject({ page: 2, totalCount: 30, totalPages: 3, limit: 10 });
    expect(page.cdrs).toHaveLength(10);
    for (const cdr of page.cdrs) {
      expect(typeof cdr.caller).toBe('string');
      expect(cdr.callTime).toBeInstanceOf(Date);
      expect(cdr.hasRecording).toBe(cdr.callRecord === 'YES');
      if (cdr.direction === 'OUT') expect(cdr.extension).toBe(PBX);
      if (cdr.callPrice !== undefined) expect(typeof cdr.callPrice).toBe('number');
    }
  });

  it('sends every filter with Bulutfon names', async () => {
    const { client, fake } = setup();
    await client.cdrs.list({
      page: 1,
      limit: 50,
      caller: ['905321234567', '905331234567'],
      callee: PBX,
      callerOrCallee: '905001112233',
      missingCall: true,
      order: { field: 'uuid', direction: 'desc' },
      timeLimit: 'day',
    });
    expect(fake.requests[0]?.query).toMatchObject({
      page: '1',
      limit: '50',
      caller: '905321234567,905331234567',
      callee: PBX,
      caller_or_callee: '905001112233',
      missing_call: 'true',
      order: 'uuid,desc',
      time_limit: 'day',
    });
    await expect(client.cdrs.list({ timeLimit: 'week' as 'day' })).rejects.toThrow(ValidationError);
  });

  it('filters missed calls', async () => {
    const { client } = setup({ cdrCount: 100 });
    const missed = await client.cdrs.list({ missingCall: true, limit: 100 });
    expect(missed.cdrs.length).toBeGreaterThan(0);
    expect(missed.cdrs.every((cdr) => cdr.missingCall)).toBe(true);
  });

  it('iterates every page exactly once', async () => {
    const { client, fake } = setup({ cdrCount: 250 });
    const uuids: string[] = [];
    for await (const cdr of client.cdrs.iterate({ limit: 100 })) uuids.push(cdr.uuid);
    expect(uuids).toHaveLength(250);
    expect(new Set(uuids).size).toBe(250);
    expect(fake.requests.map((request) => request.query.page)).toEqual(['1', '2', '3']);
  });

  it('requests one page ahead, and aborts it when the loop breaks', async () => {
    const fake = createBulutfonFakeServer({ cdrCount: 300 });
    const signals: (AbortSignal | null | undefined)[] = [];
    const client = createBulutfonClient({
      token: fake.token,
      baseUrl: fake.baseUrl,
      fetch: (input, init) => {
        signals.push(init?.signal);
        return fake.fetch(input, init);
      },
    });
    fake.failNext('slow', { delayMs: 10_000, match: page(2) });
    let seen = 0;
    for await (const cdr of client.cdrs.iterate({ limit: 100 })) {
      expect(cdr.uuid).toBeTruthy();
      if (++seen === 100) break;
    }
    expect(fake.requests.map((request) => request.query.page)).toEqual(['1', '2']);
    expect(signals[1]?.aborted).toBe(true);
  });

  it('serves next() calls made at once in order, across pages, each record once', async () => {
    const { client, fake } = setup({ cdrCount: 5 });
    const expected = (await client.cdrs.list({ limit: 5 })).cdrs.map((cdr) => cdr.uuid);
    const iterator = client.cdrs.iterate({ limit: 2 });
    const results = await Promise.all(Array.from({ length: 7 }, () => iterator.next()));
    expect(results.map((result) => (result.done ? 'done' : result.value.uuid))).toEqual([
      ...expected,
      'done',
      'done',
    ]);
    expect(fake.requests.slice(1).map((request) => request.query.page)).toEqual(['1', '2', '3']);
  });

  it('rejects bad filters on the first next(), before any request', async () => {
    const { client, fake } = setup();
    const iterator = client.cdrs.iterate({ limit: 5000 });
    await expect(iterator.next()).rejects.toThrow(ValidationError);
    expect(fake.requests).toHaveLength(0);
  });

  it('requests the next page once the body of the awaited one arrived, before parsing it', async () => {
    const { client, fake } = setup({ cdrCount: 400 });
    fake.failNext('malformed', { match: page(3) });
    const error = await (async () => {
      for await (const _page of client.cdrs.pages({ limit: 100 }));
    })().catch((caught) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    // Pages 1 and 2 came back as asked; page 3 could not be parsed, yet page 4 had been asked for: the server
    // worked while page 3 was parsed.
    expect(fake.requests.map((request) => request.query.page)).toEqual(['1', '2', '3', '4']);
  });

  /**
   * Six CDRs in pages of 3 whose page 2 takes 200 ms, and a full collection on demand: whether pages the
   * caller dropped are still reachable while page 2 is on its way.
   */
  function slowSecondPage() {
    setFlagsFromString('--expose-gc');
    const collect = runInNewContext('gc') as () => void;
    const { client, fake } = setup({ cdrCount: 6 });
    fake.failNext('slow', { delayMs: 200, match: page(2) });
    // A new WeakRef holds its target until the current job ends: collect once the loop has turned.
    const collectSoon = () => new Promise((resolve) => setTimeout(resolve, 20)).then(collect);
    return { client, fake, collectSoon };
  }

  it('keeps no page the caller is done with while the next one is awaited', async () => {
    const { client, fake, collectSoon } = slowSecondPage();
    const iterator = client.cdrs.pages({ limit: 3 });
    const firstPage = await (async () => new WeakRef((await iterator.next()).value as object))();
    const pending = iterator.next();
    await collectSoon();
    expect(firstPage.deref()).toBeUndefined();
    expect((await pending).value?.cdrs).toHaveLength(3);
    expect(fake.requests.map((request) => request.query.page)).toEqual(['1', '2']);
  });

  it('yields whole pages for batch processing', async () => {
    const { client } = setup({ cdrCount: 250 });
    const sizes: number[] = [];
    for await (const page of client.cdrs.pages({ limit: 100, startPage: 2 })) sizes.push(page.cdrs.length);
    expect(sizes).toEqual([100, 50]);
  });

  it('surfaces an error of a later page to the loop', async () => {
    const { client, fake } = setup({ cdrCount: 300 });
    fake.failNext('rate-limit', { retryAfterSeconds: 1, match: page(2) });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const cdr of client.cdrs.iterate({ limit: 100 })) seen.push(cdr.uuid);
    })().catch((caught) => caught);
    expect(seen).toHaveLength(100);
    expect(RateLimitError.isInstance(error)).toBe(true);
  });

  it('reads a CDR with its call flow', async () => {
    const { client } = setup();
    const [first] = (await client.cdrs.list({ limit: 1 })).cdrs;
    const detail = await client.cdrs.get(first!.uuid);
    expect(detail.uuid).toBe(first!.uuid);
    expect(detail.callFlow[0]?.origination[0]?.destination).toBe('1001');
    expect(detail.callFlow[0]?.startTime).toBeInstanceOf(Date);
  });

  it('accepts the historic shapes: Var/Yok, numeric prices and extensions, ms timestamps', async () => {
    const { client, fake } = setup();
    fake.failNext({
      status: 200,
      body: {
        cdrs: [
          {
            uuid: 'u1',
            direction: 'OUT',
            caller: 902122222222,
            callee: '905321234567',
            extension: 1001,
            call_time: '2015-06-18T17:59:19.060+03:00',
            answer_time: null,
            call_price: 0.0182,
            call_record: 'Var',
            missing_call: 'false',
          },
        ],
        pagination: {},
      },
    });
    const page = await client.cdrs.list();
    expect(page.cdrs[0]).toMatchObject({
      extension: '1001',
      callPrice: 0.0182,
      hasRecording: true,
      missingCall: false,
    });
    expect(page.cdrs[0]?.callTime?.toISOString()).toBe('2015-06-18T14:59:19.060Z');
    expect(page.pagination).toEqual({ page: 1, totalPages: 1 });
  });
});

describe('call recordings', () => {
  async function recordedUuid(client: ReturnType<typeof setup>['client']): Promise<string> {
    for await (const cdr of client.cdrs.iterate()) if (cdr.hasRecording) return cdr.uuid;
    throw new Error('no recorded call');
  }

  it('downloads bytes with the response content type and file name', async () => {
    const { client } = setup({ recordingSize: 5000 });
    const uuid = await recordedUuid(client);
    const file = await client.callRecords.download(uuid);
    expect(file.contentType).toBe('audio/ogg');
    expect(file.fileName).toBe(`${uuid}.ogg`);
    expect(file.bytes).toEqual(generatedBytes(5000, 1));
  });

  it('streams without buffering and uses the stream path', async () => {
    const { client, fake } = setup();
    const uuid = await recordedUuid(client);
    fake.setRecording(uuid, { bytes: new Uint8Array([1, 2, 3]), contentType: 'audio/wav' });
    const file = await client.callRecords.stream(uuid);
    expect(file.contentType).toBe('audio/wav');
    expect(file.contentLength).toBe(3);
    expect(new Uint8Array(await new Response(file.body).arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    expect(fake.requests.at(-1)?.path).toBe(`/call-records/${uuid}/stream`);
  });

  it('sends sha1(token + uuid) instead of the token when asked', async () => {
    const { client, fake } = setup();
    const uuid = await recordedUuid(client);
    await client.callRecords.download(uuid, { safeToken: true });
    expect(fake.requests.at(-1)?.query.access_token).toBe(createRecordingSafeToken(fake.token, uuid));
    const url = await client.callRecords.safeUrl(uuid);
    expect(url).toBe(
      `${fake.baseUrl}/call-records/${uuid}/stream?access_token=${createRecordingSafeToken(fake.token, uuid)}`,
    );
    expect(url).not.toContain(fake.token);
  });

  it('turns a JSON error where a file was expected into a typed error', async () => {
    const { client, fake } = setup();
    const uuid = await recordedUuid(client);
    fake.failNext({ status: 200, body: { error: 'Token expired' } });
    await expect(client.callRecords.download(uuid)).rejects.toThrow(AuthenticationError);
    await expect(client.callRecords.download('not-a-call')).rejects.toThrow(NotFoundError);
  });
});

describe('faxes', () => {
  it('lists and downloads incoming faxes', async () => {
    const { client } = setup();
    const [fax] = await client.incomingFaxes.list();
    expect(fax).toMatchObject({ sender: '903122222222', receiver: PBX });
    expect(fax?.createdAt).toBeInstanceOf(Date);
    const file = await client.incomingFaxes.download(fax!.uuid);
    expect(file).toMatchObject({ contentType: 'image/tiff', fileName: 'fax.tiff' });
    expect(file.bytes).toHaveLength(2048);
    const stream = await client.incomingFaxes.stream(fax!.uuid);
    expect((await new Response(stream.body).arrayBuffer()).byteLength).toBe(2048);
  });

  it('sends a fax from a Blob in the attachment format, then lists and reads it', async () => {
    const { client, fake } = setup();
    const pdf = new File([new Uint8Array([37, 80, 68, 70, 45])], 'teklif.pdf', { type: 'application/pdf' });
    const result = await client.outgoingFaxes.send({
      title: 'Teklif',
      receivers: ['0312 222 22 22', '+90 216 111 11 11'],
      did: PBX,
      attachment: { data: pdf },
    });
    expect(result.message).toBe('Faks gönderimi başlatıldı.');
    const body = fake.requests.at(-1)!.body as Record<string, string>;
    expect(body.receivers).toBe('903122222222,902161111111');
    expect(decodeBulutfonAttachment(body.attachment!)).toMatchObject({
      contentType: 'application/pdf',
      fileName: 'teklif.pdf',
    });
    const [listed] = await client.outgoingFaxes.list();
    expect(listed).toMatchObject({ id: 1, title: 'Teklif', did: PBX, recipientCount: 2 });
    const detail = await client.outgoingFaxes.get(1);
    expect(detail.recipients).toEqual([
      {
        number: '903122222222',
        state: 'WAITING',
        hangupCause: undefined,
        hangupState: undefined,
        uuid: undefined,
      },
      {
        number: '902161111111',
        state: 'WAITING',
        hangupCause: undefined,
        hangupState: undefined,
        uuid: undefined,
      },
    ]);
  });

  it('refuses a document type the fax service does not take', async () => {
    const { client } = setup();
    const error = await client.outgoingFaxes
      .send({
        title: 'x',
        receivers: '903122222222',
        did: PBX,
        attachment: { data: new Uint8Array([1]), fileName: 'a.wav' },
      })
      .catch((caught) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error.message).toContain('attachment type is not supported');
    expect(error.maybeDelivered).toBe(false);
  });

  it('refuses a bad receiver before sending, without echoing it', async () => {
    const { client, fake } = setup();
    const error = await client.outgoingFaxes
      .send({
        title: 'x',
        receivers: ['903122222222', 'abc5551234567'],
        did: PBX,
        attachment: { data: new Uint8Array([1]), fileName: 'a.pdf' },
      })
      .catch((caught) => caught);
    expect(InvalidPhoneNumberError.isInstance(error)).toBe(true);
    expect(error.message).not.toContain('5551234567');
    expect(fake.requests).toHaveLength(0);
  });
});

describe('announcements', () => {
  it('lists, downloads, streams, uploads and deletes', async () => {
    const { client, fake } = setup();
    const [first] = await client.announcements.list();
    expect(first).toMatchObject({ id: 22, name: 'Karşılama', fileName: '22.wav', isOnHoldMusic: false });
    expect((await client.announcements.download(22)).contentType).toBe('audio/x-wav');
    expect(fake.requests.at(-1)?.path).toBe('/announcements/22');
    await (await client.announcements.stream(22)).body.cancel();
    expect(fake.requests.at(-1)?.path).toBe('/announcements/22/stream');
    const wav = new Uint8Array([82, 73, 70, 70]);
    expect(
      (await client.announcements.upload({ name: 'Kapalı', file: { data: wav, fileName: 'kapali.wav' } }))
        .message,
    ).toBe('Anons yüklendi.');
    expect((fake.requests.at(-1)!.body as Record<string, string>).announcement).toBe(
      'data:audio/x-wav;name:kapali.wav;base64:UklGRg==',
    );
    const uploaded = (await client.announcements.list()).find((item) => item.name === 'Kapalı')!;
    expect((await client.announcements.download(uploaded.id)).bytes).toEqual(wav);
    await client.announcements.delete(uploaded.id);
    expect((await client.announcements.list()).map((item) => item.id)).toEqual([22]);
  });
});

describe('automatic calls and click-to-call', () => {
  it('creates a campaign with every option and reads it back', async () => {
    const { client, fake } = setup();
    await client.automaticCalls.create({
      title: 'Anket',
      receivers: ['05321234567', '05331234567'],
      did: PBX,
      announcementId: 22,
      timeout: 30,
      gather: true,
      hoursActive: true,
      bulutfonXmData: 'order=1001',
      callRange: { saturday: { active: false }, monday: { start: '10:00', finish: '17:30' } },
    });
    expect(fake.requests.at(-1)?.body).toEqual({
      title: 'Anket',
      receivers: '905321234567,905331234567',
      did: PBX,
      announcement_id: 22,
      timeout: 30,
      gather: true,
      hours_active: true,
      bulutfon_xm_data: 'order=1001',
      sat_active: false,
      mon_start: '10:00',
      mon_finish: '17:30',
    });
    const [listed] = await client.automaticCalls.list();
    expect(listed).toMatchObject({
      id: 1,
      title: 'Anket',
      did: PBX,
      announcement: 'Karşılama',
      gather: true,
    });
    const detail = await client.automaticCalls.get(1);
    expect(detail.callRange.saturday).toEqual({ active: false, start: '09:00', finish: '18:00' });
    expect(detail.callRange.monday).toEqual({ active: true, start: '10:00', finish: '17:30' });
    expect(detail.recipients[0]).toEqual({
      number: '905321234567',
      hasCalled: false,
      answered: false,
      gather: undefined,
      uuid: undefined,
    });
  });

  it('needs exactly one sound source', async () => {
    const { client } = setup();
    const base = { title: 't', receivers: '905321234567', did: PBX };
    await expect(client.automaticCalls.create(base)).rejects.toThrow(/exactly one/);
    await expect(
      client.automaticCalls.create({ ...base, announcementId: 22, soundUrl: 'https://x.test/a.mp3' }),
    ).rejects.toThrow(ValidationError);
    await expect(
      client.automaticCalls.create({ ...base, soundUrl: 'https://x.test/a.mp3', timeout: 61 }),
    ).rejects.toThrow(ValidationError);
  });

  it('starts click-to-call with the parameters in the query', async () => {
    const { client, fake } = setup();
    const result = await client.callAndBridge({
      caller: PBX,
      callee: '0532 123 45 67',
      destination: 1001,
      timeout: 20,
    });
    expect(result).toMatchObject({ success: true, message: 'Arama başarıyla başlatıldı.' });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'POST', path: '/call_and_bridge' });
    expect(fake.requests.at(-1)?.query).toMatchObject({
      caller: PBX,
      callee: '905321234567',
      destination: '1001',
      timeout: '20',
    });
    expect(fake.state.bridgedCalls).toEqual([
      { caller: PBX, callee: '905321234567', destination: '1001', timeout: 20 },
    ]);
    await expect(
      client.callAndBridge({ caller: PBX, callee: '905321234567', destination: '1' }),
    ).rejects.toThrow(ValidationError);
  });
});

describe('SMS (discontinued v1 endpoints)', () => {
  it('lists titles and rejections, removes a rejection', async () => {
    const { client } = setup();
    expect(await client.messageTitles.list()).toEqual([
      { id: 1, name: 'TEST', state: 'CONFIRMED' },
      { id: 2, name: 'BEKLEYEN', state: 'DRAFT' },
    ]);
    const [rejection] = await client.messageTitles.listRejections('TEST');
    expect(rejection).toMatchObject({ number: '905559998877' });
    expect(rejection?.rejectedAt).toBeInstanceOf(Date);
    expect((await client.messageTitles.removeRejection('TEST', '+905559998877')).message).toBe(
      'Numara kara listeden kaldırıldı.',
    );
    expect(await client.messageTitles.listRejections('TEST')).toEqual([]);
  });

  it('sends, schedules in Turkish time, lists with pagination and reads back', async () => {
    const { client, fake } = setup();
    await client.messages.send({ title: 'TEST', receivers: ['05321234567'], content: 'Siparişiniz yolda' });
    await client.messages.send({
      title: 'TEST',
      receivers: '905331234567',
      content: 'Yarın',
      sendAt: new Date('2026-06-21T17:22:00Z'),
      rejectLink: true,
    });
    expect(fake.requests.at(-1)?.body).toEqual({
      title: 'TEST',
      receivers: '905331234567',
      content: 'Yarın',
      is_future_sms: true,
      send_date: '21/06/2026 20:22',
      reject_link: true,
    });
    const page = await client.messages.list({ limit: 1 });
    expect(page.messages[0]).toMatchObject({
      id: 2,
      title: 'TEST',
      content: 'Yarın',
      recipients: ['905331234567'],
    });
    expect(page.pagination).toMatchObject({ page: 1, totalPages: 2 });
    expect(page.pagination.nextPage).toBeDefined();
    const all = [];
    for await (const message of client.messages.iterate({ limit: 1 })) all.push(message.id);
    expect(all).toEqual([2, 1]);
    expect(await client.messages.get(2)).toMatchObject({
      isPlannedSms: true,
      sendDate: '21/06/2026 20:22',
      recipients: [{ number: '905331234567', state: 'WAITING' }],
    });
    expect(fake.sentMessages.map((sms) => sms.to)).toEqual(['+905321234567', '+905331234567']);
  });

  it('types the refusals: title, recipients, credit', async () => {
    const { client, fake } = setup();
    await expect(
      client.messages.send({ title: 'BEKLEYEN', receivers: '905321234567', content: 'x' }),
    ).rejects.toThrow(InvalidSenderError);
    fake.failNext('invalid-number');
    await expect(
      client.messages.send({ title: 'TEST', receivers: '905321234567', content: 'x' }),
    ).rejects.toThrow(InvalidRecipientError);
    fake.state.smsCredits = 0;
    await expect(
      client.messages.send({ title: 'TEST', receivers: '905321234567', content: 'x' }),
    ).rejects.toThrow(InsufficientBalanceError);
  });

  it('says the endpoints were discontinued when they answer 404', async () => {
    const { client } = setup({ smsDiscontinued: true });
    const error = await client.messageTitles.list().catch((caught) => caught);
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/discontinued the v1 SMS endpoints on 2020-12-31/);
    expect(error.message).toMatch(/HTML page/);
  });

  it('applies the anti-spam rule in the fake: a 7th identical message in an hour is dropped', async () => {
    let now = Date.parse('2026-01-01T10:00:00Z');
    const { client, fake } = setup({ now: () => now });
    for (let index = 0; index < 7; index++) {
      await client.messages.send({ title: 'TEST', receivers: '905321234567', content: 'Aynı metin' });
    }
    expect(fake.sentMessages).toHaveLength(6);
    expect(fake.state.droppedMessages).toHaveLength(1);
    now += 2 * 3_600_000;
    await client.messages.send({ title: 'TEST', receivers: '905321234567', content: 'Aynı metin' });
    expect(fake.sentMessages).toHaveLength(7);
  });

  it('applies the anti-spam rule in the fake: a 21st different message in an hour is dropped', async () => {
    const { client, fake } = setup();
    for (let index = 0; index < 21; index++) {
      await client.messages.send({ title: 'TEST', receivers: '905321234567', content: `Mesaj ${index}` });
    }
    expect(fake.sentMessages).toHaveLength(20);
    expect((await client.messages.get(21)).recipients[0]?.state).toBe('FAILED');
  });
});

describe('failures', () => {
  it('maps 429 to RateLimitError with Retry-After', async () => {
    const { client, fake } = setup();
    fake.failNext('rate-limit', { retryAfterSeconds: 3 });
    const error = await client.me().catch((caught) => caught);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error.retryAfterMs).toBe(3000);
    expect(error.isRetryable).toBe(true);
  });

  it('marks a 5xx on a write as maybe delivered, so withRetry does not repeat it', async () => {
    const { client, fake } = setup();
    fake.failNext('server-error', { times: 2 });
    const read = await client.dids.list().catch((caught) => caught);
    expect(read).toMatchObject({ statusCode: 500, isRetryable: true, maybeDelivered: false });
    const write = await client.messages
      .send({ title: 'TEST', receivers: '905321234567', content: 'x' })
      .catch((caught) => caught);
    expect(ApiCallError.isInstance(write)).toBe(true);
    expect(write).toMatchObject({ statusCode: 500, maybeDelivered: true });
    expect(isRetrySafe(write)).toBe(false);
    expect(isRetrySafe(read)).toBe(true);
  });

  it('handles HTML, empty and malformed bodies', async () => {
    const { client, fake } = setup();
    fake.failNext('html-error');
    await expect(client.me()).rejects.toMatchObject({ statusCode: 502 });
    fake.failNext('empty');
    const empty = await client.me().catch((caught) => caught);
    expect(empty.message).toContain('empty body');
    fake.failNext('malformed');
    const malformed = await client.cdrs.list().catch((caught) => caught);
    expect(ApiCallError.isInstance(malformed)).toBe(true);
    expect(malformed.message).toMatch(/not valid JSON/);
  });

  it('times out slow answers and reports a write as maybe delivered', async () => {
    const { client, fake } = setup();
    fake.failNext('timeout');
    const read = await client.me({ timeoutMs: 50 }).catch((caught) => caught);
    expect(TimeoutError.isInstance(read)).toBe(true);
    expect(read.maybeDelivered).toBe(false);
    fake.failNext('timeout');
    const write = await client.messages
      .send({ title: 'TEST', receivers: '905321234567', content: 'x' }, { timeoutMs: 50 })
      .catch((caught) => caught);
    expect(TimeoutError.isInstance(write)).toBe(true);
    expect(write.maybeDelivered).toBe(true);
    // It was maybe delivered indeed: the fake sent it and lost the answer.
    expect(fake.sentMessages).toHaveLength(1);
  });

  it('passes the caller abort through', async () => {
    const { client, fake } = setup();
    fake.failNext('slow', { delayMs: 1000 });
    const controller = new AbortController();
    const pending = client.me({ signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('classifies a reset connection', async () => {
    const { client, fake } = setup();
    fake.failNext('reset');
    const error = await client.me().catch((caught) => caught);
    expect(NetworkError.isInstance(error)).toBe(true);
  });

  it('refuses a wrong token as AuthenticationError', async () => {
    const { client } = setup({}, { token: 'wrong-token-value' });
    const error = await client.me().catch((caught) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.statusCode).toBe(401);
  });
});

describe('credentials', () => {
  it('checks the settings when the client is created, without echoing values', () => {
    const error = (() => {
      try {
        createBulutfonClient({ token: 'secret-token-1', baseUrl: 'ftp://x', timeoutMs: -1 });
      } catch (caught) {
        return caught as ValidationError;
      }
    })();
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(error?.target).toBe('settings');
    expect(error?.issues.map((issue) => issue.path[0])).toEqual(['baseUrl', 'timeoutMs']);
    expect(error?.message).not.toContain('secret-token-1');
  });

  it('reads BULUTFON_TOKEN at call time, not at creation', async () => {
    const { fake } = setup();
    const client = createBulutfonClient({ baseUrl: fake.baseUrl, fetch: fake.fetch });
    const previous = process.env.BULUTFON_TOKEN;
    try {
      delete process.env.BULUTFON_TOKEN;
      await expect(client.me()).rejects.toThrow(LoadSettingError);
      process.env.BULUTFON_TOKEN = fake.token;
      expect((await client.me()).pbx.name).toBe('santral');
    } finally {
      if (previous === undefined) delete process.env.BULUTFON_TOKEN;
      else process.env.BULUTFON_TOKEN = previous;
    }
  });

  it('authenticates with email and password as parameters', async () => {
    const { client, fake } = setup(
      { users: [{ email: 'owner@example.com', password: 'Pa55-word!' }] },
      { token: undefined, email: 'owner@example.com', password: 'Pa55-word!' },
    );
    expect((await client.me()).pbx.name).toBe('santral');
    expect(fake.requests[0]?.query).toMatchObject({ email: 'owner@example.com', password: 'Pa55-word!' });
    const wrong = createBulutfonClient({
      baseUrl: fake.baseUrl,
      fetch: fake.fetch,
      email: 'owner@example.com',
      password: 'nope-nope',
    });
    const error = await wrong.me().catch((caught) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.url).not.toContain('nope-nope');
    expect(error.url).not.toContain('owner@example.com');
  });
});
