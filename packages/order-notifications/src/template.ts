import type { CustomerInfo, OrderEvent, OrderInfo } from './order-event';

/** Every variable a template may use. A template naming any other `{variable}` is refused. */
export const TEMPLATE_VARIABLES = [
  'order_id',
  'order_number',
  'first_name',
  'last_name',
  'full_name',
  'total',
  'currency',
  'status',
  'status_label',
  'previous_status',
  'previous_status_label',
  'items',
  'item_count',
  'payment_method',
  'shipping_method',
  'tracking_number',
  'tracking_company',
  'tracking_url',
  'note',
  'shop_name',
  'date',
  'call_result',
  'pressed_key',
] as const;

/** A variable a template may use. */
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/** The values of every template variable; missing facts are empty strings. */
export type TemplateValues = Record<TemplateVariable, string>;

const KNOWN = new Set<string>(TEMPLATE_VARIABLES);
const PLACEHOLDER = /\{([A-Za-z0-9_]+)\}/g;

/**
 * Lists the `{variables}` of a template that are not in {@link TEMPLATE_VARIABLES}, in order of first
 * appearance. A brace not around a word (`{ }`, `{{`) is plain text.
 *
 * @param template - the template text
 * @returns the unknown names, without braces
 */
export function findUnknownVariables(template: string): string[] {
  const unknown: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1]!;
    if (!KNOWN.has(name) && !unknown.includes(name)) unknown.push(name);
  }
  return unknown;
}

/**
 * Lists every unknown `{variable}` of a template with its position, in order: each occurrence, so that an
 * editor can mark them where they are.
 *
 * @param template - the template text
 * @returns the unknown names, without braces, and the index of their `{` in UTF-16 code units
 */
export function findUnknownVariablePositions(template: string): { variable: string; index: number }[] {
  const found: { variable: string; index: number }[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (!KNOWN.has(match[1]!)) found.push({ variable: match[1]!, index: match.index });
  }
  return found;
}

/**
 * Replaces each `{variable}` with its value. Names outside {@link TEMPLATE_VARIABLES} are left as they are
 * (configuration loading refuses them before a template ever gets here).
 *
 * @param template - the template text
 * @param values - the values, usually from {@link templateValues}
 * @returns the message text
 */
export function renderTemplate(template: string, values: Partial<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (placeholder, name: string) =>
    KNOWN.has(name) ? (values[name] ?? '') : placeholder,
  );
}

/** What {@link templateValues} needs to know about the shop. */
export interface TemplateShopContext {
  /** The shop's name (`{shop_name}`). */
  name: string;
  /** Labels per status slug (`{status_label}`); the slug is used when a label is missing. */
  statusLabels: Record<string, string>;
  /** IANA time zone for `{date}`. */
  timeZone: string;
  /** Formats `{date}`; {@link formatDate} by default (an engine passes its own {@link createDateFormatter}). */
  formatDate?: DateFormatter;
}

/** Formats a date in a time zone; see {@link createDateFormatter}. */
export type DateFormatter = (date: Date, timeZone: string) => string;

/**
 * Creates a formatter of dates the Turkish way (`23.11.2026 14:05`) that keeps one `Intl.DateTimeFormat` per
 * time zone it has seen (creating one costs far more than formatting with it). An engine holds one.
 */
export function createDateFormatter(): DateFormatter {
  const formats = new Map<string, Intl.DateTimeFormat>();
  return (date, timeZone) => {
    let format = formats.get(timeZone);
    if (format === undefined) {
      format = new Intl.DateTimeFormat('tr-TR', {
        timeZone,
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
      formats.set(timeZone, format);
    }
    return format.format(date).replace(',', '').replace(/\s+/g, ' ');
  };
}

/**
 * Formats a date the Turkish way (`23.11.2026 14:05`) in the given time zone.
 *
 * @param date - the moment
 * @param timeZone - an IANA time zone (`'Europe/Istanbul'`)
 */
export function formatDate(date: Date, timeZone: string): string {
  return createDateFormatter()(date, timeZone);
}

/**
 * The label of a status (with or without WooCommerce's `wc-` prefix), or the status itself; own labels only
 * (`constructor` is a status, not a label).
 * @param status - the status slug; an empty label when undefined
 * @param labels - the shop's labels by slug
 */
export function statusLabel(status: string | undefined, labels: Record<string, string>): string {
  if (status === undefined) return '';
  const label = (slug: string) => (Object.hasOwn(labels, slug) ? labels[slug] : undefined);
  return label(status) ?? label(status.replace(/^wc-/, '')) ?? status;
}

/**
 * The longest list `{items}` renders, in characters (before the `ve N ürün daha` tail): more than any SMS holds
 * (7 segments carry at most 1,120 characters), so that an order of thousands of lines never builds a long text.
 */
export const ITEMS_TEXT_LIMIT = 2000;

/**
 * The longest template, in characters (UTF-16 units), that a shop's settings, the admin API and
 * `engine.preview()` take: more than any SMS holds (7 segments carry at most 1,120 characters).
 */
export const TEMPLATE_TEXT_LIMIT = 2000;

/** One order line as `{items}` names it: `Kahve x2`, or the name alone for one piece. */
function itemText(item: { name: string; quantity: number }): string {
  return item.quantity === 1 ? item.name : `${item.name} x${item.quantity}`;
}

/**
 * Lists order lines for `{items}`: `Kahve x2, Fincan`. With `keep`, only the first `keep` lines are named and
 * the rest are counted: `Kahve x2 ve 3 ürün daha`. Reads only the lines it names.
 *
 * @param items - the order lines
 * @param keep - how many lines to name (default all)
 */
export function formatItems(
  items: readonly { name: string; quantity: number }[],
  keep = items.length,
): string {
  const named = items.slice(0, keep).map(itemText).join(', ');
  const rest = items.length - Math.min(keep, items.length);
  if (rest === 0) return named;
  return named === '' ? `${rest} ürün` : `${named} ve ${rest} ürün daha`;
}

/**
 * How many leading order lines {@link formatItems} can name within `maxLength` characters. Reads at most the
 * lines that fit plus one, so its work is bounded by `maxLength`, not by the number of lines.
 *
 * @param items - the order lines
 * @param maxLength - the longest list of names, in characters
 */
export function itemsWithin(items: readonly { name: string; quantity: number }[], maxLength: number): number {
  let length = 0;
  for (let index = 0; index < items.length; index++) {
    length += itemText(items[index]!).length + (index === 0 ? 0 : 2);
    if (length > maxLength) return index;
  }
  return items.length;
}

/** The facts a template is rendered from: an event, or a sample order for a preview. */
export interface TemplateInput {
  /** The order, when there is one. */
  order?: Partial<OrderInfo>;
  /** The customer. */
  customer?: CustomerInfo;
  /** Status transition; `to` defaults to the order's status. */
  status?: { from?: string; to: string };
  /** Note text (`{note}`). */
  note?: string;
  /** Shipment facts; fall back to the order's tracking fields. */
  shipment?: { trackingNumber?: string; trackingCompany?: string; trackingUrl?: string };
  /** The moment for `{date}`. */
  date: Date;
  /** A confirmation call's outcome (`{call_result}`: `onaylandı`, `iptal`, `cevapsız`...). */
  call?: { result: string; pressedKey?: string };
}

/**
 * Computes the value of every template variable. Pure: the same input always gives the same values.
 *
 * @param input - the event facts
 * @param shop - shop name, status labels and time zone
 */
export function templateValues(input: TemplateInput, shop: TemplateShopContext): TemplateValues {
  const order = input.order ?? {};
  const customer = input.customer ?? {};
  const status = input.status?.to ?? order.status;
  const items = order.items ?? [];
  const firstName = customer.firstName?.trim() ?? '';
  const lastName = customer.lastName?.trim() ?? '';
  return {
    order_id: order.id ?? '',
    order_number: order.number ?? order.id ?? '',
    first_name: firstName,
    last_name: lastName,
    full_name: [firstName, lastName].filter(Boolean).join(' '),
    total: order.total ?? '',
    currency: order.currency ?? '',
    status: status ?? '',
    status_label: statusLabel(status, shop.statusLabels),
    previous_status: input.status?.from ?? '',
    previous_status_label: statusLabel(input.status?.from, shop.statusLabels),
    items: formatItems(items, itemsWithin(items, ITEMS_TEXT_LIMIT)),
    item_count: String(items.reduce((sum, item) => sum + item.quantity, 0)),
    payment_method: order.paymentMethod ?? '',
    shipping_method: order.shippingMethod ?? '',
    tracking_number: input.shipment?.trackingNumber ?? order.trackingNumber ?? '',
    tracking_company: input.shipment?.trackingCompany ?? order.trackingCompany ?? '',
    tracking_url: input.shipment?.trackingUrl ?? order.trackingUrl ?? '',
    note: input.note ?? '',
    shop_name: shop.name,
    date: (shop.formatDate ?? formatDate)(input.date, shop.timeZone),
    call_result: input.call?.result ?? '',
    pressed_key: input.call?.pressedKey ?? '',
  };
}

/** The order a preview renders when it is given none: a realistic order in every field a template can name. */
export const SAMPLE_ORDER: Readonly<OrderInfo> = Object.freeze({
  id: '1042',
  number: '1042',
  status: 'processing',
  total: '349.90',
  currency: 'TRY',
  items: [
    { name: 'Filtre Kahve 250 g', quantity: 2, total: '239.90' },
    { name: 'Porselen Fincan', quantity: 1, total: '110.00' },
  ],
  paymentMethod: 'Kredi Kartı',
  shippingMethod: 'Yurtiçi Kargo',
  trackingNumber: '738120459617',
  trackingCompany: 'Yurtiçi Kargo',
  trackingUrl: 'https://www.yurticikargo.com/tr/online-servisler/gonderi-sorgula?code=738120459617',
});

/** The customer a preview renders when it is given none. */
export const SAMPLE_CUSTOMER: Readonly<CustomerInfo> = Object.freeze({
  id: '17',
  firstName: 'Ayşe',
  lastName: 'Yılmaz',
  phone: '0532 123 45 67',
  email: 'ayse@example.com',
});

/**
 * The template input of a preview: the given order and customer, or {@link SAMPLE_ORDER} and
 * {@link SAMPLE_CUSTOMER}. With the sample order, the status moves from `pending` to its status and a note is
 * set, so that every variable renders a realistic value.
 *
 * @param input - the order and customer to show, if any
 * @param date - the moment for `{date}`
 */
export function previewTemplateInput(
  input: { order?: Partial<OrderInfo>; customer?: CustomerInfo },
  date: Date,
): TemplateInput {
  const customer = input.customer ?? SAMPLE_CUSTOMER;
  if (input.order !== undefined) return { order: input.order, customer, date };
  return {
    order: SAMPLE_ORDER,
    customer,
    status: { from: 'pending', to: SAMPLE_ORDER.status },
    note: 'Siparişiniz yarın kargoya verilecek.',
    call: { result: 'onaylandı', pressedKey: '1' },
    date,
  };
}

/**
 * The template input of an event.
 *
 * @param event - a validated order event
 */
export function templateInputOf(event: OrderEvent): TemplateInput {
  const input: TemplateInput = { customer: event.customer, date: event.occurredAt };
  if (event.order !== undefined) input.order = event.order;
  const status = event.status ?? (event.order === undefined ? undefined : { to: event.order.status });
  if (status !== undefined) input.status = status;
  if (event.note !== undefined) input.note = event.note.text;
  if (event.shipment !== undefined) input.shipment = event.shipment;
  return input;
}
