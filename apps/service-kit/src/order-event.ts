export type { CustomerInfo, OrderEvent, OrderEventType, OrderInfo } from '@x/order-notifications';
