// The README's examples, type-checked by `pnpm typecheck` (not run): keeps the documentation in step with the API.
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { withRetry } from '@x/messaging-core';
import { setupServer } from 'msw/node';
import {
  createBulutfon,
  createBulutfonAuthorizationUrl,
  createBulutfonClient,
  createBulutfonDesktopAuth,
  exchangeBulutfonAuthorizationCode,
  parseBulutfonWebhook,
  readBulutfonCallback,
} from '../src/index';
import {
  createBulutfonFakeServer,
  createBulutfonMswHandlers,
  startBulutfonFakeHttpServer,
} from '../src/testing';

declare const request: Request;
declare const session: { state: string };
declare const db: { save(value: unknown): Promise<void> };
declare function readLine(): Promise<string>;

export async function quickStart() {
  const bulutfon = createBulutfonClient({ token: process.env.BULUTFON_TOKEN });
  const { pbx, credit } = await bulutfon.me();
  console.log(`${pbx.name}: ${credit.balance} TL`);

  const byExtension = new Map<string, { calls: number; cost: number }>();
  for await (const cdr of bulutfon.cdrs.iterate({ timeLimit: 'month', limit: 500 })) {
    if (cdr.direction !== 'OUT') continue;
    const row = byExtension.get(cdr.extension ?? '?') ?? { calls: 0, cost: 0 };
    row.calls++;
    row.cost += cdr.callPrice ?? 0;
    byExtension.set(cdr.extension ?? '?', row);
  }
  const missed = await bulutfon.cdrs.list({
    missingCall: true,
    callee: '902122222222',
    order: { field: 'uuid', direction: 'desc' },
  });
  await bulutfon.cdrs.get(missed.cdrs[0]!.uuid);

  const cdr = (await bulutfon.cdrs.list({ limit: 50 })).cdrs.find((item) => item.hasRecording);
  if (cdr) {
    const recording = await bulutfon.callRecords.stream(cdr.uuid, { safeToken: true });
    await pipeline(
      Readable.fromWeb(recording.body as import('node:stream/web').ReadableStream<Uint8Array>),
      createWriteStream(recording.fileName ?? `${cdr.uuid}.ogg`),
    );
    const { bytes, contentType } = await bulutfon.callRecords.download(cdr.uuid);
    console.log(bytes.length, contentType, await bulutfon.callRecords.safeUrl(cdr.uuid));
  }

  await bulutfon.outgoingFaxes.send({
    title: 'Teklif 1001',
    receivers: ['0312 222 22 22'],
    did: '902122222222',
    attachment: { path: './teklif.pdf' },
  });
  const [latest] = await bulutfon.outgoingFaxes.list();
  const { recipients } = await bulutfon.outgoingFaxes.get(latest!.id);
  console.log(recipients);

  const [announcement] = await bulutfon.announcements.list();
  await bulutfon.automaticCalls.create({
    title: 'Teslimat anketi',
    receivers: ['05321234567', '05331234567'],
    did: '902122222222',
    announcementId: announcement!.id,
    gather: true,
    timeout: 30,
    hoursActive: true,
    callRange: {
      saturday: { active: false },
      sunday: { active: false },
      monday: { start: '10:00', finish: '17:00' },
    },
  });
  await bulutfon.announcements.upload({ name: 'hello', file: { path: 'hello.wav' } });
  await bulutfon.callAndBridge({ caller: '902122222222', callee: '0532 123 45 67', destination: 1001 });
}

export async function sms() {
  const provider = createBulutfon({ token: process.env.BULUTFON_TOKEN, sender: 'MAGAZAM' });
  const result = await withRetry(() =>
    provider.sendSms({ to: ['0532 123 45 67'], text: 'Siparişiniz kargoya verildi.' }),
  );
  console.log(result.messages, await provider.getBalance());
}

export async function oauth() {
  const app = {
    clientId: 'id',
    clientSecret: process.env.BULUTFON_CLIENT_SECRET!,
    redirectUri: 'https://shop.example/bulutfon/callback',
  };
  const { url, state } = createBulutfonAuthorizationUrl({ ...app, scope: ['cdr', 'call_record'] });
  console.log(url, state);
  const code = readBulutfonCallback(request.url, session.state);
  const tokens = await exchangeBulutfonAuthorizationCode(app, code);
  await db.save(tokens);
  const client = createBulutfonClient({
    oauth: { ...app, ...tokens, onTokens: (fresh) => db.save(fresh) },
  });
  await client.me();

  const desktop = createBulutfonDesktopAuth({ clientId: 'id', clientSecret: 'secret' });
  console.log(desktop.authorizationUrl().url);
  await desktop.exchangePastedCode(await readLine());
}

export async function POST(incoming: Request) {
  const event = await parseBulutfonWebhook(incoming, {
    credentials: { username: 'hook', password: process.env.HOOK_PASSWORD! },
  });
  if (event.type === 'call-end') console.log(event.uuid, event.talkDuration, event.hangupCause);
  return new Response('ok');
}

export async function testing() {
  const fake = createBulutfonFakeServer({ cdrCount: 1000, seed: 42 });
  const client = createBulutfonClient({ token: fake.token, baseUrl: fake.baseUrl, fetch: fake.fetch });
  fake.inject({ kind: 'rate-limit', retryAfterSeconds: 2 });
  fake.expireTokens();
  console.log(fake.state.deliveredSms, client);
  setupServer(...(await createBulutfonMswHandlers(fake)));
  await startBulutfonFakeHttpServer(fake);
}
