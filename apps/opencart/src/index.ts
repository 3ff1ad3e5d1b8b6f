export {
  DEFAULT_OPENCART_STATUSES,
  mapOpenCartCustomer,
  mapOpenCartHistoryEvent,
  mapOpenCartOrder,
  openCartStatus,
  parseOpenCartDate,
} from './opencart-mapping';
export {
  createOpenCartOrderWriter,
  OPENCART_WRITE_BACK_ROUTE,
  type OpenCartOrderWriterOptions,
  openCartStatusId,
} from './opencart-order-writer';
export {
  type OpenCartHistoryEvent,
  type OpenCartOrder,
  openCartHistoryEventSchema,
  openCartOrderSchema,
} from './opencart-payloads';
export { openCartPlatform } from './opencart-platform';
export {
  OPENCART_SIGNATURE_HEADER,
  type OpenCartRouteOptions,
  type OpenCartShop,
  registerOpenCartRoutes,
} from './opencart-routes';
export { sampleOpenCartHistoryEvent, signOpenCartDelivery } from './opencart-samples';
