// Click-to-call from the admin console of a voice shop in Debian's Chromium: the service's real route, a fake
// Bulutfon on a local port, and what the shop owner reads when the provider refuses the shop's own number.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { provider as bulutfon } from '@x/bulutfon';
import {
  type BulutfonFakeListener,
  type BulutfonFakeServer,
  createBulutfonFakeServer,
  listenBulutfonFakeServer,
} from '@x/bulutfon/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoService, startDemoService } from '../src/demo-steps';
import { BROWSER_SUITES_RUN, launchBrowser, type TestBrowser } from './console/browser';

describe.skipIf(!BROWSER_SUITES_RUN)('click-to-call in the console', { timeout: 120_000 }, () => {
  let folder: string;
  let fake: BulutfonFakeServer;
  let pbx: BulutfonFakeListener;
  let demo: DemoService;
  let browser: TestBrowser;

  beforeAll(async () => {
    browser = await launchBrowser();
    folder = await mkdtemp(path.join(tmpdir(), 'console-voice-'));
    fake = createBulutfonFakeServer({ calls: { autoDial: false } });
    pbx = await listenBulutfonFakeServer(fake);
    demo = await startDemoService({
      folder,
      builtInProviders: [bulutfon],
      env: {
        BULUTFON_TOKEN: fake.token,
        VOICE_WEBHOOK_USER_DEMO: 'santral',
        VOICE_WEBHOOK_PASSWORD_DEMO: 'console-voice-hook-password',
      },
      shop: {
        voice: {
          provider: { id: 'bulutfon', options: { baseUrl: pbx.url } },
          pbxNumber: '0212 222 22 22',
          cod: { enabled: false },
        },
      },
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.service.stop();
    await pbx?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it("shows the service's message when Bulutfon refuses the shop's caller number, without the customer's number", async () => {
    const { page } = browser;
    await page.goto(`${demo.url}/admin/`);
    await page.getByLabel('Yönetici anahtarı (ADMIN_TOKEN)').fill(demo.adminToken);
    await page.getByRole('button', { name: 'Giriş yap' }).click();
    await page.getByRole('heading', { level: 1, name: 'Genel bakış' }).waitFor();
    await page.goto(`${demo.url}/admin/#/calls`);
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
