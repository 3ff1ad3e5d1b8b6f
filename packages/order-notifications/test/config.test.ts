import { ValidationError } from '@x/messaging-core';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  createNotificationEngine,
  createSqliteStore,
  DEFAULT_STATUS_LABELS,
  defaultShopConfig,
  notificationConfigSchema,
  parseNotificationConfig,
} from '../src/index';
import { createRecordingProvider } from './recording-provider';

describe('parseNotificationConfig', () => {
  it('fills a minimal shop with the Turkish defaults', () => {
    const shop = parseNotificationConfig({ shops: { demo: { name: 'Demo', provider: 'sms' } } }).shops.demo!;
    expect(shop).toMatchObject({
      transliterate: 'none',
      timeZone: 'Europe/Istanbul',
      defaultCountry: 'TR',
      adminPhones: [],
      newOrderStatuses: ['processing', 'on-hold'],
    });
    expect(shop.statusLabels).toEqual(DEFAULT_STATUS_LABELS);
    expect(Object.keys(shop.rules.status).sort()).toEqual([
      'cancelled',
      'completed',
      'failed',
      'on-hold',
      'pending',
      'processing',
      'refunded',
    ]);
    expect(shop.rules.status.pending!.enabled).toBe(false);
    expect(shop.rules.status.failed!.enabled).toBe(false);
    expect(shop.rules.status.completed).toMatchObject({
      enabled: true,
      customerTemplate: expect.stringContaining('tamamlandı'),
    });
    expect(shop.rules.events['order.created'].adminTemplate).toContain('Yeni sipariş');
  });

  it('merges configured rules over the defaults and allows custom statuses', () => {
    const shop = parseNotificationConfig({
      shops: {
        demo: {
          name: 'Demo',
          provider: 'sms',
          adminPhones: ['05550000000'],
          statusLabels: { 'wc-shipped': 'Kargoda' },
          rules: {
            status: {
              completed: { enabled: false },
              'wc-shipped': {
                customerTemplate: '{order_number} {status_label}',
                adminPhones: ['05551111111'],
                adminTemplate: 'x',
              },
            },
          },
        },
      },
    }).shops.demo!;
    expect(shop.rules.status.completed).toMatchObject({
      enabled: false,
      customerTemplate: expect.any(String),
    });
    expect(shop.rules.status['wc-shipped']).toEqual({
      enabled: true,
      customerTemplate: '{order_number} {status_label}',
      adminTemplate: 'x',
      adminPhones: ['05551111111'],
    });
    expect(shop.rules.status.cancelled!.adminPhones).toEqual(['05550000000']);
    expect(shop.statusLabels['wc-shipped']).toBe('Kargoda');
    expect(shop.statusLabels.completed).toBe('Tamamlandı');
  });

  it('drops the default rules when asked', () => {
    const shop = parseNotificationConfig({
      shops: { demo: { name: 'Demo', provider: 'sms', useDefaultRules: false } },
    }).shops.demo!;
    expect(shop.rules.status).toEqual({});
    expect(shop.rules.events['order.created']).toEqual({ enabled: false, adminPhones: [] });
  });

  it('refuses an unknown template variable, naming where it is', () => {
    const parse = () =>
      parseNotificationConfig({
        shops: {
          demo: {
            name: 'Demo',
            provider: 'sms',
            rules: { status: { completed: { customerTemplate: 'Hi {foo} {bar}' } } },
          },
        },
      });
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(
      'shops.demo.rules.status.completed.customerTemplate: unknown variable {foo}; shops.demo.rules.status.completed.customerTemplate: unknown variable {bar}',
    );
    try {
      parse();
    } catch (error) {
      expect(ConfigError.isInstance(error)).toBe(true);
      expect(ValidationError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ target: 'config', kind: 'validation' });
      expect((error as ConfigError).issues[0]!.path).toEqual([
        'shops',
        'demo',
        'rules',
        'status',
        'completed',
        'customerTemplate',
      ]);
    }
  });

  it('refuses an unusable admin phone without echoing it', () => {
    const parse = () =>
      parseNotificationConfig({
        shops: {
          demo: {
            name: 'D',
            provider: 'sms',
            adminPhones: ['+905551234567', '0212 444 12 12'],
            rules: { status: { completed: { adminPhones: ['12'] } } },
          },
        },
      });
    expect(parse).toThrow(
      'shops.demo.adminPhones[1]: not a usable mobile number (not-mobile); shops.demo.rules.status.completed.adminPhones[0]: not a usable mobile number (too-short)',
    );
    expect(parse).not.toThrow(/444/);
  });

  it('checks event rule templates too', () => {
    expect(() =>
      parseNotificationConfig({
        shops: {
          demo: {
            name: 'D',
            provider: 'sms',
            rules: { events: { 'order.created': { adminTemplate: '{totl}' } } },
          },
        },
      }),
    ).toThrow('shops.demo.rules.events.order.created.adminTemplate: unknown variable {totl}');
  });

  it.each([
    [{ shops: { demo: { provider: 'sms' } } }, 'shops.demo.name'],
    [
      { shops: { demo: { name: 'D', provider: 'sms', timeZone: 'Mars/Base' } } },
      'shops.demo.timeZone: unknown time zone',
    ],
    [{ shops: { demo: { name: 'D', provider: 'sms', transliterate: 'yes' } } }, 'shops.demo.transliterate'],
    [{ shops: { demo: { name: 'D', provider: 'sms', defaultCountry: 'tr' } } }, 'shops.demo.defaultCountry'],
    [{ shops: { demo: { name: 'D', provider: 'sms', extra: 1 } } }, 'extra'],
    [{ shops: { demo: { name: 'D', provider: 'sms', pricePerSegment: -1 } } }, 'shops.demo.pricePerSegment'],
    [{}, 'shops'],
  ])('refuses %j naming %s', (input, location) => {
    expect(() => parseNotificationConfig(input)).toThrow(location);
  });

  it('exposes the schema for composition', () => {
    const result = notificationConfigSchema.safeParse({ shops: { a: { name: 'A', provider: 'p' } } });
    expect(result.success && result.data.shops.a!.provider).toBe('p');
  });
});

describe('defaultShopConfig', () => {
  it('gives the Turkish defaults with overrides applied', () => {
    const shop = defaultShopConfig({ name: 'Kahve Dükkanı', provider: 'organik', transliterate: 'letters' });
    expect(shop).toMatchObject({ name: 'Kahve Dükkanı', provider: 'organik', transliterate: 'letters' });
    expect(shop.rules.status.refunded!.customerTemplate).toContain('iadesi');
    expect(defaultShopConfig().provider).toBe('default');
  });

  it('refuses an invalid override', () => {
    expect(() => defaultShopConfig({ newOrderStatuses: [''] })).toThrow(ConfigError);
  });
});

describe('createNotificationEngine', () => {
  it('refuses a configuration naming a provider it was not given', async () => {
    const store = await createSqliteStore({ filename: ':memory:' });
    const config = parseNotificationConfig({ shops: { demo: { name: 'Demo', provider: 'organik' } } });
    expect(() =>
      createNotificationEngine({ store, config, providers: { sms: createRecordingProvider() } }),
    ).toThrow('shops.demo.provider: no provider "organik" was given to the engine');
    await store.close();
  });
});
