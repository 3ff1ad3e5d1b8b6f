import { z } from 'zod';
import { normalizeLine, normalizeLines, TEXT_LIMITS } from './inbound-text';

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
  /** Payment method id (`cod`, `bacs`): what cash-on-delivery confirmation matches. */
  paymentMethodId?: string;
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

/** A single-line field: normalised by {@link normalizeLine} and cut to `max`. */
const line = (max: number) => z.string().overwrite((text) => normalizeLine(text, max));
/** A single-line field that must not be empty once normalised. */
const requiredLine = (max: number) => line(max).min(1);

/**
 * Reads order lines as a platform delivers them: each must be `{ name: string, quantity: a finite number >= 0,
 * total?: string or number }` (other fields are ignored); names and totals are normalised (see
 * {@link normalizeLine}), a number total becomes its decimal text. An order may have thousands of
 * lines (a 1 MiB webhook holds about 11,000), so they are read by one plain loop: a schema per line cost about
 * 8 µs a line and held the event loop for over 100 ms on such an order.
 *
 * @param lines - the lines as received
 * @returns the items, or the index of the first malformed line
 */
export function readOrderItems(lines: readonly unknown[]): OrderItem[] | { invalid: number } {
  const items: OrderItem[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const { name, quantity, total } = (typeof line === 'object' && line !== null ? line : {}) as Record<
      string,
      unknown
    >;
    if (
      typeof name !== 'string' ||
      typeof quantity !== 'number' ||
      !Number.isFinite(quantity) ||
      quantity < 0 ||
      (total !== undefined && typeof total !== 'string' && typeof total !== 'number')
    ) {
      return { invalid: index };
    }
    const item: OrderItem = { name: normalizeLine(name, TEXT_LIMITS.title), quantity };
    if (total !== undefined) item.total = normalizeLine(String(total), TEXT_LIMITS.amount);
    items.push(item);
  }
  return items;
}

/** The message of a malformed order line. */
const ORDER_ITEM_EXPECTED =
  'expected { name: string, quantity: a finite number >= 0, total?: string or number }';

/** An array, passed on as it is (a per-element schema would copy it element by element). */
const anyArraySchema = z.custom<unknown[]>((value) => Array.isArray(value), {
  error: 'expected an array',
});

/**
 * The order lines of an event, read by {@link readOrderItems}; platforms use it for their payloads' lines too.
 */
export const orderItemsSchema = anyArraySchema.transform((lines, context): OrderItem[] => {
  const read = readOrderItems(lines);
  if (Array.isArray(read)) return read;
  context.addIssue({ code: 'custom', path: [read.invalid], message: ORDER_ITEM_EXPECTED });
  return z.NEVER;
});

/** Zod schema of {@link OrderInfo}; every text is normalised (see {@link TEXT_LIMITS}). */
export const orderInfoSchema = z.object({
  id: requiredLine(TEXT_LIMITS.id),
  number: requiredLine(TEXT_LIMITS.id),
  status: requiredLine(TEXT_LIMITS.status),
  total: line(TEXT_LIMITS.amount),
  currency: line(TEXT_LIMITS.currency),
  items: orderItemsSchema,
  paymentMethod: line(TEXT_LIMITS.title).optional(),
  paymentMethodId: line(TEXT_LIMITS.id).optional(),
  shippingMethod: line(TEXT_LIMITS.title).optional(),
  createdAt: z.date().optional(),
  updatedAt: z.date().optional(),
  trackingNumber: line(TEXT_LIMITS.tracking).optional(),
  trackingCompany: line(TEXT_LIMITS.tracking).optional(),
  trackingUrl: line(TEXT_LIMITS.url).optional(),
});

/** Zod schema of {@link CustomerInfo}; every text is normalised (see {@link TEXT_LIMITS}). */
export const customerInfoSchema = z.object({
  id: line(TEXT_LIMITS.id).optional(),
  firstName: line(TEXT_LIMITS.name).optional(),
  lastName: line(TEXT_LIMITS.name).optional(),
  phone: line(TEXT_LIMITS.phone).optional(),
  email: line(TEXT_LIMITS.email).optional(),
});

/**
 * Zod schema of {@link OrderEvent}; also checks that each event type carries the parts it needs. Parsing is the
 * one place where the text of every platform's events is normalised: each string is NFC, single-line fields
 * lose line breaks (they become spaces), tabs, control characters (NUL included) and bidi overrides, and every
 * field is cut to its limit in {@link TEXT_LIMITS}. Use the parsed value: it is what the engine stores and
 * renders.
 */
export const orderEventSchema = z
  .object({
    type: z.enum(ORDER_EVENT_TYPES as [OrderEventType, ...OrderEventType[]]),
    shopId: requiredLine(TEXT_LIMITS.id),
    eventId: line(TEXT_LIMITS.id).optional(),
    occurredAt: z.date(),
    order: orderInfoSchema.optional(),
    customer: customerInfoSchema,
    status: z
      .object({ from: line(TEXT_LIMITS.status).optional(), to: requiredLine(TEXT_LIMITS.status) })
      .optional(),
    note: z
      .object({
        id: requiredLine(TEXT_LIMITS.id),
        text: z.string().overwrite((text) => normalizeLines(text, TEXT_LIMITS.note)),
        customerVisible: z.boolean(),
      })
      .optional(),
    shipment: z
      .object({
        trackingNumber: requiredLine(TEXT_LIMITS.tracking),
        trackingCompany: line(TEXT_LIMITS.tracking).optional(),
        trackingUrl: line(TEXT_LIMITS.url).optional(),
      })
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
