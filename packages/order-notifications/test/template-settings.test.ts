import { describe, expect, it } from 'vitest';
import { parseNotificationConfig } from '../src/notification-config';
import { overriddenPaths, settingsOf } from '../src/template-settings';

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
