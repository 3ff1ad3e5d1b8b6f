import { readFile } from 'node:fs/promises';
import { notificationShops, parseServiceConfig } from '@x/app-service-kit';
import { parseNotificationConfig } from '@x/order-notifications';
import { describe, expect, it } from 'vitest';

describe('the example configuration of the README', () => {
  it('is valid for the service and the engine, with the OpenCart status map kept for the route', async () => {
    const json: unknown = JSON.parse(
      await readFile(new URL('../notifications.config.example.json', import.meta.url), 'utf8'),
    );
    const config = parseServiceConfig(json, {}, { WEBHOOK_SECRET_KUPA: 'example-secret' });
    expect(config.file.shops.kupa?.opencartStatuses).toEqual({ '17': 'kargoda' });
    const notifications = parseNotificationConfig({ shops: notificationShops(config.file) });
    expect(notifications.shops.kupa?.statusLabels.kargoda).toBe('kargoya verildi');
  });
});
