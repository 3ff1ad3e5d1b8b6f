import { describe, expect, it } from 'vitest';
import { parseNotificationConfig, type ShopConfig } from '../src/notification-config';
import { applySettings, overriddenPaths, settingsOf } from '../src/template-settings';

describe('overriddenPaths', () => {
  it('names a changed rule whole, the dots of an event name included', () => {
    const shop = parseNotificationConfig({ shops: { demo: { name: 'Demo', provider: 'sandbox' } } }).shops
      .demo!;
    const baseline = settingsOf(shop);
    const settings = structuredClone(baseline);
    settings.rules.events['order.created'] = { enabled: true, customerTemplate: 'Yeni: {order_number}' };
    settings.rules.status.completed = { enabled: false };
    settings.adminPhones = ['+905551112233'];
    expect(overriddenPaths(baseline, settings)).toEqual([
      'adminPhones',
      'rules.events.order.created',
      'rules.status.completed',
    ]);
    expect(overriddenPaths(baseline, baseline)).toEqual([]);
  });
});

describe('applySettings', () => {
  // A shop that sets every field of the file beside its templates.
  const shop = parseNotificationConfig({
    shops: {
      demo: {
        name: 'Demo',
        provider: 'organik',
        sender: 'DEMO',
        timeZone: 'Europe/Berlin',
        defaultCountry: 'DE',
        pricePerSegment: 0.25,
        statusLabels: { 'wc-paketlendi': 'Paketlendi' },
        adminPhones: ['+49 1512 3456789'],
        voice: {
          provider: 'bulutfon',
          pbxNumber: '+49 30 1234567',
          cod: { audio: { announcementId: '22' }, attempts: 2, confirmStatus: 'processing' },
          missedCall: { noOrderTemplate: 'Bizi aradınız, sizi arayacağız. {shop_name}' },
        },
      },
    },
  }).shops.demo!;

  /** The shop without the parts its template settings replace. */
  function outsideTemplates(config: ShopConfig) {
    const {
      transliterate: _transliterate,
      adminPhones: _adminPhones,
      newOrderStatuses: _newOrderStatuses,
      statusChangeWithTracking: _statusChangeWithTracking,
      rules: _rules,
      ...rest
    } = config;
    return rest;
  }

  it('gives back the shop as the file gives it for its own settings', () => {
    expect(applySettings('demo', shop, settingsOf(shop))).toEqual(shop);
  });

  it('changes the template settings only: voice, provider, sender, country and the rest stay the file’s', () => {
    const settings = settingsOf(shop);
    settings.transliterate = 'letters';
    settings.adminPhones = ['+49 1512 7654321'];
    settings.rules.status.completed = { enabled: true, customerTemplate: 'Tamam {order_number}' };
    const applied = applySettings('demo', shop, settings);
    expect(outsideTemplates(applied)).toEqual(outsideTemplates(shop));
    expect(applied.voice).toEqual(shop.voice);
    expect(applied).toMatchObject({
      transliterate: 'letters',
      adminPhones: ['+49 1512 7654321'],
      rules: { status: { completed: { customerTemplate: 'Tamam {order_number}' } } },
    });
  });
});
