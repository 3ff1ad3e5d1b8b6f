export { type OrderSnapshot, OrderSnapshotCache } from './order-snapshot-cache';
export type { OrderSnapshotStore } from './order-snapshot-store';
export {
  DEFAULT_REDIS_TIMEOUT_MS,
  DEFAULT_SNAPSHOT_KEY_PREFIX,
  DEFAULT_SNAPSHOT_TTL_SECONDS,
  parseSnapshotStoreEnv,
  RedisSnapshotStore,
  type RedisSnapshotStoreOptions,
  redisSnapshotStoreFromEnv,
  type SnapshotStoreEnv,
  type SnapshotStoreLogger,
  snapshotStoreEnvSchema,
} from './redis-snapshot-store';
export * from './woocommerce-mapping';
export {
  createWooRestOrderLookup,
  type WooOrderLookup,
  type WooRestOrderLookupOptions,
} from './woocommerce-order-lookup';
export {
  type WooCustomer,
  type WooCustomerNote,
  type WooOrder,
  wooCustomerNoteSchema,
  wooCustomerSchema,
  wooOrderSchema,
} from './woocommerce-payloads';
export { wooCommercePlatform } from './woocommerce-platform';
export type { WooRestKey } from './woocommerce-rest';
export {
  registerWooCommerceRoutes,
  WOOCOMMERCE_TOPICS,
  type WooCommerceRouteOptions,
  type WooCommerceShop,
} from './woocommerce-routes';
export {
  type SampleWooOrderOptions,
  type SignedWooDelivery,
  sampleWooCustomer,
  sampleWooCustomerNote,
  sampleWooOrder,
  signWooDelivery,
} from './woocommerce-samples';
