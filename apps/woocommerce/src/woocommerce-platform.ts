import type { PlatformModule } from '@x/app-service-kit';
import { OrderSnapshotCache } from './order-snapshot-cache';
import { registerWooCommerceRoutes, type WooCommerceShop } from './woocommerce-routes';

/**
 * The WooCommerce platform module for `createService` / `runService`: the webhook route of every configured
 * shop, with its secret from the environment and its tracking meta keys from the file.
 * @param options - the size of the order cache used for customer notes
 */
export function wooCommercePlatform(options: { orderCacheSize?: number } = {}): PlatformModule {
  return {
    name: 'woocommerce',
    register(app, { engine, config }) {
      const shops: Record<string, WooCommerceShop> = {};
      for (const [shopId, shop] of Object.entries(config.file.shops)) {
        const secret = config.webhookSecrets[shopId];
        if (secret === undefined) continue;
        shops[shopId] = {
          secret,
          ...(shop.trackingMetaKeys ? { trackingMetaKeys: shop.trackingMetaKeys } : {}),
        };
      }
      registerWooCommerceRoutes(app, {
        engine,
        shops,
        orderCache: new OrderSnapshotCache(options.orderCacheSize),
      });
    },
  };
}
