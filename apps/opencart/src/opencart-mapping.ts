import { createHash } from 'node:crypto';
import type { CustomerInfo, OrderEvent, OrderInfo } from '@x/app-service-kit';
import type { OpenCartHistoryEvent, OpenCartOrder } from './opencart-payloads';

/**
 * The status names of a default OpenCart 4 install, by `order_status_id`, as slugs the notification rules use.
 * A shop with other statuses maps its own ids with `opencartStatuses` in the configuration.
 */
export const DEFAULT_OPENCART_STATUSES: Readonly<Record<number, string>> = {
  1: 'pending',
  2: 'processing',
  3: 'shipped',
  5: 'completed',
  7: 'cancelled',
  8: 'denied',
  9: 'cancelled-reversal',
  10: 'failed',
  11: 'refunded',
  12: 'reversed',
  13: 'chargeback',
  14: 'expired',
  15: 'processed',
  16: 'voided',
};

/**
 * The status slug of an OpenCart status id: the shop's own map first, then the defaults, then `status-<id>`.
 * @param statusId - `order_status_id`
 * @param statuses - the shop's map (ids as keys)
 */
export function openCartStatus(statusId: number, statuses?: Readonly<Record<string, string>>): string {
  return statuses?.[String(statusId)] ?? DEFAULT_OPENCART_STATUSES[statusId] ?? `status-${statusId}`;
}

/**
 * OpenCart stores local date-times (`2026-11-20 12:30:00`) in the shop's time zone (Türkiye: UTC+3, no DST).
 * A date-time with its offset (the extension's `occurred_at`: `2026-11-20T12:30:00.250+03:00`) is read as such.
 * @param value - the date-time text
 * @param offsetMinutes - the shop's UTC offset, 180 by default
 */
export function parseOpenCartDate(value: string | undefined, offsetMinutes = 180): Date | undefined {
  if (!value || value.startsWith('0000')) return undefined;
  const match = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)$/.exec(value.trim());
  if (!match) {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  return new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second!) - offsetMinutes * 60_000);
}

function methodName(value: OpenCartOrder['payment_method']): string | undefined {
  if (!value) return undefined;
  const name = typeof value === 'string' ? value : value.name;
  return name?.trim() || undefined;
}

/**
 * Maps the extension's order to the engine's order shape.
 * @param order - the order of the payload
 * @param status - the status slug to report
 */
export function mapOpenCartOrder(order: OpenCartOrder, status: string): OrderInfo {
  const invoice = order.invoice_no ? `${order.invoice_prefix ?? ''}${order.invoice_no}` : undefined;
  const paymentMethod = methodName(order.payment_method);
  const paymentCode =
    order.payment_code ?? (typeof order.payment_method === 'object' ? order.payment_method?.code : undefined);
  const paymentMethodId = paymentCode?.trim().split('.')[0] || undefined;
  const shippingMethod = methodName(order.shipping_method);
  const createdAt = parseOpenCartDate(order.date_added);
  const updatedAt = parseOpenCartDate(order.date_modified);
  return {
    id: String(order.order_id),
    number: invoice && invoice !== '0' ? invoice : String(order.order_id),
    status,
    total: order.total,
    currency: order.currency_code,
    items: order.products.map((product) => ({
      name: product.name,
      quantity: product.quantity,
      ...(product.total !== undefined ? { total: product.total } : {}),
    })),
    ...(paymentMethod ? { paymentMethod } : {}),
    ...(paymentMethodId ? { paymentMethodId } : {}),
    ...(shippingMethod ? { shippingMethod } : {}),
    ...(createdAt ? { createdAt } : {}),
    ...(updatedAt ? { updatedAt } : {}),
  };
}

/**
 * The customer of an OpenCart order.
 * @param order - the order of the payload
 */
export function mapOpenCartCustomer(order: OpenCartOrder): CustomerInfo {
  const customerId =
    order.customer_id !== null && order.customer_id !== undefined ? String(order.customer_id) : '';
  const firstName = order.firstname?.trim();
  const lastName = order.lastname?.trim();
  const phone = order.telephone?.trim();
  const email = order.email?.trim();
  return {
    ...(customerId && customerId !== '0' ? { id: customerId } : {}),
    ...(firstName ? { firstName } : {}),
    ...(lastName ? { lastName } : {}),
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
  };
}

/**
 * Turns one history event into engine events:
 * - old status 0 and new status > 0: a new order (`order.created`);
 * - any other change of status: `order.status_changed`;
 * - a comment the customer is notified of: `order.note_added` (alongside a status change, or alone);
 * - new status 0 (a missing order being abandoned): nothing.
 * Each event's `occurredAt` and its order's `updatedAt` are the change's time, `occurred_at`.
 * @param payload - the parsed body
 * @param shopId - the shop
 * @param options - the shop's status map and the clock
 */
export function mapOpenCartHistoryEvent(
  payload: OpenCartHistoryEvent,
  shopId: string,
  options: { statuses?: Readonly<Record<string, string>>; receivedAt: Date },
): OrderEvent[] {
  if (payload.new_status_id === 0) return [];
  const to = openCartStatus(payload.new_status_id, options.statuses);
  const from =
    payload.old_status_id > 0 ? openCartStatus(payload.old_status_id, options.statuses) : undefined;
  const occurredAt = parseOpenCartDate(payload.occurred_at);
  // The order's time is this change's, not its `date_modified`: the extension runs before the history is
  // written, when `date_modified` is still the previous change's time, and a body re-sent from the extension's
  // retry table carries the time it was made. So the engine's rule for late updates (one older than the update
  // recorded changes nothing) also holds a late re-send back. `date_modified` only when the time is missing.
  const order = {
    ...mapOpenCartOrder(payload.order, to),
    ...(occurredAt ? { updatedAt: occurredAt } : {}),
  };
  const customer = mapOpenCartCustomer(payload.order);
  const base = {
    shopId,
    ...(payload.event_id ? { eventId: payload.event_id } : {}),
    occurredAt: occurredAt ?? options.receivedAt,
    order,
    customer,
    raw: payload,
  };
  const events: OrderEvent[] = [];
  if (payload.old_status_id === 0) events.push({ ...base, type: 'order.created', status: { to } });
  else if (payload.old_status_id !== payload.new_status_id) {
    events.push({ ...base, type: 'order.status_changed', status: { ...(from ? { from } : {}), to } });
  }
  const comment = payload.comment.trim();
  if (comment && payload.notify) {
    const id = `oc-note-${createHash('sha256').update(`${order.id}\u0000${comment}`).digest('hex').slice(0, 24)}`;
    events.push({ ...base, type: 'order.note_added', note: { id, text: comment, customerVisible: true } });
  }
  return events;
}
