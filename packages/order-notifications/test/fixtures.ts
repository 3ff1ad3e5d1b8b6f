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

/** 1 December 2026, 10:mm UTC: the modification times of the updates below. */
export function minute(value: number): Date {
  return new Date(Date.UTC(2026, 11, 1, 10, value));
}

/**
 * The events of one platform update of an order (as the WooCommerce service maps `order.updated`): its status,
 * and its tracking number when it has one, with the order's modification time when given.
 */
export function orderUpdate(
  status: string,
  modifiedAt: Date | undefined,
  options: { id?: string; trackingNumber?: string } = {},
): OrderEvent[] {
  const { id = '1001', trackingNumber } = options;
  const info = order({
    id,
    number: `A-${id}`,
    status,
    ...(modifiedAt === undefined ? {} : { updatedAt: modifiedAt }),
    ...(trackingNumber === undefined ? {} : { trackingNumber }),
  });
  const events = [event({ type: 'order.status_changed', order: info, status: { to: status } })];
  if (trackingNumber !== undefined) {
    events.push(event({ type: 'order.shipment_added', order: info, shipment: { trackingNumber } }));
  }
  return events;
}
