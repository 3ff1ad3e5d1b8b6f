import { describe, expect, it } from 'vitest';
import {
  findUnknownVariables,
  formatDate,
  formatItems,
  renderTemplate,
  TEMPLATE_VARIABLES,
  templateInputOf,
  templateValues,
} from '../src/index';
import { measure } from '../src/message-text';
import { event, order } from './fixtures';

const shop = {
  name: 'Demo Mağaza',
  statusLabels: { processing: 'Hazırlanıyor', completed: 'Tamamlandı' },
  timeZone: 'Europe/Istanbul',
};

describe('templateValues', () => {
  it('gives a confirmation call’s result and pressed key', () => {
    const values = templateValues(
      {
        order: order(),
        call: { result: 'onaylandı', pressedKey: '1' },
        date: new Date('2026-11-23T11:05:00Z'),
      },
      shop,
    );
    expect([values.call_result, values.pressed_key]).toEqual(['onaylandı', '1']);
  });

  it('gives every variable of a status change with a shipment and a note', () => {
    const values = templateValues(
      {
        order: order({ trackingNumber: 'ORDER-TN' }),
        customer: { firstName: ' Ayşe ', lastName: 'Yılmaz' },
        status: { from: 'processing', to: 'completed' },
        note: 'Teşekkürler',
        shipment: {
          trackingNumber: 'YK123',
          trackingCompany: 'Yurtiçi',
          trackingUrl: 'https://t.example/YK123',
        },
        date: new Date('2026-11-23T11:05:00Z'),
      },
      shop,
    );
    expect(values).toEqual({
      order_id: '1001',
      order_number: 'A-1001',
      first_name: 'Ayşe',
      last_name: 'Yılmaz',
      full_name: 'Ayşe Yılmaz',
      total: '149.90',
      currency: 'TRY',
      status: 'completed',
      status_label: 'Tamamlandı',
      previous_status: 'processing',
      previous_status_label: 'Hazırlanıyor',
      items: 'Kahve x2, Fincan',
      item_count: '3',
      payment_method: 'Kredi kartı',
      shipping_method: 'Yurtiçi Kargo',
      tracking_number: 'YK123',
      tracking_company: 'Yurtiçi',
      tracking_url: 'https://t.example/YK123',
      note: 'Teşekkürler',
      shop_name: 'Demo Mağaza',
      date: '23.11.2026 14:05',
      call_result: '',
      pressed_key: '',
    });
    expect(Object.keys(values).sort()).toEqual([...TEMPLATE_VARIABLES].sort());
  });

  it('falls back to the order for tracking and status, to empty strings for missing facts', () => {
    const values = templateValues(
      { order: { id: '7', status: 'wc-shipped', trackingNumber: 'TN7' }, date: new Date(0) },
      { ...shop, statusLabels: { shipped: 'Kargoda' } },
    );
    expect(values).toMatchObject({
      order_number: '7',
      status: 'wc-shipped',
      status_label: 'Kargoda',
      tracking_number: 'TN7',
      first_name: '',
      full_name: '',
      items: '',
      item_count: '0',
      note: '',
      previous_status: '',
    });
  });

  it('reads an event: the created status, the note text, the shipment', () => {
    expect(templateInputOf(event()).status).toEqual({ to: 'processing' });
    const noted = templateInputOf(
      event({ type: 'order.note_added', note: { id: 'n', text: 'Not', customerVisible: true } }),
    );
    expect(noted.note).toBe('Not');
  });
});

describe('renderTemplate', () => {
  it('fills every known variable and leaves other braces alone', () => {
    const values = Object.fromEntries(TEMPLATE_VARIABLES.map((name) => [name, `<${name}>`]));
    const template = TEMPLATE_VARIABLES.map((name) => `{${name}}`).join(' ');
    expect(renderTemplate(template, values)).toBe(TEMPLATE_VARIABLES.map((name) => `<${name}>`).join(' '));
    expect(renderTemplate('{ x } {{order_id}} {nope}', { order_id: '5' })).toBe('{ x } {5} {nope}');
    expect(renderTemplate('{note}!', {})).toBe('!');
  });

  it('finds unknown variables once each, in order', () => {
    expect(findUnknownVariables('{a} {order_id} {b} {a} {Order_ID}')).toEqual(['a', 'b', 'Order_ID']);
    expect(findUnknownVariables('Merhaba {first_name}')).toEqual([]);
  });
});

describe('formatItems', () => {
  const items = [
    { name: 'Kahve', quantity: 2 },
    { name: 'Fincan', quantity: 1 },
    { name: 'Süzgeç', quantity: 3 },
  ];

  it('names every line, or the first ones and counts the rest', () => {
    expect(formatItems(items)).toBe('Kahve x2, Fincan, Süzgeç x3');
    expect(formatItems(items, 1)).toBe('Kahve x2 ve 2 ürün daha');
    expect(formatItems(items, 0)).toBe('3 ürün');
    expect(formatItems([])).toBe('');
  });
});

describe('formatDate', () => {
  it('formats in the shop time zone', () => {
    expect(formatDate(new Date('2026-01-01T21:30:00Z'), 'Europe/Istanbul')).toBe('02.01.2026 00:30');
    expect(formatDate(new Date('2026-01-01T21:30:00Z'), 'UTC')).toBe('01.01.2026 21:30');
  });
});

describe("a shop's transliteration (toGsm of @x/sms-segments)", () => {
  it('replaces the letters GSM-7 lacks and keeps the ones it has', () => {
    const measured = measure('Şişli’de ığdır ÇÖÜ çöü İĞ – “tamam”…', { transliterate: 'letters' }, 7);
    expect(measured.text).toBe('Sisli\'de igdir ÇÖÜ cöü IG - "tamam"...');
    expect(measured.result.type).toBe('normal');
  });
});
