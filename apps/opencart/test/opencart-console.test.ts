import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CONSOLE_CSP, type Service } from '@x/app-service-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { startOpenCartService } from './service-fixture';

let folder: string | undefined;
let service: Service | undefined;
afterEach(async () => {
  await service?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('the admin console of the OpenCart service', () => {
  it('is served at /admin/ with its assets and the strict CSP, like the WooCommerce one', async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'opencart-console-'));
    const started = await startOpenCartService({ folder, secret: 'opencart-console-secret' });
    service = started.service;
    const base = started.webhookUrl.replace(/\/webhooks\/.*$/, '');
    const page = await fetch(`${base}/admin/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    const html = await page.text();
    const script = /src="(assets\/main-[A-Z0-9]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${base}/admin/${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await asset.text()).length).toBeGreaterThan(1000);
  });
});
