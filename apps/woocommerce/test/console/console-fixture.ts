/**
 * The console tests' service: the demo's WooCommerce service (SQLite in a temporary folder, sandbox provider)
 * fed the demo's deliveries over HTTP, with a customer number the sandbox refuses so that one message is dead;
 * on request, every shop has a PBX: a fake Bulutfon of its own that posts its call webhooks to the service.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { shopEnvName } from '@x/app-service-kit';
import { provider as bulutfon } from '@x/bulutfon';
import { type BulutfonFakeServer, type BulutfonVoiceFake, startBulutfonVoiceFake } from '@x/bulutfon/testing';
import type { Page } from 'playwright-core';
import {
  DEMO_SHOP,
  type DemoService,
  deliverDemoSteps,
  dispatched,
  startDemoService,
} from '../../src/demo-steps';
import { sampleWooOrder, signWooDelivery } from '../../src/woocommerce-samples';
import { waitFor } from './browser';

/** Mehmet's number in the demo: his order confirmation fails once, and with one attempt allowed it is dead. */
export const DEAD_NUMBER = '+905557654321';

/** The HTTP Basic credentials of every shop's call webhook, which its fake PBX posts with. */
const PBX_WEBHOOK = { username: 'santral', password: 'console-voice-hook-password' };

/** The running service of the tests and its folder. */
export interface ConsoleFixture extends DemoService {
  folder: string;
  /** Each shop's fake Bulutfon, by shop id, with `voice` (none without). */
  pbx: Record<string, BulutfonFakeServer>;
  stop(): Promise<void>;
}

/**
 * Starts a fake Bulutfon for each shop and gives the service's settings and environment that make each shop a
 * voice shop on its fake (click-to-call from the shop's PBX number; no confirmation calls, no missed-call texts).
 * @param shops - the shops' ids
 */
async function startPbxs(shops: string[]) {
  const fakes: Record<string, BulutfonVoiceFake> = {};
  const settings: Record<string, Record<string, unknown>> = {};
  const env: Record<string, string> = {};
  for (const shop of shops) {
    const fake = await startBulutfonVoiceFake({ shopId: shop, credentials: PBX_WEBHOOK });
    fakes[shop] = fake;
    settings[shop] = {
      provider: { id: 'bulutfon', options: { baseUrl: fake.listener.url } },
      pbxNumber: '0212 222 22 22',
      cod: { enabled: false },
    };
    env.BULUTFON_TOKEN = fake.fake.token;
    env[shopEnvName('VOICE_WEBHOOK_USER', shop)] = PBX_WEBHOOK.username;
    env[shopEnvName('VOICE_WEBHOOK_PASSWORD', shop)] = PBX_WEBHOOK.password;
  }
  return { fakes, settings, env };
}

/**
 * Starts the demo service (its shop sends each text as the cheapest type that carries it: a Turkish letter makes
 * it `turkish`, an emoji `unicode`; one attempt per message), feeds it the demo's deliveries and waits for the
 * dispatcher.
 * @param options - `otherShops`: more shops beside the demo shop, by id, with their settings (no deliveries);
 *   `voice`: every shop has a fake Bulutfon as its PBX (`pbx`), whose call webhooks reach the service
 */
export async function startConsoleFixture(
  options: { otherShops?: Record<string, Record<string, unknown>>; voice?: boolean } = {},
): Promise<ConsoleFixture> {
  const folder = await mkdtemp(path.join(tmpdir(), 'console-e2e-'));
  const others = options.otherShops ?? {};
  const pbxs = await startPbxs(options.voice ? [DEMO_SHOP, ...Object.keys(others)] : []);
  const voiceOf = (shop: string) => (pbxs.settings[shop] ? { voice: pbxs.settings[shop] } : {});
  const demo = await startDemoService({
    folder,
    dispatcher: { maxAttempts: 1 },
    otherShops: Object.fromEntries(
      Object.entries(others).map(([shop, settings]) => [shop, { ...settings, ...voiceOf(shop) }]),
    ),
    ...(options.voice ? { shop: voiceOf(DEMO_SHOP), env: pbxs.env, builtInProviders: [bulutfon] } : {}),
  });
  for (const fake of Object.values(pbxs.fakes)) fake.targets.push(demo.url);
  demo.sandbox.failNext('rate-limit', {
    method: 'sendSms',
    retryAfterMs: 10,
    match: (call) => call.to?.includes(DEAD_NUMBER) ?? false,
  });
  await deliverDemoSteps(demo.webhookUrl, demo.secret);
  await dispatched(demo.service.engine);
  return {
    ...demo,
    folder,
    pbx: Object.fromEntries(Object.entries(pbxs.fakes).map(([shop, fake]) => [shop, fake.fake])),
    async stop() {
      await demo.service.stop();
      await Promise.all(Object.values(pbxs.fakes).map((fake) => fake.listener.close()));
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/**
 * Posts a signed `order.created` delivery of a new processing order, as the shop would.
 * @param shop - the shop that sends it (the demo shop by default)
 * @returns the webhook's JSON answer
 */
export async function postNewOrder(
  fixture: ConsoleFixture,
  id: number,
  phone: string,
  shop = DEMO_SHOP,
): Promise<{ skips?: { reason: string }[] }> {
  const payload = sampleWooOrder({ id, status: 'processing', firstName: 'Elif', lastName: 'Şahin', phone });
  const delivery = signWooDelivery('order.created', payload, fixture.secret, `console-${id}`);
  const response = await fetch(`${fixture.url}/webhooks/woocommerce/${shop}`, {
    method: 'POST',
    headers: delivery.headers,
    body: delivery.body,
  });
  if (!response.ok) throw new Error(`the webhook answered ${response.status}`);
  return (await response.json()) as { skips?: { reason: string }[] };
}

/** The texts the sandbox accepted for one number. */
export function sentTo(fixture: ConsoleFixture, e164: string): string[] {
  return fixture.sandbox.sent.filter((message) => message.to === e164).map((message) => message.text);
}

/**
 * Waits until the element's trimmed text satisfies `accept`, and returns it.
 * @param page - the page
 * @param selector - a CSS selector of one element
 * @param accept - the condition on the text
 */
export async function textWhen(
  page: Page,
  selector: string,
  accept: (text: string) => boolean,
): Promise<string> {
  return waitFor(`the text of ${selector}`, async () => {
    const text = (
      await page
        .locator(selector)
        .first()
        .textContent()
        .catch(() => null)
    )?.trim();
    return text !== undefined && text !== null && accept(text) ? text : undefined;
  });
}

/** Waits for the engine to have sent (or skipped) everything queued for a shop (the demo shop by default). */
export async function settled(fixture: ConsoleFixture, shop = DEMO_SHOP): Promise<void> {
  await dispatched(fixture.service.engine, shop);
}

/**
 * Customers call a shop's PBX, one after another, and each call is answered: the shop's fake Bulutfon posts each
 * call's webhooks (its start and its end, two rows of the calls log) to the service.
 * @param fixture - a fixture started with `voice`
 * @param shop - the shop called
 * @param callers - the customers' numbers, one call each
 * @throws Error when the service did not take a call's webhook
 */
export async function answeredCalls(fixture: ConsoleFixture, shop: string, callers: string[]): Promise<void> {
  const pbx = fixture.pbx[shop];
  if (!pbx) throw new Error(`the shop ${shop} has no PBX: start the fixture with voice`);
  for (const from of callers) {
    const uuid = await pbx.receiveCall({ from, answered: true, talkSeconds: 42 });
    const refused = pbx.webhookDeliveries.filter(
      (delivery) => delivery.uuid === uuid && delivery.status !== 200,
    );
    if (refused.length > 0)
      throw new Error(`the call webhook answered ${refused[0]?.status ?? refused[0]?.error}`);
  }
}
