/**
 * The console tests' service: the demo's WooCommerce service (SQLite in a temporary folder, sandbox provider)
 * fed the demo's deliveries over HTTP, with a customer number the sandbox refuses so that one message is dead.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

/** The running service of the tests and its folder. */
export interface ConsoleFixture extends DemoService {
  folder: string;
  stop(): Promise<void>;
}

/**
 * Starts the demo service (its shop sends each text as the cheapest type that carries it: a Turkish letter makes
 * it `turkish`, an emoji `unicode`; one attempt per message), feeds it the demo's deliveries and waits for the
 * dispatcher.
 * @param options - `otherShops`: more shops beside the demo shop, by id, with their settings (no deliveries)
 */
export async function startConsoleFixture(
  options: { otherShops?: Record<string, Record<string, unknown>> } = {},
): Promise<ConsoleFixture> {
  const folder = await mkdtemp(path.join(tmpdir(), 'console-e2e-'));
  const demo = await startDemoService({
    folder,
    dispatcher: { maxAttempts: 1 },
    ...(options.otherShops ? { otherShops: options.otherShops } : {}),
  });
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
    async stop() {
      await demo.service.stop();
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
