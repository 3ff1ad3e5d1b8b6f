/** The kinds of order event the notification engine understands. */
export type OrderEventType =
  | 'order.created'
  | 'order.status_changed'
  | 'order.note_added'
  | 'order.shipment_added'
  | 'customer.registered';

/** An order, as the platforms' payloads are mapped for the engine. */
export interface OrderInfo {
  id: string;
  number: string;
  status: string;
  total: string;
  currency: string;
  items: { name: string; quantity: number; total?: string }[];
  paymentMethod?: string;
  shippingMethod?: string;
  createdAt?: Date;
  updatedAt?: Date;
  trackingNumber?: string;
  trackingCompany?: string;
  trackingUrl?: string;
}

/** The customer an event is about. */
export interface CustomerInfo {
  id?: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  email?: string;
}

/** One platform event, mapped to the engine's neutral shape. */
export interface OrderEvent {
  type: OrderEventType;
  shopId: string;
  eventId?: string;
  occurredAt: Date;
  order?: OrderInfo;
  customer: CustomerInfo;
  status?: { from?: string; to: string };
  note?: { id: string; text: string; customerVisible: boolean };
  shipment?: { trackingNumber: string; trackingCompany?: string; trackingUrl?: string };
  raw: unknown;
}
