import { describe, expect, it } from 'vitest';
import {
  customerNoteId,
  extractTracking,
  mapWooCustomer,
  mapWooOrder,
  mapWooOrderCustomer,
  parseWooGmtDate,
} from '../src/woocommerce-mapping';
import { wooCustomerSchema, wooOrderSchema } from '../src/woocommerce-payloads';
import { sampleWooCustomer, sampleWooOrder } from '../src/woocommerce-samples';

describe('WooCommerce order mapping', () => {
  it('maps a REST v3 order to the engine shape', () => {
    const order = wooOrderSchema.parse(sampleWooOrder({ id: 1001, status: 'processing' }));
    expect(mapWooOrder(order)).toEqual({
      id: '1001',
      number: '1001',
      status: 'processing',
      total: '1249.80',
      currency: 'TRY',
      items: [{ name: 'Pamuklu Nevresim Takımı', quantity: 2, total: '1199.90' }],
      paymentMethod: 'Kapıda ödeme',
      paymentMethodId: 'cod',
      shippingMethod: 'Yurtiçi Kargo',
      createdAt: new Date('2026-11-20T09:30:00Z'),
      updatedAt: new Date('2026-11-20T09:30:00Z'),
    });
    expect(mapWooOrderCustomer(order)).toEqual({
      id: '17',
      firstName: 'Ayşe',
      lastName: 'Yılmaz',
      phone: '0532 123 45 67',
      email: 'ayse.yilmaz@example.com',
    });
  });

  it('falls back to the shipping phone and leaves out an empty phone', () => {
    const payload = sampleWooOrder({ id: 1, status: 'pending', phone: '' }) as {
      shipping: { phone: string };
    };
    expect(mapWooOrderCustomer(wooOrderSchema.parse(payload)).phone).toBeUndefined();
    payload.shipping.phone = '+90 555 765 43 21';
    expect(mapWooOrderCustomer(wooOrderSchema.parse(payload)).phone).toBe('+90 555 765 43 21');
  });

  it('reads tracking from Shipment Tracking items, the last one winning', () => {
    const meta = [
      {
        key: '_wc_shipment_tracking_items',
        value: [
          { tracking_number: 'OLD1', tracking_provider: 'aras' },
          {
            tracking_number: 'YK123',
            tracking_provider: 'yurtici',
            custom_tracking_link: 'https://kargo/YK123',
          },
        ],
      },
    ];
    expect(extractTracking(meta)).toEqual({
      trackingNumber: 'YK123',
      trackingCompany: 'yurtici',
      trackingUrl: 'https://kargo/YK123',
    });
  });

  it('reads a plain tracking key with its company, honouring the configured keys and their order', () => {
    const meta = [
      { key: '_tracking_number', value: 'A1' },
      { key: 'kargo_takip_no', value: ' MNG77 ' },
      { key: 'tracking_company', value: 'MNG Kargo' },
    ];
    expect(extractTracking(meta, ['kargo_takip_no'])).toEqual({
      trackingNumber: 'MNG77',
      trackingCompany: 'MNG Kargo',
    });
    expect(extractTracking(meta)?.trackingNumber).toBe('A1');
    expect(extractTracking(meta, ['missing'])).toBeUndefined();
    expect(extractTracking([{ key: '_tracking_number', value: '' }])).toBeUndefined();
  });

  it('reads GMT dates without a zone as UTC and ignores garbage', () => {
    expect(parseWooGmtDate('2026-11-20T09:30:00')?.toISOString()).toBe('2026-11-20T09:30:00.000Z');
    expect(parseWooGmtDate('not a date')).toBeUndefined();
    expect(parseWooGmtDate(null)).toBeUndefined();
  });

  it('rejects an order without id or status', () => {
    expect(wooOrderSchema.safeParse({ status: 'processing' }).success).toBe(false);
    expect(wooOrderSchema.safeParse({ id: 5 }).success).toBe(false);
  });

  it('maps a customer.created payload', () => {
    const customer = wooCustomerSchema.parse(
      sampleWooCustomer({ id: 42, firstName: 'Mehmet', lastName: 'Öztürk', phone: '0555 111 22 33' }),
    );
    expect(mapWooCustomer(customer)).toEqual({
      id: '42',
      firstName: 'Mehmet',
      lastName: 'Öztürk',
      phone: '0555 111 22 33',
      email: 'musteri@example.com',
    });
  });

  it('gives a note the same id on every delivery and another id for another text', () => {
    expect(customerNoteId('1001', 'Kargonuz yarın')).toBe(customerNoteId('1001', 'Kargonuz yarın'));
    expect(customerNoteId('1001', 'Kargonuz yarın')).not.toBe(customerNoteId('1001', 'Kargonuz bugün'));
    expect(customerNoteId('1001', 'x')).not.toBe(customerNoteId('1002', 'x'));
  });
});
