import { createHash } from 'node:crypto';
import type { CustomerInfo, OrderEvent, OrderInfo } from '@x/app-service-kit';
import type { WooCustomer, WooCustomerNote, WooOrder } from './woocommerce-payloads';

/**
 * Order meta keys read for a tracking number when the shop sets none: WooCommerce Shipment Tracking
 * (`_wc_shipment_tracking_items`), common single-value keys, and the Turkish cargo plugins' `kargo_takip_no`.
 */
export const DEFAULT_TRACKING_META_KEYS: readonly string[] = [
  '_wc_shipment_tracking_items',
  '_tracking_number',
  'tracking_number',
  '_aftership_tracking_number',
  'kargo_takip_no',
];

/** A tracking number found in an order's meta data. */
export interface WooTracking {
  trackingNumber: string;
  trackingCompany?: string;
  trackingUrl?: string;
}

/**
 * WooCommerce sends GMT dates without a zone (`2026-11-20T10:15:00`); reads them as UTC.
 * @param value - the `*_gmt` field
 */
export function parseWooGmtDate(value: string | null | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function nonEmpty(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed.length > 0 ? trimmed : undefined;
}

function trackingFromObject(value: Record<string, unknown>): WooTracking | undefined {
  const trackingNumber = nonEmpty(value.tracking_number);
  if (!trackingNumber) return undefined;
  const trackingCompany = nonEmpty(value.custom_tracking_provider) ?? nonEmpty(value.tracking_provider);
  const trackingUrl = nonEmpty(value.custom_tracking_link) ?? nonEmpty(value.tracking_link);
  return {
    trackingNumber,
    ...(trackingCompany ? { trackingCompany } : {}),
    ...(trackingUrl ? { trackingUrl } : {}),
  };
}

/**
 * Finds the latest tracking number in an order's `meta_data`, trying `keys` in order. A value may be a plain
 * string, or (Shipment Tracking) a list of `{ tracking_number, tracking_provider, custom_tracking_link }`, the
 * last of which wins. `_tracking_provider` / `tracking_company` meta fill in the company of a plain number.
 * @param metaData - the order's meta data
 * @param keys - the meta keys to read
 */
export function extractTracking(
  metaData: readonly { key: string; value: unknown }[],
  keys: readonly string[] = DEFAULT_TRACKING_META_KEYS,
): WooTracking | undefined {
  for (const key of keys) {
    const entry = metaData.find((item) => item.key === key);
    if (!entry) continue;
    const { value } = entry;
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index -= 1) {
        const item = value[index];
        const found =
          item && typeof item === 'object' ? trackingFromObject(item as Record<string, unknown>) : undefined;
        if (found) return found;
      }
      continue;
    }
    if (value && typeof value === 'object') {
      const found = trackingFromObject(value as Record<string, unknown>);
      if (found) return found;
      continue;
    }
    const trackingNumber = nonEmpty(value);
    if (trackingNumber) {
      const company = metaData.find(
        (item) => item.key === '_tracking_provider' || item.key === 'tracking_company',
      );
      const trackingCompany = nonEmpty(company?.value);
      return { trackingNumber, ...(trackingCompany ? { trackingCompany } : {}) };
    }
  }
  return undefined;
}

/**
 * Maps a WooCommerce order to the engine's order shape.
 * @param order - the parsed webhook payload
 * @param trackingMetaKeys - the shop's tracking meta keys
 */
export function mapWooOrder(order: WooOrder, trackingMetaKeys?: readonly string[]): OrderInfo {
  const tracking = extractTracking(order.meta_data, trackingMetaKeys);
  const shippingMethod = order.shipping_lines
    .map((line) => nonEmpty(line.method_title))
    .filter(Boolean)
    .join(', ');
  const createdAt = parseWooGmtDate(order.date_created_gmt);
  const updatedAt = parseWooGmtDate(order.date_modified_gmt);
  return {
    id: order.id,
    number: order.number ?? order.id,
    status: order.status,
    total: order.total,
    currency: order.currency,
    // Already read into the engine's order items by the payload schema.
    items: order.line_items,
    ...(order.payment_method_title ? { paymentMethod: order.payment_method_title } : {}),
    ...(order.payment_method ? { paymentMethodId: order.payment_method } : {}),
    ...(shippingMethod ? { shippingMethod } : {}),
    ...(createdAt ? { createdAt } : {}),
    ...(updatedAt ? { updatedAt } : {}),
    ...(tracking ?? {}),
  };
}

/**
 * The customer of an order: billing name, phone (the shipping phone when billing has none) and e-mail.
 * @param order - the parsed webhook payload
 */
export function mapWooOrderCustomer(order: WooOrder): CustomerInfo {
  const phone = nonEmpty(order.billing?.phone) ?? nonEmpty(order.shipping?.phone);
  const firstName = nonEmpty(order.billing?.first_name) ?? nonEmpty(order.shipping?.first_name);
  const lastName = nonEmpty(order.billing?.last_name) ?? nonEmpty(order.shipping?.last_name);
  const email = nonEmpty(order.billing?.email);
  return {
    ...(order.customer_id ? { id: String(order.customer_id) } : {}),
    ...(firstName ? { firstName } : {}),
    ...(lastName ? { lastName } : {}),
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
  };
}

/**
 * Maps a WooCommerce customer (`customer.created`) to the engine's customer shape.
 * @param customer - the parsed webhook payload
 */
export function mapWooCustomer(customer: WooCustomer): CustomerInfo {
  const firstName = nonEmpty(customer.first_name) ?? nonEmpty(customer.billing?.first_name);
  const lastName = nonEmpty(customer.last_name) ?? nonEmpty(customer.billing?.last_name);
  const phone = nonEmpty(customer.billing?.phone);
  const email = nonEmpty(customer.email) ?? nonEmpty(customer.billing?.email);
  return {
    id: customer.id,
    ...(firstName ? { firstName } : {}),
    ...(lastName ? { lastName } : {}),
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
  };
}

/** What an event of a webhook delivery shares: shop, delivery id and raw payload. */
export interface WooDeliveryContext {
  shopId: string;
  deliveryId?: string;
  receivedAt: Date;
  raw: unknown;
}

function base(context: WooDeliveryContext) {
  return {
    shopId: context.shopId,
    ...(context.deliveryId ? { eventId: context.deliveryId } : {}),
    raw: context.raw,
  };
}

/**
 * The `order.created` event of a new order.
 * @param order - the mapped order
 * @param customer - the mapped customer
 * @param context - the delivery
 */
export function orderCreatedEvent(
  order: OrderInfo,
  customer: CustomerInfo,
  context: WooDeliveryContext,
): OrderEvent {
  return {
    ...base(context),
    type: 'order.created',
    occurredAt: order.createdAt ?? context.receivedAt,
    order,
    customer,
    status: { to: order.status },
  };
}

/**
 * The `order.status_changed` event of an order whose status differs from the last one stored.
 * @param order - the mapped order (its status is the new one)
 * @param customer - the mapped customer
 * @param previousStatus - the last stored status; undefined when the order was never seen before
 * @param context - the delivery
 */
export function orderStatusChangedEvent(
  order: OrderInfo,
  customer: CustomerInfo,
  previousStatus: string | undefined,
  context: WooDeliveryContext,
): OrderEvent {
  return {
    ...base(context),
    type: 'order.status_changed',
    occurredAt: order.updatedAt ?? context.receivedAt,
    order,
    customer,
    status: previousStatus ? { from: previousStatus, to: order.status } : { to: order.status },
  };
}

/**
 * The `order.shipment_added` event of an order that carries a tracking number not seen before.
 * @param order - the mapped order, with its tracking fields
 * @param customer - the mapped customer
 * @param context - the delivery
 */
export function orderShipmentAddedEvent(
  order: OrderInfo,
  customer: CustomerInfo,
  context: WooDeliveryContext,
): OrderEvent | undefined {
  if (!order.trackingNumber) return undefined;
  return {
    ...base(context),
    type: 'order.shipment_added',
    occurredAt: order.updatedAt ?? context.receivedAt,
    order,
    customer,
    shipment: {
      trackingNumber: order.trackingNumber,
      ...(order.trackingCompany ? { trackingCompany: order.trackingCompany } : {}),
      ...(order.trackingUrl ? { trackingUrl: order.trackingUrl } : {}),
    },
  };
}

/**
 * A stable id for a customer note: WooCommerce's action payload carries no comment id and each retry has a new
 * delivery id, so the note is identified by its order and text.
 * @param orderId - the order id
 * @param text - the note text
 */
export function customerNoteId(orderId: string, text: string): string {
  return `wc-note-${createHash('sha256').update(`${orderId}\u0000${text}`).digest('hex').slice(0, 24)}`;
}

/**
 * The `order.note_added` event of a customer note. The action payload holds only the order id and the text;
 * the order and customer come from the last order payload this service saw, when it saw one (otherwise the
 * event carries only the order id and no phone, and the engine records the note as skipped).
 * @param note - the parsed action payload
 * @param known - the order and customer last seen for this order, if any
 * @param context - the delivery
 */
export function orderNoteAddedEvent(
  note: WooCustomerNote,
  known: { order: OrderInfo; customer: CustomerInfo } | undefined,
  context: WooDeliveryContext,
): OrderEvent {
  const orderId = note.arg.order_id;
  return {
    ...base(context),
    type: 'order.note_added',
    occurredAt: context.receivedAt,
    // The engine requires a status; an order known only by its id gets a placeholder one.
    order: known?.order ?? {
      id: orderId,
      number: orderId,
      status: 'unknown',
      total: '',
      currency: '',
      items: [],
    },
    customer: known?.customer ?? {},
    note: {
      id: customerNoteId(orderId, note.arg.customer_note),
      text: note.arg.customer_note,
      customerVisible: true,
    },
  };
}

/**
 * The `customer.registered` event of a new customer account.
 * @param customer - the mapped customer
 * @param createdAt - when the account was created, if known
 * @param context - the delivery
 */
export function customerRegisteredEvent(
  customer: CustomerInfo,
  createdAt: Date | undefined,
  context: WooDeliveryContext,
): OrderEvent {
  return {
    ...base(context),
    type: 'customer.registered',
    occurredAt: createdAt ?? context.receivedAt,
    customer,
  };
}
