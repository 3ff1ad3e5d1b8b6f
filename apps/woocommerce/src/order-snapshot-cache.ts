import type { CustomerInfo, OrderInfo } from '@x/app-service-kit';
import type { OrderSnapshotStore } from './order-snapshot-store';

/** The order and customer of the last order payload seen for an order. */
export interface OrderSnapshot {
  order: OrderInfo;
  customer: CustomerInfo;
}

/**
 * A bounded, least-recently-used memory of the last order payload per order. WooCommerce's customer-note
 * action carries only the order id and the note, so the note's recipient is taken from here. One process only:
 * with several instances, use {@link RedisSnapshotStore}.
 */
export class OrderSnapshotCache implements OrderSnapshotStore {
  readonly #entries = new Map<string, OrderSnapshot>();
  readonly #capacity: number;

  /**
   * @param capacity - how many orders to remember (default 10,000)
   */
  constructor(capacity = 10_000) {
    this.#capacity = Math.max(1, capacity);
  }

  /**
   * Remembers an order's latest payload.
   * @param shopId - the shop
   * @param snapshot - the mapped order and customer
   */
  async set(shopId: string, snapshot: OrderSnapshot): Promise<void> {
    const key = `${shopId}\u0000${snapshot.order.id}`;
    this.#entries.delete(key);
    this.#entries.set(key, snapshot);
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  /**
   * The latest payload of an order, if remembered.
   * @param shopId - the shop
   * @param orderId - the order id
   */
  async get(shopId: string, orderId: string): Promise<OrderSnapshot | undefined> {
    const key = `${shopId}\u0000${orderId}`;
    const found = this.#entries.get(key);
    if (found) {
      this.#entries.delete(key);
      this.#entries.set(key, found);
    }
    return found;
  }

  /** How many orders are remembered. */
  get size(): number {
    return this.#entries.size;
  }
}
