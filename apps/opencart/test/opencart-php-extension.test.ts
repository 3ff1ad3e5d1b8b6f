import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Service } from '@x/app-service-kit';
import type { SandboxProvider } from '@x/messaging-core/sandbox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleOpenCartHistoryEvent } from '../src/opencart-samples';
import { phpWithCurl, addHistory as runAddHistory } from './extension-fixture';
import { saveSettings } from './php-cli';
import { startOpenCartService } from './service-fixture';

/*
 * The OpenCart extension's catalog controller (PHP) run against the real service: what it signs and sends is
 * what the service accepts. Runs where a PHP CLI with the curl extension is installed (`apt-get install php-cli
 * php-curl`); elsewhere the suite is skipped and says so.
 */

const secret = 'opencart-php-secret';

let folder: string;
let service: Service | undefined;
let sandbox: SandboxProvider;

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'opencart-php-'));
});
afterEach(async () => {
  await service?.stop();
  service = undefined;
  await rm(folder, { recursive: true, force: true });
});

async function startService(key = secret, shop?: Record<string, unknown>): Promise<string> {
  const started = await startOpenCartService({ folder, secret: key, ...(shop ? { shop } : {}) });
  service = started.service;
  sandbox = started.sandbox;
  return started.webhookUrl;
}

/** Runs the extension's addHistory for one status change of the order. */
const addHistory = (options: Parameters<typeof runAddHistory>[1]) => runAddHistory(folder, options);

describe.skipIf(!phpWithCurl())('OpenCart extension (PHP) against the service', () => {
  it('signs an order event that the service accepts and turns into one SMS', async () => {
    const url = await startService();
    const placed = await addHistory({ url, secret, newStatusId: 2 });
    expect(placed.log).toEqual([]);
    expect(placed.retry).toEqual([]);
    // The status name is looked up in the store's language.
    expect(placed.queries.some((query) => query.includes("`language_id` = '1'"))).toBe(true);
    expect(await service!.engine.dispatchOnce()).toBe(1);
    expect(sandbox.sent).toHaveLength(1);
    expect(sandbox.sent[0]?.to).toBe('+905327654321');
    expect(sandbox.sent[0]?.text).toContain('7001');
  });

  it('keeps an event the service refused (wrong secret) in the retry table, and sends it once the secret is right', async () => {
    const url = await startService();
    const refused = await addHistory({ url, secret: 'not-the-secret', newStatusId: 2 });
    expect(refused.retry).toHaveLength(1);
    // The shop's error log says why, without the secret.
    expect(refused.log).toEqual([
      'x-messaging: an order event was not delivered and is kept for a retry (HTTP 401 invalid_signature)',
    ]);
    expect(refused.retry[0]?.attempts).toBe(1);
    expect(JSON.parse(refused.retry[0]!.body)).toMatchObject({ order_id: 7001, new_status_id: 2 });
    // The change's time, with milliseconds and the offset, kept in the stored body for the service to order the
    // re-send by.
    const { occurred_at: occurredAt } = JSON.parse(refused.retry[0]!.body);
    expect(occurredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
    expect(Math.abs(Date.parse(occurredAt) - Date.now())).toBeLessThan(60_000);
    expect(await service!.engine.dispatchOnce()).toBe(0);

    // The next order event (with the secret fixed) goes first, then the stored one is re-sent and leaves the
    // retry table. The stored change is older than the one just delivered: the order has moved on, so it sends
    // nothing (the engine's rule for stale updates), and the customer gets the newer status's SMS only.
    const next = await addHistory({ url, secret, newStatusId: 5, oldStatusId: 2, retry: refused.retry });
    expect(next.retry).toEqual([]);
    expect(next.queries.some((query) => query.startsWith('DELETE FROM `oc_x_messaging_retry`'))).toBe(true);
    expect(await service!.engine.dispatchOnce()).toBe(1);
    expect(sandbox.sent.map((message) => message.to)).toEqual(['+905327654321']);
    expect(sandbox.sent[0]?.text).toMatch(/siparişiniz tamamlandı/);
  });

  it('sends five stored events after the next one, within the one timeout, when the service answers at once', async () => {
    const url = await startService();
    const retry = [7101, 7102, 7103, 7104, 7105].map((orderId, index) => ({
      retry_id: index + 1,
      body: JSON.stringify(sampleOpenCartHistoryEvent({ orderId, oldStatusId: 0, newStatusId: 2 })),
      attempts: 3,
    }));
    const next = await addHistory({ url, secret, newStatusId: 2, timeout: 1, retry });
    expect(next.log).toEqual([]);
    expect(next.retry).toEqual([]);
    expect(await service!.engine.dispatchOnce()).toBe(6);
  });

  it('signs with a secret typed with & < > " in the settings form (OpenCart 3 and 4): the service takes the event', async () => {
    const typed = 'Kupa&Shop<2026>"x"';
    const url = await startService(typed);
    for (const opencart of [3, 4] as const) {
      const saved = await saveSettings(
        folder,
        {
          module_x_messaging_status: 1,
          module_x_messaging_url: url,
          module_x_messaging_secret: typed,
          module_x_messaging_timeout: 2,
        },
        opencart,
      );
      expect(saved.answer).toEqual({ success: 'text_success' });
      const placed = await addHistory({
        url,
        secret: String(saved.settings.module_x_messaging_secret),
        newStatusId: 2,
      });
      expect(placed.retry).toEqual([]);
    }
    // One SMS: the second delivery of the same order and status is a duplicate.
    expect(await service!.engine.dispatchOnce()).toBe(1);
  });

  it('delivers an order whose name is cut in the middle of a UTF-8 character, with U+FFFD in its place', async () => {
    const url = await startService();
    // "Eliş" cut after the first byte of ş (C5 9F): json_encode refuses such text unless told to substitute.
    const placed = await addHistory({
      url,
      secret,
      newStatusId: 2,
      orderBytes: { firstname: Buffer.from([0x45, 0x6c, 0x69, 0xc5]) },
    });
    expect(placed.log).toEqual([]);
    expect(placed.retry).toEqual([]);
    expect(await service!.engine.dispatchOnce()).toBe(1);
    expect(sandbox.sent[0]?.text).toContain('Sayın Eli\uFFFD,');
  });

  it('sends names, products and comments as OpenCart stores them (escaped), and they reach the SMS decoded once', async () => {
    const url = await startService(secret, {
      rules: { events: { 'order.created': { customerTemplate: 'Sayın {full_name}: {items}' } } },
    });
    const placed = await addHistory({
      url,
      secret,
      newStatusId: 2,
      order: { firstname: 'Ali &amp; Ayşe', lastname: 'Şahin' },
      products: [{ name: 'Kupa &amp; Tabak &quot;Lüks&quot;', model: 'K&amp;T', quantity: 2, total: '10' }],
      comment: 'Kargo: &quot;Aras&quot; &amp; takip no &lt;123&gt;, kod &amp;amp;',
    });
    expect(placed.retry).toEqual([]);
    expect(await service!.engine.dispatchOnce()).toBe(2);
    const texts = sandbox.sent.map((message) => message.text).sort();
    expect(texts).toEqual([
      'Kupa Dünyası: 7001 numaralı siparişinize not eklendi: Kargo: "Aras" & takip no <123>, kod &amp;',
      'Sayın Ali & Ayşe Şahin: Kupa & Tabak "Lüks" x2',
    ]);
  });

  it('never throws into checkout when the service is down: the event waits in the retry table', async () => {
    // A port nothing listens on: the service was started and stopped.
    const url = await startService();
    await service!.stop();
    service = undefined;
    const result = await addHistory({ url, secret, newStatusId: 2 });
    expect(result.log).toEqual([]);
    expect(result.retry).toHaveLength(1);
  });
});
