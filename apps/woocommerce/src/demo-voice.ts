/**
 * The demo's voice part: a WooCommerce service whose shop confirms cash-on-delivery orders by phone through a
 * fake Bulutfon PBX (on a local port, dialling and posting its call webhooks to the service), writes the result
 * back to a fake WooCommerce REST API, and answers a missed call with an SMS.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { provider as bulutfon } from '@x/bulutfon';
import { createBulutfonFakeServer, listenBulutfonFakeServer } from '@x/bulutfon/testing';
import { maskPhoneNumber, WEEKDAYS_V1 } from '@x/messaging-core';
import type { VoiceJobKind } from '@x/order-notifications';
import { DEMO_SHOP, type DemoService, dispatched, startDemoService } from './demo-steps';
import { sampleWooOrder, signWooDelivery } from './woocommerce-samples';

/** What the voice demo shows, as table rows. */
export interface VoiceDemoReport {
  deliveries: string[][];
  calls: string[][];
  writeBacks: string[][];
  sms: string[][];
}

const CUSTOMER = '0532 987 65 43';
const CALLER = '0555 111 22 33';

/** A fake WooCommerce REST API that records the notes and statuses written to it. */
async function fakeWooCommerce(): Promise<{ server: Server; url: string; writes: string[][] }> {
  const writes: string[][] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (request.method !== 'GET') {
      writes.push([request.method ?? '', request.url ?? '', Buffer.concat(chunks).toString('utf8')]);
    }
    response.setHeader('content-type', 'application/json');
    response.end(request.method === 'GET' ? '[]' : '{"id":1}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, writes };
}

/** Waits until every voice job of a kind is settled (20 s at the most). */
async function settled(demo: DemoService, kind: VoiceJobKind): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const jobs = await demo.service.engine.voice.jobs({ shopId: DEMO_SHOP, kind });
    if (jobs.length > 0 && jobs.every((job) => job.status === 'done' || job.status === 'failed')) return;
    if (Date.now() > deadline) throw new Error(`The ${kind} jobs did not settle within 20 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Posts one signed order webhook; returns its table row. */
async function deliverOrder(demo: DemoService, label: string, order: Record<string, unknown>) {
  const delivery = signWooDelivery('order.created', order, demo.secret, `voice-${String(order.id)}`);
  const response = await fetch(demo.webhookUrl, {
    method: 'POST',
    headers: delivery.headers,
    body: delivery.body,
  });
  const answer = (await response.json()) as Record<string, unknown>;
  return [label, 'order.created', String(response.status), `queued ${answer.queued}`];
}

/**
 * Runs the voice demo in `folder` and returns what to print.
 * @param folder - the folder of its SQLite outbox
 */
export async function runVoiceDemo(folder: string): Promise<VoiceDemoReport> {
  const hook = { username: 'santral', password: randomBytes(12).toString('base64url') };
  let serviceUrl = '';
  const fake = createBulutfonFakeServer({
    calls: {
      autoDial: false,
      webhookUrl: 'http://127.0.0.1/webhooks/bulutfon/demo',
      webhookCredentials: hook,
      webhookFetch: (_input, init) => fetch(`${serviceUrl}/webhooks/bulutfon/${DEMO_SHOP}`, init),
    },
  });
  const pbx = await listenBulutfonFakeServer(fake);
  const woo = await fakeWooCommerce();
  let demo: DemoService | undefined;
  try {
    demo = await startDemoService({
      folder,
      builtInProviders: [bulutfon],
      env: {
        BULUTFON_TOKEN: fake.token,
        VOICE_WEBHOOK_USER_DEMO: hook.username,
        VOICE_WEBHOOK_PASSWORD_DEMO: hook.password,
        WOOCOMMERCE_CONSUMER_KEY_DEMO: 'ck_demo',
        WOOCOMMERCE_CONSUMER_SECRET_DEMO: 'cs_demo',
      },
      shop: {
        storeUrl: woo.url,
        voice: {
          provider: { id: 'bulutfon', options: { baseUrl: pbx.url } },
          pbxNumber: '0212 222 22 22',
          cod: {
            audio: { announcementId: '22' },
            confirmStatus: 'processing',
            windows: Object.fromEntries(WEEKDAYS_V1.map((day) => [day, { start: '00:00', end: '24:00' }])),
          },
          missedCall: {},
        },
      },
    });
    serviceUrl = demo.url;
    const deliveries = [
      await deliverOrder(
        demo,
        'new cash-on-delivery order #2001',
        sampleWooOrder({
          id: 2001,
          status: 'processing',
          firstName: 'Elif',
          lastName: 'Şahin',
          phone: CUSTOMER,
        }),
      ),
      await deliverOrder(demo, 'order #2002 (bank transfer), completed', {
        ...sampleWooOrder({
          id: 2002,
          status: 'completed',
          firstName: 'Burak',
          lastName: 'Aydın',
          phone: CALLER,
        }),
        payment_method: 'bacs',
      }),
    ];
    // The call is placed by the service; the fake PBX dials it (the customer presses 1) and posts its webhooks.
    for (let tries = 0; tries < 400 && fake.placedCalls.length === 0; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await fake.dialCalls();
    await settled(demo, 'cod-call');
    await settled(demo, 'write-back');
    // Burak calls the shop and nobody answers.
    await fake.receiveCall({ from: CALLER });
    await settled(demo, 'missed-call');
    await dispatched(demo.service.engine);
    const calls = (await demo.service.engine.voice.calls({ shopId: DEMO_SHOP })).reverse();
    const sent = demo.sandbox.sent.filter((sms) => sms.text.startsWith('Bizi aradınız'));
    return {
      deliveries,
      calls: calls.map((call) => [
        call.eventName,
        call.direction,
        call.caller,
        call.callee,
        call.automatic ? 'automatic' : '-',
        call.orderId ? `#${call.orderId}` : '-',
      ]),
      writeBacks: woo.writes,
      sms: sent.map((sms) => [maskPhoneNumber(sms.to), sms.text]),
    };
  } finally {
    await demo?.service.stop();
    await pbx.close();
    await new Promise<void>((resolve) => woo.server.close(() => resolve()));
  }
}
