// The admin console end to end in Debian's Chromium: the real WooCommerce service fed the demo's deliveries,
// every page used as a shop owner uses it, checked with axe-core, and photographed at 1280 and 360 px.
import { readdir, rm } from 'node:fs/promises';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_SUITES_RUN,
  COMMITTED_SCREENSHOTS,
  launchBrowser,
  screenshotFolder,
  screenshots,
  seriousAxeViolations,
  type TestBrowser,
  waitFor,
} from './console/browser';
import {
  type ConsoleFixture,
  DEAD_NUMBER,
  postNewOrder,
  sentTo,
  settled,
  startConsoleFixture,
  textWhen,
} from './console/console-fixture';

// No timing assertion: generous limits for a loaded two-core machine, every wait is on a condition.
describe.skipIf(!BROWSER_SUITES_RUN)('the admin console in a browser', { timeout: 120_000 }, () => {
  let fixture: ConsoleFixture;
  let browser: TestBrowser;
  let page: Page;
  let shots: string;
  const changes: Request[] = [];
  const cspErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    fixture = await startConsoleFixture();
    shots = await screenshotFolder();
    page = browser.page;
    page.on('request', (request) => {
      if (request.method() !== 'GET' && new URL(request.url()).pathname.startsWith('/admin/')) {
        changes.push(request);
      }
    });
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
    });
  }, 60_000);

  afterAll(async () => {
    if (shots && shots !== COMMITTED_SCREENSHOTS) await rm(shots, { recursive: true, force: true });
    await browser?.close();
    await fixture?.stop();
  });

  async function open(hash: string, heading: string): Promise<void> {
    await page.goto(`${fixture.url}/admin/${hash}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }

  async function accessible(): Promise<void> {
    expect(await seriousAxeViolations(page)).toEqual([]);
  }

  it('refuses a wrong token, then signs in with the right one into an HttpOnly, SameSite=Strict cookie', async () => {
    await open('', 'Yönetim paneline giriş');
    await accessible();
    await screenshots(page, shots, 'sign-in');
    await page.getByLabel('Yönetici anahtarı (ADMIN_TOKEN)').fill('not-the-admin-token-0000');
    await page.getByRole('button', { name: 'Giriş yap' }).click();
    await page.getByRole('alert').filter({ hasText: 'Anahtar veya parola yanlış.' }).waitFor();
    await page.getByLabel('Yönetici anahtarı (ADMIN_TOKEN)').fill(fixture.adminToken);
    await page.getByRole('button', { name: 'Giriş yap' }).click();
    await page.getByRole('heading', { level: 1, name: 'Genel bakış' }).waitFor();

    const cookies = await browser.context.cookies(`${fixture.url}/admin/`);
    const session = cookies.filter((cookie) => cookie.path === '/admin');
    expect(session).toHaveLength(1);
    expect(session[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/admin' });
    // The page's scripts cannot read it, and it is not the token.
    expect(await page.evaluate('document.cookie')).not.toContain(session[0]?.value);
    expect(session[0]?.value).not.toContain(fixture.adminToken);
  });

  it("shows the overview numbers of the demo's orders, with what needs attention linked", async () => {
    const counts = await fixture.service.engine.messages.counts({ shopId: 'demo' });
    const total = Object.values(counts).reduce((sum, value) => sum + value, 0);
    expect(total).toBeGreaterThan(5);
    await textWhen(page, '[data-testid="today-total"]', (text) => text === String(total));
    await textWhen(page, '[data-testid="week-total"]', (text) => text === String(total));
    expect(counts.dead).toBe(1);
    await page
      .locator('#today ~ .counts [data-status="sent"], #today ~ .counts [data-status="delivered"]')
      .first()
      .waitFor();
    await page.locator('svg[role="img"] rect.bar').first().waitFor();
    // The sandbox counts its balance in credits: read in Turkish, in the Turkish number format.
    await textWhen(page, '[data-testid="balance"]', (text) => /^\d{1,3}(\.\d{3})* kredi$/.test(text));
    await accessible();
    await screenshots(page, shots, 'overview');
    await page.getByRole('link', { name: /1 vazgeçilen/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Mesajlar' }).waitFor();
    expect(page.url()).toContain('status=dead');
    await textWhen(page, 'tbody', (text) => text.includes('Vazgeçildi'));
    expect(await page.locator('tbody tr').count()).toBe(1);
  });

  it('filters the messages by order and by the last digits of a phone, and opens a detail', async () => {
    await open('#/messages', 'Mesajlar');
    const expected = await fixture.service.engine.messages.list({
      shopId: 'demo',
      orderId: '1001',
      limit: 100,
    });
    await page.getByLabel('Sipariş no').fill('1001');
    await page.getByRole('button', { name: 'Süz' }).click();
    await waitFor(
      'the rows of order 1001',
      async () => (await page.locator('tbody tr').count()) === expected.length,
    );
    for (const cell of await page.locator('tbody tr td:nth-child(3)').allTextContents())
      expect(cell).toBe('1001');
    await accessible();
    await screenshots(page, shots, 'messages');

    await page.getByLabel('Sipariş no').fill('');
    await page.getByLabel('Telefonun son hanesi').fill('4321');
    await page.getByRole('button', { name: 'Süz' }).click();
    await waitFor('the rows of the number ending 4321', async () => page.url().includes('phone=4321'));
    await textWhen(page, 'tbody', (text) => text.includes('1002'));
    for (const cell of await page.locator('tbody tr td:nth-child(6)').allTextContents())
      expect(cell).toMatch(/21$/);

    const orderCalls = page.waitForRequest(
      (request) => request.url().includes('/admin/calls?') && request.url().includes('order=1002'),
    );
    await page.locator('tbody tr a').first().click();
    await page.getByRole('heading', { level: 1, name: /^Mesaj / }).waitFor();
    // The order's calls, asked of the API by order (none: the demo shop has no voice).
    expect(new URL((await orderCalls).url()).searchParams.get('shop')).toBe('demo');
    await page.getByRole('heading', { name: 'Bu siparişin aramaları' }).waitFor();
    await page.locator('[aria-labelledby="order-calls-title"]').getByText('Kayıtlı arama yok.').waitFor();
    await page.getByRole('heading', { name: 'Denemeler' }).waitFor();
    await textWhen(page, '.sms-text', (text) => text.length > 10);
    expect(await page.locator('.card').first().textContent()).not.toContain(DEAD_NUMBER);
    await accessible();
    await screenshots(page, shots, 'message-detail');
  });

  it('previews a template live: a Turkish letter makes it turkish, an emoji unicode, an unknown variable is flagged', async () => {
    await open('#/templates', 'Şablonlar');
    const field = page.locator('#rules-events-order-created-customerTemplate');
    await field.waitFor();
    // The sample customer is Ayşe: {first_name} would make the text turkish before anything is typed.
    const base =
      'Merhaba, {order_number} numarali siparisinizi aldik. Tesekkur ederiz, iyi gunler dileriz. Magaza';
    await field.fill(base);
    await page.locator('[data-testid="preview-type"][data-type="normal"]').waitFor();
    expect(await page.getByTestId('preview-segments').textContent()).toBe('1');
    await field.pressSequentially(' ş');
    await page.locator('[data-testid="preview-type"][data-type="turkish"]').waitFor();
    await field.pressSequentially(' 🎉');
    await page.locator('[data-testid="preview-type"][data-type="unicode"]').waitFor();
    await textWhen(page, '[data-testid="preview-segments"]', (text) => text === '2');
    await field.pressSequentially(' {kupon}');
    await textWhen(page, '.issues mark', (text) => text === '{kupon}');
    await page.getByRole('alert').filter({ hasText: 'Bilinmeyen değişken {kupon}' }).waitFor();
    await accessible();
    // The template page is long (every rule): the window around the edited template and its preview.
    await screenshots(page, shots, 'templates', { fullPage: false });
  });

  it('saves a template, and the next order is sent with the new text', async () => {
    const field = page.locator('#rules-events-order-created-customerTemplate');
    await field.fill('Siparişiniz {order_number} alındı, teşekkürler! (A sürümü)');
    await page.getByRole('button', { name: 'Kaydet' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Kaydedildi: sürüm \d+/ })
      .waitFor();
    await postNewOrder(fixture, 2001, '0532 111 22 33');
    await settled(fixture);
    expect(sentTo(fixture, '+905321112233')).toEqual(['Siparişiniz 2001 alındı, teşekkürler! (A sürümü)']);
  });

  it('rolls a template back to an earlier version', async () => {
    const field = page.locator('#rules-events-order-created-customerTemplate');
    const saved = await page
      .getByRole('status')
      .filter({ hasText: /Kaydedildi/ })
      .textContent();
    const versionA = Number(/sürüm (\d+)/.exec(saved ?? '')?.[1]);
    await field.fill('Siparişiniz {order_number} alındı. (B sürümü)');
    await page.getByRole('button', { name: 'Kaydet' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Kaydedildi: sürüm ${versionA + 1}.` })
      .waitFor();
    const entry = page.locator(`li[data-version="${versionA}"]`);
    await entry.getByRole('button', { name: 'Farkları göster' }).click();
    await textWhen(page, `li[data-version="${versionA}"] table`, (text) => text.includes('A sürümü'));
    await entry.getByRole('button', { name: 'Bu sürüme dön' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Sürüm ${versionA} geri yüklendi.` })
      .waitFor();
    await waitFor('the restored text', async () => (await field.inputValue()).includes('A sürümü'));
    await page.locator(`li[data-version="${versionA + 2}"]`).waitFor();
    await postNewOrder(fixture, 2003, '0532 111 22 44');
    await settled(fixture);
    expect(sentTo(fixture, '+905321112244')).toEqual(['Siparişiniz 2003 alındı, teşekkürler! (A sürümü)']);
  });

  it('tells of a version conflict when someone else saved meanwhile, and loads the latest on request', async () => {
    const admin = { authorization: `Bearer ${fixture.adminToken}`, 'content-type': 'application/json' };
    const current = (await (
      await fetch(`${fixture.url}/admin/shops/demo/templates`, { headers: admin })
    ).json()) as {
      settings: unknown;
      version: number;
    };
    const saved = await fetch(`${fixture.url}/admin/shops/demo/templates`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({ settings: current.settings, baseVersion: current.version }),
    });
    expect(saved.status).toBe(200);
    const field = page.locator('#rules-events-order-created-customerTemplate');
    await field.fill('Siparişiniz {order_number} alındı. (C sürümü)');
    await page.getByRole('button', { name: 'Kaydet' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'siz düzenlerken başka biri tarafından kaydedildi' })
      .waitFor();
    await page.getByRole('button', { name: /Son sürümü yükle/ }).click();
    await textWhen(page, '.editor-form > p.muted', (text) => text === `Sürüm ${current.version + 1}`);
    await waitFor('the latest text in the editor', async () =>
      (await field.inputValue()).includes('A sürümü'),
    );
    // The preview showed the replaced draft's text; it must not go on showing it (a test SMS would carry it).
    await page.getByText('Önizlemek için bir şablon alanına tıklayın').waitFor();
    expect(await page.locator('[data-testid="preview-text"]').count()).toBe(0);
  });

  it('sends a test SMS through the outbox once, named as such in the message list', async () => {
    await page.locator('#rules-events-order-created-customerTemplate').focus();
    // The test SMS carries the previewed text: wait for the preview of the latest version.
    const previewed = await textWhen(page, '[data-testid="preview-text"]', (text) =>
      text.includes('A sürümü'),
    );
    await page.getByLabel('Deneme SMS’i gönderilecek numara').fill('0532 444 55 66');
    await page.getByRole('button', { name: 'Deneme SMS’i gönder' }).click();
    await page.getByRole('status').filter({ hasText: 'Deneme SMS’i kuyruğa alındı.' }).waitFor();
    await settled(fixture);
    await waitFor('the test SMS sent', () => sentTo(fixture, '+905324445566').length > 0);
    const texts = sentTo(fixture, '+905324445566');
    expect(texts).toEqual([previewed]);
    await open('#/messages?phone=445566', 'Mesajlar');
    await textWhen(page, 'tbody', (text) => text.includes('Deneme SMS’i'));
    expect(await page.locator('tbody tr', { hasText: 'Deneme SMS’i' }).count()).toBe(1);
  });

  it('retries a dead message after a confirmation, and the sandbox gets exactly one new send', async () => {
    expect(sentTo(fixture, DEAD_NUMBER)).toEqual([]);
    await open('#/messages?status=dead', 'Mesajlar');
    await page.locator('tbody tr a').first().click();
    await page.getByRole('button', { name: 'Yeniden gönder' }).click();
    await page.getByRole('button', { name: 'Evet, onayla' }).click();
    await page.getByRole('status').filter({ hasText: 'İşlem kaydedildi.' }).waitFor();
    await settled(fixture);
    await waitFor('the retried send', () => sentTo(fixture, DEAD_NUMBER).length > 0);
    const [message] = await fixture.service.engine.messages.list({
      shopId: 'demo',
      status: 'dead',
      limit: 10,
    });
    expect(message).toBeUndefined();
    expect(sentTo(fixture, DEAD_NUMBER)).toHaveLength(1);
    await page.reload();
    await textWhen(page, '.card .badge', (text) => text === 'Gönderildi' || text === 'İletildi');
  });

  it('adds an opt-out, and the next order to that number is skipped', async () => {
    await open('#/opt-outs', 'SMS almak istemeyen numaralar');
    await page.getByLabel('Eklenecek numaralar (her satıra bir)').fill('0533 999 88 77');
    await page.getByRole('button', { name: 'Numara ekle' }).click();
    await page.getByRole('status').filter({ hasText: '1 numara eklendi.' }).waitFor();
    await textWhen(page, 'tbody', (text) => text.includes('77'));
    await accessible();
    await screenshots(page, shots, 'opt-outs');
    const answer = await postNewOrder(fixture, 2002, '0533 999 88 77');
    await settled(fixture);
    expect(sentTo(fixture, '+905339998877')).toEqual([]);
    const [message] = await fixture.service.engine.messages.list({
      shopId: 'demo',
      orderId: '2002',
      limit: 10,
    });
    expect(answer.skips?.some((skip) => /opt/.test(skip.reason)) || message?.reason === 'opted-out').toBe(
      true,
    );
  });

  it('imports a CSV of numbers, reports its bad line, and removes one number again', async () => {
    await open('#/opt-outs', 'SMS almak istemeyen numaralar');
    // Saved as Excel's "Unicode Text" saves it: UTF-16, little-endian, with a byte order mark.
    const text = 'phone\r\n+905331112201\r\nnot a phone\r\n+905331112202\r\n';
    await page.getByLabel('CSV dosyası (her satıra bir numara ya da phone sütunu)').setInputFiles({
      name: 'numbers.csv',
      mimeType: 'text/csv',
      buffer: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    });
    await page.getByRole('button', { name: 'CSV içe aktar' }).click();
    await page.getByRole('status').filter({ hasText: '2 numara eklendi, 1 satır geçersiz.' }).waitFor();
    await page.getByText(/^Satır 3: /).waitFor();
    await page.getByLabel('Listeden çıkarılacak numaralar (her satıra bir)').fill('+905331112201');
    await page.getByRole('button', { name: 'Listeden çıkar' }).click();
    await page.getByRole('status').filter({ hasText: '1 numara listeden çıkarıldı.' }).waitFor();
    // The removed number gets the next order's SMS; the one still listed does not.
    await postNewOrder(fixture, 2005, '+905331112201');
    await postNewOrder(fixture, 2006, '+905331112202');
    await settled(fixture);
    expect(sentTo(fixture, '+905331112201')).toHaveLength(1);
    expect(sentTo(fixture, '+905331112202')).toEqual([]);
  });

  it('resolves a message whose outcome is unknown after the owner checked, and logs who did it', async () => {
    fixture.sandbox.failNext('server-error', {
      method: 'sendSms',
      match: (call) => call.to?.includes('+905321112255') ?? false,
    });
    await postNewOrder(fixture, 2007, '0532 111 22 55');
    await settled(fixture);
    const [unknown] = await fixture.service.engine.messages.list({
      shopId: 'demo',
      orderId: '2007',
      status: 'unknown',
      limit: 10,
    });
    expect(unknown).toBeDefined();
    await open(`#/messages/${unknown!.id}`, `Mesaj ${unknown!.id}`);
    await page.getByText('Sağlayıcının panelinden kontrol ettikten sonra sonucu işaretleyin.').waitFor();
    await page.getByRole('button', { name: 'Gönderilmedi olarak işaretle' }).click();
    await page.getByRole('button', { name: 'Evet, onayla' }).click();
    await page.getByRole('status').filter({ hasText: 'İşlem kaydedildi.' }).waitFor();
    const ofOrder = await fixture.service.engine.messages.list({
      shopId: 'demo',
      orderId: '2007',
      limit: 10,
    });
    expect(ofOrder.find((message) => message.id === unknown!.id)).toMatchObject({ status: 'failed' });
    await textWhen(page, '[aria-labelledby="audit-title"]', (text) => text.includes('admin'));
    // Nothing was sent again: the owner said it was not sent, and did not ask for a resend.
    expect(sentTo(fixture, '+905321112255')).toEqual([]);
  });

  it('shows the exact webhook URLs on the setup page', async () => {
    await open('#/setup', 'Kurulum');
    const inputs = page.locator('input[data-topic]');
    await inputs.first().waitFor();
    const urls = await inputs.evaluateAll((elements) =>
      elements.map((element) => (element as HTMLInputElement).value),
    );
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url).toBe(`${fixture.url}/webhooks/woocommerce/demo`);
    await accessible();
    await screenshots(page, shots, 'setup');
  });

  it('shows the calls log page (empty for a shop without voice)', async () => {
    await open('#/calls', 'Aramalar');
    await page.getByText('Kayıtlı arama yok.').waitFor();
    await accessible();
    await screenshots(page, shots, 'calls');
  });

  it('calls a customer from a chosen extension after a confirmation, and shows why a shop cannot', async () => {
    await open('#/calls', 'Aramalar');
    await page.getByLabel('Aranacak numara').fill('0532 111 22 33');
    await page.getByLabel('Dahili numarası').fill('101');
    const before = changes.length;
    await page.getByRole('button', { name: 'Ara', exact: true }).click();
    await page.getByText('Emin misiniz? 101 dahilisi 0532 111 22 33 numarasına bağlanacak.').waitFor();
    // Nothing is sent before the confirmation.
    expect(changes.length).toBe(before);
    const sent = page.waitForRequest((request) => request.url().endsWith('/admin/calls/click-to-call'));
    await page.getByRole('button', { name: 'Evet, onayla' }).click();
    const request = await sent;
    expect(request.postDataJSON()).toEqual({ shop: 'demo', to: '0532 111 22 33', destination: '101' });
    expect(await request.headerValue('x-csrf-token')).toBeTruthy();
    // The demo shop has no voice provider: the server's reason is shown, and no call is placed.
    await page.getByRole('alert').filter({ hasText: 'no voice provider' }).waitFor();
    expect(await page.getByRole('button', { name: 'Ara', exact: true }).isVisible()).toBe(true);
  });

  it('refuses a state change without the CSRF token, and every change the console made carried it', async () => {
    // The changes the console made so far (saves, restores, retry, opt-out), before this test's own requests.
    const made = changes.filter((request) => !request.url().endsWith('/admin/session'));
    expect(made.length).toBeGreaterThan(3);
    const without = (await page.evaluate(`fetch('/admin/opt-outs', {
      method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phones: ['05339998800'] }),
    }).then(async (response) => ({ status: response.status, body: await response.json() }))`)) as {
      status: number;
      body: { error: { code: string } };
    };
    expect(without).toMatchObject({ status: 403, body: { error: { code: 'csrf' } } });
    const wrong = (await page.evaluate(`fetch('/admin/opt-outs', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': 'not-the-token' },
      body: JSON.stringify({ phones: ['05339998800'] }),
    }).then((response) => response.status)`)) as number;
    expect(wrong).toBe(403);
    for (const request of made) expect(await request.headerValue('x-csrf-token')).toBeTruthy();
  });

  it('is keyboard navigable with a visible focus, and remembers English', async () => {
    await open('#/overview', 'Genel bakış');
    await page.locator('body').focus();
    const reached = await waitFor('the messages link by Tab', async () => {
      await page.keyboard.press('Tab');
      return (await page.evaluate('document.activeElement?.textContent?.trim()')) === 'Mesajlar' || undefined;
    });
    expect(reached).toBe(true);
    expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Mesajlar' }).waitFor();

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('link', { name: 'Messages' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Messages' }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    await page.getByRole('button', { name: 'Türkçeye geç' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mesajlar' }).waitFor();
  });

  it('signs out: the session ends on the server and the cookie goes', async () => {
    await page.getByRole('button', { name: 'Çıkış' }).click();
    await page.getByRole('heading', { level: 1, name: 'Yönetim paneline giriş' }).waitFor();
    const status = await page.evaluate(`fetch('/admin/session').then((response) => response.status)`);
    expect(status).toBe(401);
    const cookies = await browser.context.cookies(`${fixture.url}/admin/`);
    expect(cookies.filter((cookie) => cookie.path === '/admin')).toEqual([]);
    expect(cspErrors).toEqual([]);
    // Every page was photographed at both widths.
    expect((await readdir(shots)).filter((name) => name.endsWith('.png'))).toHaveLength(16);
  });
});
