// Click-to-call from the admin console of a voice shop in Debian's Chromium: the service's real route, a fake
// Bulutfon on a local port, and what the shop owner reads when the provider refuses the shop's own number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_SUITES_RUN, launchBrowser, type TestBrowser } from './console/browser';
import { type ConsoleFixture, startConsoleFixture } from './console/console-fixture';

describe.skipIf(!BROWSER_SUITES_RUN)('click-to-call in the console', { timeout: 120_000 }, () => {
  let fixture: ConsoleFixture;
  let browser: TestBrowser;

  beforeAll(async () => {
    browser = await launchBrowser();
    fixture = await startConsoleFixture({ voice: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await fixture?.stop();
  });

  it("shows the service's message when Bulutfon refuses the shop's caller number, without the customer's number", async () => {
    const { page } = browser;
    const fake = fixture.pbx.demo;
    if (!fake) throw new Error('the demo shop has no PBX');
    await page.goto(`${fixture.url}/admin/`);
    await page.getByLabel('Yönetici anahtarı (ADMIN_TOKEN)').fill(fixture.adminToken);
    await page.getByRole('button', { name: 'Giriş yap' }).click();
    await page.getByRole('heading', { level: 1, name: 'Genel bakış' }).waitFor();
    await page.goto(`${fixture.url}/admin/#/calls`);
    await page.getByRole('heading', { level: 1, name: 'Aramalar' }).waitFor();
    fake.failNext(
      { status: 422, body: { error: 'Caller is not a number of this account' } },
      { match: (request) => request.path === '/call_and_bridge' },
    );
    await page.getByLabel('Aranacak numara').fill('0532 111 22 33');
    await page.getByLabel('Dahili numarası').fill('101');
    await page.getByRole('button', { name: 'Ara', exact: true }).click();
    await page.getByRole('button', { name: 'Evet, onayla' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'bulutfon' });
    await alert.waitFor();
    const shown = await alert.textContent();
    expect(shown).toContain('The bulutfon account refused the caller number or sender set for this shop');
    expect(shown).toContain("check the shop's PBX number (voice.pbxNumber)");
    expect(shown).not.toMatch(/111 22 33|1112233/);
    expect(fake.state.bridgedCalls).toEqual([]);
  });
});
