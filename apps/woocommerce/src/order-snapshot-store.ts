import type { OrderSnapshot } from './order-snapshot-cache';

/**
 * Where the service remembers the last order payload of each order, for customer notes (whose payload carries
 * only the order id). In memory by default ({@link OrderSnapshotCache}); in Redis when several instances share
 * the webhooks ({@link RedisSnapshotStore}).
 */
export interface OrderSnapshotStore {
  /**
   * The latest payload of an order, or `undefined` when none is remembered.
   * @throws an error of `@x/messaging-core` when the store cannot be read
   */
  get(shopId: string, orderId: string): Promise<OrderSnapshot | undefined>;
  /**
   * Remembers an order's latest payload, replacing the previous one.
   * @throws an error of `@x/messaging-core` when the store cannot be written
   */
  set(shopId: string, snapshot: OrderSnapshot): Promise<void>;
  /** Releases connections; safe to call twice. */
  close?(): Promise<void>;
}
