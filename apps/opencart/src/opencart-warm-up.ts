import { type PlatformContext, type PlatformWarmUp, unmatchableSignature } from '@x/app-service-kit';
import { mapOpenCartHistoryEvent } from './opencart-mapping';
import { openCartHistoryEventSchema } from './opencart-payloads';
import { sampleOpenCartHistoryEvent, signOpenCartDelivery } from './opencart-samples';

/**
 * The OpenCart part of the service's warm-up for one shop (see `warmUpService`): a history event of a sample
 * order whose signature cannot match (answered 401), and the events the route would map from sample history
 * events (a new order with a customer comment, a status change), read on each call through the same schema and
 * mapping.
 * @param shopId - the shop
 * @param context - the service's configuration (the shop's secret and status names)
 */
export function openCartWarmUp(shopId: string, { config }: PlatformContext): PlatformWarmUp {
  const statuses = config.file.shops[shopId]?.opencartStatuses;
  const secret = config.webhookSecrets[shopId];
  const created = sampleOpenCartHistoryEvent({
    orderId: 1,
    oldStatusId: 0,
    newStatusId: 2,
    comment: 'Siparişiniz hazırlanıyor',
    notify: true,
  });
  const changed = sampleOpenCartHistoryEvent({ orderId: 1, oldStatusId: 2, newStatusId: 3 });
  const requests: PlatformWarmUp['requests'] = [];
  if (secret !== undefined) {
    const { body, headers } = signOpenCartDelivery(created, secret);
    headers['x-webhook-signature'] = unmatchableSignature(headers['x-webhook-signature']);
    requests.push({ method: 'POST', url: `/webhooks/opencart/${shopId}`, headers, payload: body });
  }
  const sampleEvents = () => {
    const options = { receivedAt: new Date(), ...(statuses ? { statuses } : {}) };
    return [created, changed].flatMap((payload) =>
      mapOpenCartHistoryEvent(openCartHistoryEventSchema.parse(payload), shopId, options),
    );
  };
  return { requests, sampleEvents };
}
