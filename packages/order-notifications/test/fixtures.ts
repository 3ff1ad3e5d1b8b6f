import type { OrderEvent, OrderInfo } from '../src/index';

export const CUSTOMER_PHONE = '0532 123 45 67';
export const CUSTOMER_E164 = '+905321234567';
export const ADMIN_E164 = '+905559876543';

export function order(overrides: Partial<OrderInfo> = {}): OrderInfo {
  return {
    id: '1001',
    number: 'A-1001',
    status: 'processing',
    total: '149.90',
    currency: 'TRY',
    items: [
      { name: 'Kahve', quantity: 2, total: '99.90' },
      { name: 'Fincan', quantity: 1, total: '50.00' },
    ],
    paymentMethod: 'Kredi kartı',
    shippingMethod: 'Yurtiçi Kargo',
    ...overrides,
  };
}

export function event(overrides: Partial<OrderEvent> = {}): OrderEvent {
  return {
    type: 'order.created',
    shopId: 'demo',
    occurredAt: new Date('2026-11-23T11:05:00Z'),
    order: order(),
    customer: {
      id: 'c1',
      firstName: 'Ayşe',
      lastName: 'Yılmaz',
      phone: CUSTOMER_PHONE,
      email: 'a@example.com',
    },
    raw: {},
    ...overrides,
  };
}
