import {
  type OrderEvent,
  type PlatformContext,
  type PlatformWarmUp,
  unmatchableSignature,
} from '@x/app-service-kit';
import {
  customerRegisteredEvent,
  mapWooCustomer,
  mapWooOrder,
  mapWooOrderCustomer,
  orderCreatedEvent,
  orderShipmentAddedEvent,
  orderStatusChangedEvent,
  parseWooGmtDate,
  type WooDeliveryContext,
} from './woocommerce-mapping';
import { wooCustomerSchema, wooOrderSchema } from './woocommerce-payloads';
import { sampleWooCustomer, sampleWooOrder, signWooDelivery } from './woocommerce-samples';

/**
 * The WooCommerce part of the service's warm-up for one shop (see `warmUpService`): an `order.updated` delivery
 * of a sample order whose signature cannot match (answered 401 before the route reads the payload, so the order
 * snapshots never see it), and the events the route would map from sample order and customer payloads, read
 * on each call through the same payload schemas and mapping.
 * @param shopId - the shop
 * @param context - the service's configuration (the shop's secret and tracking meta keys)
 */
export function wooCommerceWarmUp(shopId: string, { config }: PlatformContext): PlatformWarmUp {
  const shop = config.file.shops[shopId];
  const secret = config.webhookSecrets[shopId];
  const order = sampleWooOrder({ id: 1, status: 'processing', trackingNumber: 'YK1234567890' });
  const requests: PlatformWarmUp['requests'] = [];
  if (secret !== undefined) {
    const { body, headers } = signWooDelivery('order.updated', order, secret);
    headers['x-wc-webhook-signature'] = unmatchableSignature(headers['x-wc-webhook-signature'] ?? '');
    requests.push({ method: 'POST', url: `/webhooks/woocommerce/${shopId}`, headers, payload: body });
  }
  const registeredPayload = sampleWooCustomer({
    id: 2,
    firstName: 'Ayşe',
    lastName: 'Yılmaz',
    phone: '0532 123 45 67',
  });
  const sampleEvents = () => {
    const context: WooDeliveryContext = { shopId, receivedAt: new Date(), raw: order };
    const payload = wooOrderSchema.parse(order);
    const mapped = mapWooOrder(payload, shop?.trackingMetaKeys);
    const customer = mapWooOrderCustomer(payload);
    const registered = wooCustomerSchema.parse(registeredPayload);
    const events: (OrderEvent | undefined)[] = [
      orderCreatedEvent(mapped, customer, context),
      orderStatusChangedEvent({ ...mapped, status: 'completed' }, customer, 'processing', context),
      orderShipmentAddedEvent(mapped, customer, context),
      customerRegisteredEvent(
        mapWooCustomer(registered),
        parseWooGmtDate(registered.date_created_gmt),
        context,
      ),
    ];
    return events.filter((event): event is OrderEvent => event !== undefined);
  };
  return { requests, sampleEvents };
}
