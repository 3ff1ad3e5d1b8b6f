import { computeWebhookSignature } from '@x/app-service-kit';

/**
 * A history event as the OpenCart 4 extension sends it.
 * @param options - order id, old and new status ids, comment, phone
 */
export function sampleOpenCartHistoryEvent(options: {
  orderId: number;
  oldStatusId: number;
  newStatusId: number;
  comment?: string;
  notify?: boolean;
  telephone?: string;
}) {
  return {
    event: 'order.history',
    event_id: `oc-${options.orderId}-${options.oldStatusId}-${options.newStatusId}`,
    order_id: options.orderId,
    old_status_id: options.oldStatusId,
    new_status_id: options.newStatusId,
    new_status_name: 'İşleniyor',
    comment: options.comment ?? '',
    notify: options.notify ?? false,
    occurred_at: '2026-11-20T12:30:00.000+03:00',
    order: {
      order_id: options.orderId,
      invoice_prefix: 'INV-2026-00',
      invoice_no: 0,
      store_name: 'Örnek Mağaza',
      customer_id: 5,
      firstname: 'Elif',
      lastname: 'Şahin',
      email: 'elif@example.com',
      telephone: options.telephone ?? '0532 765 43 21',
      payment_method: { name: 'Havale / EFT', code: 'bank_transfer.bank_transfer' },
      shipping_method: { name: 'Aras Kargo', code: 'flat.flat' },
      total: '899.9000',
      currency_code: 'TRY',
      currency_value: '1.00000000',
      date_added: '2026-11-20 12:29:41',
      date_modified: '2026-11-20 12:30:00',
      products: [
        { name: 'Seramik Kupa Seti', model: 'KUPA-4', quantity: 3, price: '299.9667', total: '899.9000' },
      ],
    },
  };
}

/**
 * Signs a body as the extension does (`X-Webhook-Signature`: base64 HMAC-SHA256 of the body).
 * @param payload - the history event
 * @param secret - the shop's secret
 */
export function signOpenCartDelivery(payload: unknown, secret: string) {
  const body = JSON.stringify(payload);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'OpenCart/4.0.2.3 x-messaging-extension/1.0.0',
      'x-webhook-signature': computeWebhookSignature(body, secret),
    },
  };
}
