// The admin console with two shops in Debian's Chromium: what a page shows, and what it saves, after the owner
// switches from one shop to the other belongs to the shop on screen only. The pages load the new shop's answer
// while the previous one's is still at hand; the test holds that answer to read the page meanwhile.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_SUITES_RUN, holdRequest, launchBrowser, type TestBrowser, waitFor } from './console/browser';
import {
  answeredCalls,
  type ConsoleFixture,
  postNewOrder,
  settled,
  startConsoleFixture,
  textWhen,
} from './console/console-fixture';

/** Shop A is the demo shop (the default templates); shop B has texts of its own in the file. */
const A = 'demo';
const B = 'kupa';
const B_SETTINGS = {
  name: 'Kupa Dünyası',
  rules: {
    events: {
      'order.created': { customerTemplate: 'Kupa Dünyası: {order_number} numaralı siparişiniz alındı.' },
    },
    status: { completed: { customerTemplate: 'Kupa Dünyası: {order_number} numaralı siparişiniz yolda.' } },
  },
};
/**
 * The customers who call each shop's PBX: shop A's calls fill more than a page of the calls log (two rows a call,
 * 50 rows a page), shop B's, from other numbers, less than one.
 */
const CALLERS = {
  a: Array.from({ length: 26 }, (_, index) => `0532 100 00 ${String(10 + index)}`),
  b: ['0544 900 00 01', '0544 900 00 02'],
};
const CREATED = '#rules-events-order-created-customerTemplate';
const COMPLETED = '#rules-status-completed-customerTemplate';

interface Templates {
  version: number;
  settings: {
    rules: {
      events: Record<string, { customerTemplate?: string }>;
      status: Record<string, { customerTemplate?: string }>;
    };
  };
}

// No timing assertion: generous limits for a loaded two-core machine, every wait is on a condition.
describe.skipIf(!BROWSER_SUITES_RUN)(
  'the admin console with two shops in a browser',
  { timeout: 120_000 },
  () => {
    let fixture: ConsoleFixture;
    let browser: TestBrowser;
    let page: Page;

    beforeAll(async () => {
      browser = await launchBrowser();
      page = browser.page;
      fixture = await startConsoleFixture({ otherShops: { [B]: B_SETTINGS }, voice: true });
      await postNewOrder(fixture, 3001, '0532 222 33 44', B);
      await settled(fixture, B);
      // Shop B's calls come last, so that the calls of all shops (newest first), which the calls page shows
      // before a shop is chosen, start with them and are never taken for shop A's.
      await answeredCalls(fixture, A, CALLERS.a);
      await answeredCalls(fixture, B, CALLERS.b);
      await open('', 'Yönetim paneline giriş');
      await page.getByLabel('Yönetici anahtarı (ADMIN_TOKEN)').fill(fixture.adminToken);
      await page.getByRole('button', { name: 'Giriş yap' }).click();
      await page.getByRole('heading', { level: 1, name: 'Genel bakış' }).waitFor();
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await fixture?.stop();
    });

    async function open(hash: string, heading: string): Promise<void> {
      await page.goto(`${fixture.url}/admin/${hash}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    }

    /** A shop's stored templates, as the admin API answers them. */
    async function templates(shop: string): Promise<Templates> {
      const response = await fetch(`${fixture.url}/admin/shops/${shop}/templates`, {
        headers: { authorization: `Bearer ${fixture.adminToken}` },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as Templates;
    }

    const created = (answer: Templates) => answer.settings.rules.events['order.created']?.customerTemplate;
    const completed = (answer: Templates) => answer.settings.rules.status.completed?.customerTemplate;

    it("templates: after a switch from shop A's draft, shows and saves shop B's templates only", async () => {
      const before = { a: await templates(A), b: await templates(B) };
      // Both shops are at the same version (their file's), with other texts: a form of shop B started from shop
      // A's answer would be kept when shop B's answer comes (same version), and saved onto shop B.
      expect(before.a.version).toBe(before.b.version);
      expect(created(before.a)).not.toBe(created(before.b));
      expect(completed(before.a)).not.toBe(completed(before.b));

      await open(`#/templates?shop=${A}`, 'Şablonlar');
      const field = page.locator(CREATED);
      await waitFor("shop A's text", async () => (await field.inputValue()) === created(before.a));
      await field.fill('Taslak: {order_number} numaralı sipariş, kaydedilmedi.');

      const held = await holdRequest(page, `/admin/shops/${B}/templates`);
      await page.locator('#templates-shop').selectOption(B);
      await held.sent;
      // Shop B is selected and its answer is on its way: no form is on screen, none built from shop A's answer.
      expect(await page.locator('#templates-shop').inputValue()).toBe(B);
      expect(await page.locator('form.editor-form').count()).toBe(0);
      await held.release();

      await waitFor("shop B's text", async () => (await field.inputValue()) === created(before.b));
      expect(await page.locator(COMPLETED).inputValue()).toBe(completed(before.b));
      const typed = 'Kupa Dünyası: {order_number} numaralı siparişiniz hazırlanıyor.';
      await field.fill(typed);
      await page.getByRole('button', { name: 'Kaydet' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Kaydedildi: sürüm ${before.b.version + 1}.` })
        .waitFor();

      // Shop A: as stored before (its draft was never saved). Shop B: its own settings with the one text typed.
      expect(await templates(A)).toEqual(before.a);
      const after = await templates(B);
      expect(after.version).toBe(before.b.version + 1);
      const expected = structuredClone(before.b.settings);
      expected.rules.events['order.created'] = {
        ...expected.rules.events['order.created'],
        customerTemplate: typed,
      };
      expect(after.settings).toEqual(expected);
    });

    it("setup: after a switch, shows no webhook URL of shop A while shop B's loads, then shop B's", async () => {
      await open(`#/setup?shop=${A}`, 'Kurulum');
      await waitFor("shop A's URLs", async () => (await webhookUrls()).every((url) => url.endsWith(`/${A}`)));

      const held = await holdRequest(page, `/admin/shops/${B}/setup`);
      await page.locator('#setup-shop').selectOption(B);
      await held.sent;
      // Under shop B's name, a URL of shop A pasted into shop B's WooCommerce would send its orders to shop A.
      expect(await page.locator('#setup-shop').inputValue()).toBe(B);
      expect(await webhookUrls()).toEqual([]);
      await held.release();

      const urls = await waitFor("shop B's URLs", async () => {
        const shown = await webhookUrls();
        return shown.length > 0 && shown;
      });
      for (const url of urls) expect(url).toBe(`${fixture.url}/webhooks/woocommerce/${B}`);
    });

    it("overview: after a switch, shows no count of shop A while shop B's loads, then shop B's", async () => {
      const countsOf = async (shop: string) =>
        Object.values(await fixture.service.engine.messages.counts({ shopId: shop })).reduce(
          (sum, value) => sum + value,
          0,
        );
      const [totalA, totalB] = [await countsOf(A), await countsOf(B)];
      expect(totalA).not.toBe(totalB);
      await open(`#/overview?shop=${A}`, 'Genel bakış');
      await textWhen(page, '[data-testid="today-total"]', (text) => text === String(totalA));
      // Shop A has a dead message: its link to the messages is what a count of shop A would show under shop B.
      await page.locator('.attention a').first().waitFor();

      const held = await holdRequest(page, '/admin/overview', { shop: B });
      await page.locator('#overview-shop').selectOption(B);
      await held.sent;
      expect(await page.locator('#overview-shop').inputValue()).toBe(B);
      expect(await page.locator('[data-testid="today-total"]').count()).toBe(0);
      expect(await page.locator('a[href*="status="]').count()).toBe(0);
      await held.release();

      await textWhen(page, '[data-testid="today-total"]', (text) => text === String(totalB));
      for (const link of await page
        .locator('a[href*="status="]')
        .evaluateAll((links) => links.map((element) => element.getAttribute('href') ?? '')))
        expect(link).toContain(`shop=${B}`);
    });

    it("messages: after a switch, shows no message of shop A while shop B's load, then shop B's", async () => {
      const ofB = await fixture.service.engine.messages.list({ shopId: B, limit: 100 });
      expect(ofB.length).toBeGreaterThan(0);
      await open(`#/messages?shop=${A}`, 'Mesajlar');
      await waitFor("shop A's messages", async () => (await shopCells()).length > 0);
      expect(new Set(await shopCells())).toEqual(new Set([A]));

      const held = await holdRequest(page, '/admin/messages', { shop: B });
      await page.locator('#filter-shop').selectOption(B);
      await page.getByRole('button', { name: 'Süz' }).click();
      await held.sent;
      expect(page.url()).toContain(`shop=${B}`);
      expect(await shopCells()).toEqual([]);
      expect(await page.getByRole('status').count()).toBe(0);
      await held.release();

      await waitFor("shop B's messages", async () => (await shopCells()).length === ofB.length);
      expect(new Set(await shopCells())).toEqual(new Set([B]));
    });

    it('messages: what the owner types in a filter while the list loads stays, and filters', async () => {
      const held = await holdRequest(page, '/admin/messages');
      await page.goto(`${fixture.url}/admin/#/messages`);
      await page.getByRole('heading', { level: 1, name: 'Mesajlar' }).waitFor();
      await held.sent;
      await page.getByLabel('Sipariş no').fill('3001');
      // The list's answer arrives while the field holds the typed text: the page renders again.
      await held.release();
      await page.getByRole('status').filter({ hasText: /mesaj/ }).waitFor();
      expect(await page.getByLabel('Sipariş no').inputValue()).toBe('3001');
      await page.getByRole('button', { name: 'Süz' }).click();
      await waitFor('the filter in the address', async () => page.url().includes('order=3001'));
      await textWhen(page, 'tbody', (text) => text.includes('3001'));
    });

    it("calls: after a switch, shows no call of shop A nor its next page while shop B's load, then shop B's", async () => {
      const ofA = await fixture.service.engine.voice.calls({ shopId: A, limit: 100 });
      const ofB = await fixture.service.engine.voice.calls({ shopId: B, limit: 100 });
      expect(ofA.length).toBe(2 * CALLERS.a.length);
      expect(ofB.length).toBe(2 * CALLERS.b.length);
      const next = page.locator('nav.pager').getByRole('button', { name: 'Sonraki sayfa' });
      await open('#/calls', 'Aramalar');
      await page.locator('#calls-shop').selectOption(A);
      // Shop A's first page: 50 of its calls, and a link to the next page (its cursor, one of shop A's calls).
      await waitFor("shop A's calls", async () => {
        const shops = await shopCells();
        return shops.length === 50 && shops.every((shop) => shop === A);
      });
      await next.waitFor();

      const held = await holdRequest(page, '/admin/calls', { shop: B });
      await page.locator('#calls-shop').selectOption(B);
      await held.sent;
      // Under shop B's name, shop A's calls would read as shop B's, and its next page would ask for shop B's
      // calls after one of shop A's.
      expect(await page.locator('#calls-shop').inputValue()).toBe(B);
      expect(await shopCells()).toEqual([]);
      expect(await next.count()).toBe(0);
      await held.release();

      await waitFor("shop B's calls", async () => (await shopCells()).length === ofB.length);
      expect(new Set(await shopCells())).toEqual(new Set([B]));
      expect(await callerCells()).toEqual(ofB.map((call) => call.caller));
      for (const caller of await callerCells()) expect(caller).toMatch(/^\+?90544/);
      expect(await next.count()).toBe(0);
    });

    /** The webhook URLs the setup page shows. */
    async function webhookUrls(): Promise<string[]> {
      return page
        .locator('input[data-topic]')
        .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    }

    /** The shop column of the messages or calls shown. */
    async function shopCells(): Promise<string[]> {
      return page.locator('tbody tr td:nth-child(2)').allTextContents();
    }

    /** The caller column of the calls shown. */
    async function callerCells(): Promise<string[]> {
      return page.locator('tbody tr td:nth-child(4)').allTextContents();
    }
  },
);
