import { computeWebhookSignature } from '@x/app-service-kit';

/** Options of {@link sampleWooOrder}. */
export interface SampleWooOrderOptions {
  id: number;
  status: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  total?: string;
  trackingNumber?: string;
  trackingProvider?: string;
  modifiedAt?: Date;
}

/**
 * A WooCommerce REST v3 order, as the `order.created` / `order.updated` webhooks deliver it (fields trimmed to
 * the ones a real payload always has, plus the ones this service reads).
 * @param options - id, status, customer and tracking
 */
export function sampleWooOrder(options: SampleWooOrderOptions): Record<string, unknown> {
  const created = new Date(Date.UTC(2026, 10, 20, 9, 30, 0));
  const modified = options.modifiedAt ?? created;
  const gmt = (date: Date) => date.toISOString().slice(0, 19);
  const local = (date: Date) => new Date(date.getTime() + 3 * 3_600_000).toISOString().slice(0, 19);
  const name = { first_name: options.firstName ?? 'Ayşe', last_name: options.lastName ?? 'Yılmaz' };
  return {
    id: options.id,
    parent_id: 0,
    status: options.status,
    currency: 'TRY',
    version: '9.4.2',
    prices_include_tax: true,
    date_created: local(created),
    date_modified: local(modified),
    discount_total: '0.00',
    discount_tax: '0.00',
    shipping_total: '49.90',
    shipping_tax: '0.00',
    cart_tax: '0.00',
    total: options.total ?? '1249.80',
    total_tax: '0.00',
    customer_id: 17,
    order_key: `wc_order_${options.id}abc`,
    billing: {
      ...name,
      ...SAMPLE_ADDRESS,
      email: 'ayse.yilmaz@example.com',
      phone: options.phone ?? '0532 123 45 67',
    },
    shipping: { ...name, ...SAMPLE_ADDRESS, phone: '' },
    payment_method: 'cod',
    payment_method_title: 'Kapıda ödeme',
    transaction_id: '',
    customer_ip_address: '203.0.113.7',
    customer_user_agent: 'Mozilla/5.0',
    created_via: 'checkout',
    customer_note: '',
    date_completed: null,
    date_paid: null,
    cart_hash: '5f1d7a',
    number: String(options.id),
    meta_data: sampleOrderMeta(options, modified),
    line_items: structuredClone([SAMPLE_LINE_ITEM]),
    tax_lines: [],
    shipping_lines: structuredClone([SAMPLE_SHIPPING_LINE]),
    fee_lines: [],
    coupon_lines: [],
    refunds: [],
    date_created_gmt: gmt(created),
    date_modified_gmt: gmt(modified),
    date_completed_gmt: null,
    date_paid_gmt: null,
    currency_symbol: '₺',
    _links: { self: [{ href: `https://magaza.example.com/wp-json/wc/v3/orders/${options.id}` }] },
  };
}

/** The address part of the sample's billing and shipping addresses. */
const SAMPLE_ADDRESS = {
  company: '',
  address_1: 'Atatürk Cad. No: 12/3',
  address_2: '',
  city: 'İstanbul',
  state: 'TR34',
  postcode: '34710',
  country: 'TR',
};

const SAMPLE_LINE_ITEM = {
  id: 301,
  name: 'Pamuklu Nevresim Takımı',
  product_id: 88,
  variation_id: 0,
  quantity: 2,
  tax_class: '',
  subtotal: '1199.90',
  subtotal_tax: '0.00',
  total: '1199.90',
  total_tax: '0.00',
  taxes: [],
  meta_data: [],
  sku: 'NVR-001',
  price: 599.95,
};

const SAMPLE_SHIPPING_LINE = {
  id: 302,
  method_title: 'Yurtiçi Kargo',
  method_id: 'flat_rate',
  instance_id: '1',
  total: '49.90',
  total_tax: '0.00',
  taxes: [],
  meta_data: [],
};

/** The sample's order meta: the shipment tracking items (the Shipment Tracking plugin's key) when tracked. */
function sampleOrderMeta(
  options: SampleWooOrderOptions,
  shippedAt: Date,
): { id: number; key: string; value: unknown }[] {
  const meta: { id: number; key: string; value: unknown }[] = [
    { id: 9001, key: 'is_vat_exempt', value: 'no' },
  ];
  if (options.trackingNumber) {
    meta.push({
      id: 9002,
      key: '_wc_shipment_tracking_items',
      value: [
        {
          tracking_provider: options.trackingProvider ?? 'yurtici-kargo',
          custom_tracking_provider: '',
          custom_tracking_link: '',
          tracking_number: options.trackingNumber,
          date_shipped: String(Math.floor(shippedAt.getTime() / 1000)),
          tracking_id: 'b1f0c2a9e4',
        },
      ],
    });
  }
  return meta;
}

/**
 * A WooCommerce REST v3 customer, as the `customer.created` webhook delivers it.
 * @param options - id, name and phone
 */
export function sampleWooCustomer(options: {
  id: number;
  firstName: string;
  lastName: string;
  phone?: string;
}) {
  return {
    id: options.id,
    date_created: '2026-11-20T12:00:00',
    date_created_gmt: '2026-11-20T09:00:00',
    date_modified: '2026-11-20T12:00:00',
    date_modified_gmt: '2026-11-20T09:00:00',
    email: 'musteri@example.com',
    first_name: options.firstName,
    last_name: options.lastName,
    role: 'customer',
    username: 'musteri',
    billing: {
      first_name: options.firstName,
      last_name: options.lastName,
      company: '',
      address_1: '',
      address_2: '',
      city: 'Ankara',
      postcode: '06100',
      country: 'TR',
      state: 'TR06',
      email: 'musteri@example.com',
      phone: options.phone ?? '',
    },
    shipping: {
      first_name: '',
      last_name: '',
      company: '',
      address_1: '',
      address_2: '',
      city: '',
      postcode: '',
      country: '',
      state: '',
      phone: '',
    },
    is_paying_customer: false,
    avatar_url: 'https://secure.gravatar.com/avatar/0?s=96&d=mm&r=g',
    meta_data: [],
  };
}

/**
 * The payload of `action.woocommerce_new_customer_note`.
 * @param orderId - the order the note belongs to
 * @param text - the note
 */
export function sampleWooCustomerNote(orderId: number, text: string) {
  return { action: 'woocommerce_new_customer_note', arg: { order_id: orderId, customer_note: text } };
}

/** A signed WooCommerce delivery: the exact body bytes and the headers WooCommerce sends with them. */
export interface SignedWooDelivery {
  body: string;
  headers: Record<string, string>;
}

/**
 * Signs a payload as WooCommerce does: JSON body, `X-WC-Webhook-Signature` = base64 HMAC-SHA256 of the body.
 * @param topic - `order.created`, `order.updated`, `action.woocommerce_new_customer_note`, `customer.created`
 * @param payload - the resource or action payload
 * @param secret - the webhook secret
 * @param deliveryId - the delivery id header (WooCommerce makes a new one per attempt)
 */
export function signWooDelivery(
  topic: string,
  payload: unknown,
  secret: string,
  deliveryId = '1',
): SignedWooDelivery {
  const body = JSON.stringify(payload);
  const [resource = '', event = ''] = topic.split('.');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)',
      'x-wc-webhook-source': 'https://magaza.example.com/',
      'x-wc-webhook-topic': topic,
      'x-wc-webhook-resource': resource,
      'x-wc-webhook-event': event,
      'x-wc-webhook-signature': computeWebhookSignature(body, secret),
      'x-wc-webhook-id': '7',
      'x-wc-webhook-delivery-id': deliveryId,
    },
  };
}
