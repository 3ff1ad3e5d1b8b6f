import { z } from 'zod';

/** The platform-neutral events an app feeds to the engine. */
export type OrderEventType =
  | 'order.created'
  | 'order.status_changed'
  | 'order.note_added'
  | 'order.shipment_added'
  | 'customer.registered';

/** Every {@link OrderEventType}, in a stable order. */
export const ORDER_EVENT_TYPES: readonly OrderEventType[] = [
  'order.created',
  'order.status_changed',
  'order.note_added',
  'order.shipment_added',
  'customer.registered',
];

/** One line of an order. */
export interface OrderItem {
  /** Product name as shown to the customer. */
  name: string;
  /** Quantity ordered. */
  quantity: number;
  /** Line total, as the platform formats it (`'149.90'`). */
  total?: string;
}

/** The order an event is about. Amounts are strings, exactly as the platform reports them. */
export interface OrderInfo {
  /** The platform's internal id. */
  id: string;
  /** The number shown to the customer (often equal to `id`). */
  number: string;
  /** The current status slug (`'processing'`, `'wc-shipped'` ...). */
  status: string;
  /** Order total (`'149.90'`). */
  total: string;
  /** ISO 4217 currency (`'TRY'`). */
  currency: string;
  /** Order lines. */
  items: OrderItem[];
  /** Payment method title. */
  paymentMethod?: string;
  /** Shipping method title. */
  shippingMethod?: string;
  /** When the order was created. */
  createdAt?: Date;
  /** When the order last changed. */
  updatedAt?: Date;
  /** Tracking number, when known. */
  trackingNumber?: string;
  /** Carrier name, when known. */
  trackingCompany?: string;
  /** Tracking page, when known. */
  trackingUrl?: string;
}

/** The customer an event is about. */
export interface CustomerInfo {
  /** The platform's customer id (absent for guest orders). */
  id?: string;
  /** First name. */
  firstName?: string;
  /** Last name. */
  lastName?: string;
  /** Phone number in any common notation (`0532 123 45 67`, `+90 532...`). */
  phone?: string;
  /** E-mail address. */
  email?: string;
}

/** Something that happened in a shop, in platform-neutral form. */
export interface OrderEvent {
  /** What happened. */
  type: OrderEventType;
  /** The shop, as named in the configuration's `shops`. */
  shopId: string;
  /** The platform's delivery id; informative only (dedupe never relies on it). */
  eventId?: string;
  /** When it happened. */
  occurredAt: Date;
  /** The order (required for every `order.*` event). */
  order?: OrderInfo;
  /** The customer. */
  customer: CustomerInfo;
  /** For `order.status_changed` (and `order.created`: `to` = the current status). */
  status?: { from?: string; to: string };
  /** For `order.note_added`. */
  note?: { id: string; text: string; customerVisible: boolean };
  /** For `order.shipment_added`. */
  shipment?: { trackingNumber: string; trackingCompany?: string; trackingUrl?: string };
  /** The platform's payload, kept for the app; never read by the engine. */
  raw: unknown;
}

const optionalText = z.string().optional();

/** Zod schema of {@link OrderInfo}. */
export const orderInfoSchema = z.object({
  id: z.string().min(1),
  number: z.string().min(1),
  status: z.string().min(1),
  total: z.string(),
  currency: z.string(),
  items: z.array(
    z.object({ name: z.string(), quantity: z.number().finite().nonnegative(), total: optionalText }),
  ),
  paymentMethod: optionalText,
  shippingMethod: optionalText,
  createdAt: z.date().optional(),
  updatedAt: z.date().optional(),
  trackingNumber: optionalText,
  trackingCompany: optionalText,
  trackingUrl: optionalText,
});

/** Zod schema of {@link CustomerInfo}. */
export const customerInfoSchema = z.object({
  id: optionalText,
  firstName: optionalText,
  lastName: optionalText,
  phone: optionalText,
  email: optionalText,
});

/** Zod schema of {@link OrderEvent}; also checks that each event type carries the parts it needs. */
export const orderEventSchema = z
  .object({
    type: z.enum(ORDER_EVENT_TYPES as [OrderEventType, ...OrderEventType[]]),
    shopId: z.string().min(1),
    eventId: optionalText,
    occurredAt: z.date(),
    order: orderInfoSchema.optional(),
    customer: customerInfoSchema,
    status: z.object({ from: optionalText, to: z.string().min(1) }).optional(),
    note: z.object({ id: z.string().min(1), text: z.string(), customerVisible: z.boolean() }).optional(),
    shipment: z
      .object({ trackingNumber: z.string().min(1), trackingCompany: optionalText, trackingUrl: optionalText })
      .optional(),
    raw: z.unknown(),
  })
  .superRefine((event, context) => {
    const need = (key: 'order' | 'status' | 'note' | 'shipment') => {
      if (event[key] === undefined) {
        context.addIssue({ code: 'custom', path: [key], message: `${event.type} needs ${key}` });
      }
    };
    if (event.type !== 'customer.registered') need('order');
    if (event.type === 'order.status_changed') need('status');
    if (event.type === 'order.note_added') need('note');
    if (event.type === 'order.shipment_added') need('shipment');
  });
