import type { RuleEventType } from './notification-config';

/** A rule as written in a configuration: every field optional. */
export interface RuleInput {
  /** Whether the rule sends anything (default true). */
  enabled?: boolean;
  /** Template of the message to the customer; no customer message when absent. */
  customerTemplate?: string;
  /** Template of the message to the admin phones; no admin message when absent. */
  adminTemplate?: string;
  /** Admin phones for this rule only (default: the shop's `adminPhones`). */
  adminPhones?: string[];
}

/** Turkish labels of WooCommerce's order statuses (`{status_label}`). */
export const DEFAULT_STATUS_LABELS: Readonly<Record<string, string>> = Object.freeze({
  pending: 'Ödeme bekleniyor',
  processing: 'Hazırlanıyor',
  'on-hold': 'Beklemede',
  completed: 'Tamamlandı',
  cancelled: 'İptal edildi',
  refunded: 'İade edildi',
  failed: 'Ödeme başarısız',
  'checkout-draft': 'Taslak',
});

/** Statuses whose arrival means "a real new order" (a paid or awaiting-transfer order). */
export const DEFAULT_NEW_ORDER_STATUSES: readonly string[] = Object.freeze(['processing', 'on-hold']);

/** Turkish default rules per event (`order.status_changed` is configured per status). */
export const DEFAULT_EVENT_RULES: Readonly<Record<RuleEventType, RuleInput>> = Object.freeze({
  'order.created': {
    enabled: true,
    customerTemplate:
      'Sayın {first_name}, {order_number} numaralı siparişiniz alındı. Tutar: {total} {currency}. {shop_name}',
    adminTemplate: 'Yeni sipariş #{order_number}: {full_name}, {total} {currency}, {item_count} ürün.',
  },
  'order.note_added': {
    enabled: true,
    customerTemplate: '{shop_name}: {order_number} numaralı siparişinize not eklendi: {note}',
  },
  'order.shipment_added': {
    enabled: true,
    customerTemplate:
      'Sayın {first_name}, {order_number} numaralı siparişiniz kargoya verildi. {tracking_company} takip no: {tracking_number} {tracking_url}',
  },
  'customer.registered': {
    enabled: true,
    customerTemplate: 'Sayın {first_name}, {shop_name} ailesine hoş geldiniz!',
  },
});

/** Turkish default rules per WooCommerce status. Pending and failed are off: no message for unpaid orders. */
export const DEFAULT_STATUS_RULES: Readonly<Record<string, RuleInput>> = Object.freeze({
  pending: {
    enabled: false,
    customerTemplate: 'Sayın {first_name}, {order_number} numaralı siparişiniz ödeme bekliyor. {shop_name}',
  },
  processing: {
    enabled: true,
    customerTemplate: 'Sayın {first_name}, {order_number} numaralı siparişiniz hazırlanıyor. {shop_name}',
  },
  'on-hold': {
    enabled: true,
    customerTemplate:
      'Sayın {first_name}, {order_number} numaralı siparişiniz beklemede; ödemeniz onaylanınca hazırlanacak. {shop_name}',
  },
  completed: {
    enabled: true,
    customerTemplate:
      'Sayın {first_name}, {order_number} numaralı siparişiniz tamamlandı. Bizi tercih ettiğiniz için teşekkürler. {shop_name}',
  },
  cancelled: {
    enabled: true,
    customerTemplate: 'Sayın {first_name}, {order_number} numaralı siparişiniz iptal edildi. {shop_name}',
    adminTemplate: 'Sipariş #{order_number} iptal edildi ({total} {currency}).',
  },
  refunded: {
    enabled: true,
    customerTemplate:
      'Sayın {first_name}, {order_number} numaralı siparişinizin {total} {currency} iadesi yapıldı. {shop_name}',
  },
  failed: {
    enabled: false,
    customerTemplate:
      'Sayın {first_name}, {order_number} numaralı siparişinizin ödemesi tamamlanamadı. {shop_name}',
  },
});
