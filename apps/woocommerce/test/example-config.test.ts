import { readFile } from 'node:fs/promises';
import { buildProviders, notificationShops, parseServiceConfig } from '@x/app-service-kit';
import { provider as bulutfon } from '@x/bulutfon';
import { provider as sandbox } from '@x/messaging-core/sandbox';
import { parseNotificationConfig } from '@x/order-notifications';
import { provider as organik } from '@x/organik';
import { describe, expect, it } from 'vitest';

describe('the example configuration of the README', () => {
  it('is valid for the service and the engine', async () => {
    const json: unknown = JSON.parse(
      await readFile(new URL('../notifications.config.example.json', import.meta.url), 'utf8'),
    );
    const config = parseServiceConfig(json, {}, { WEBHOOK_SECRET_MAGAZA: 'example-secret' });
    expect(config.file.shops.magaza?.trackingMetaKeys).toEqual([
      '_wc_shipment_tracking_items',
      'kargo_takip_no',
    ]);
    const notifications = parseNotificationConfig({ shops: notificationShops(config.file) });
    expect(notifications.shops.magaza).toMatchObject({
      name: 'Örnek Mağaza',
      provider: 'sandbox',
      sender: 'ORNEKMAGAZA',
    });
    expect(notifications.shops.magaza?.rules.status.completed?.customerTemplate).toContain('teslim edildi');
    // The provider goes through the registry with the built-ins of main.ts, its options checked.
    const built = await buildProviders(config, { builtIns: [sandbox, organik, bulutfon] });
    expect(built.shopProviders).toEqual({ magaza: 'sandbox' });
    expect(await built.providers.sandbox?.listSenders?.()).toMatchObject([{ name: 'ORNEKMAGAZA' }]);
  });

  it('reports an unknown template variable with its location', () => {
    const config = parseServiceConfig(
      { shops: { magaza: { rules: { status: { completed: { customerTemplate: 'Merhaba {foo}' } } } } } },
      {},
      { WEBHOOK_SECRET_MAGAZA: 'example-secret' },
    );
    expect(() => parseNotificationConfig({ shops: notificationShops(config.file) })).toThrow(
      /shops\.magaza\.rules\.status\.completed\.customerTemplate: unknown variable \{foo\}/,
    );
  });
});
