import { gunzipSync } from 'node:zlib';
import { consoleAssets } from '@x/app-console';
import { afterEach, describe, expect, it } from 'vitest';
import { CONSOLE_CSP, registerConsoleRoutes } from '../src/console-routes';
import { createHttpServer } from '../src/http-server';
import { createLogger } from '../src/logger';

const apps: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

function server() {
  const app = createHttpServer({ logger: createLogger({ level: 'silent' }) });
  registerConsoleRoutes(app);
  apps.push(app);
  return app;
}

function assetNames(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="assets\/([^"]+)"/g)].map((match) => match[1] ?? '');
}

const SECURITY = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

describe('the admin console pages', () => {
  it('serves the HTML shell at /admin/ with the strict CSP and no inline script or style', async () => {
    const response = await server().inject({ method: 'GET', url: '/admin/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers).toMatchObject({ ...SECURITY, 'cache-control': 'no-cache' });
    expect(CONSOLE_CSP).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
    const html = response.body;
    expect(html).toContain('<html lang="tr">');
    // Every script and stylesheet is a file of the service: none inline, none from elsewhere.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(html).not.toMatch(/<style|style=/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(assetNames(html).some((name) => name.endsWith('.js'))).toBe(true);
    expect(assetNames(html).some((name) => name.endsWith('.css'))).toBe(true);
  });

  it('serves each content-hashed asset for a year, gzip when asked, and 304 on a matching ETag', async () => {
    const app = server();
    const html = (await app.inject({ method: 'GET', url: '/admin/' })).body;
    for (const name of assetNames(html)) {
      expect(name).toMatch(/^main-[A-Z0-9]{8}\.(js|css)$/);
      const plain = await app.inject({ method: 'GET', url: `/admin/assets/${name}` });
      expect(plain.statusCode).toBe(200);
      expect(plain.headers).toMatchObject({
        ...SECURITY,
        'cache-control': 'public, max-age=31536000, immutable',
      });
      expect(plain.headers['content-type']).toMatch(
        name.endsWith('.js') ? /^text\/javascript/ : /^text\/css/,
      );
      expect(plain.body).toBe(consoleAssets.files[name]?.body);
      const zipped = await app.inject({
        method: 'GET',
        url: `/admin/assets/${name}`,
        headers: { 'accept-encoding': 'gzip, br' },
      });
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body);
      const again = await app.inject({
        method: 'GET',
        url: `/admin/assets/${name}`,
        headers: { 'if-none-match': String(plain.headers.etag) },
      });
      expect(again.statusCode).toBe(304);
    }
  });

  it('needs no session for the pages, redirects /admin to /admin/ and answers 404 for an unknown asset', async () => {
    const app = server();
    const redirect = await app.inject({ method: 'GET', url: '/admin' });
    expect(redirect.statusCode).toBe(308);
    expect(redirect.headers.location).toBe('admin/');
    const missing = await app.inject({ method: 'GET', url: '/admin/assets/main-00000000.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'not_found', message: 'No such asset' } });
    const proto = await app.inject({ method: 'GET', url: '/admin/assets/__proto__' });
    expect(proto.statusCode).toBe(404);
  });

  it('keeps the shipped JavaScript and CSS under 150 KB min+gzip', () => {
    expect(consoleAssets.gzipBytes).toBeGreaterThan(0);
    expect(consoleAssets.gzipBytes).toBeLessThan(150 * 1024);
  });
});
