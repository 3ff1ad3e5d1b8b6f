import type { PlatformModule } from '@x/app-service-kit';
import { OrderSnapshotCache } from './order-snapshot-cache';
import { createWooRestOrderLookup } from './woocommerce-order-lookup';
import { registerWooCommerceRoutes, type WooCommerceShop } from './woocommerce-routes';

/**
 * The WooCommerce platform module for `createService` / `runService`: the webhook route of every configured
 * shop, with its secret from the environment and its tracking meta keys from the file. A shop with `storeUrl` in
 * the file and `WOOCOMMERCE_CONSUMER_KEY_<SHOP>` / `WOOCOMMERCE_CONSUMER_SECRET_<SHOP>` in the environment also
 * reads orders it has not seen from the REST API, for customer notes.
 * @param options - the size of the order cache used for customer notes, and the environment (`process.env`)
 */
export function wooCommercePlatform(
  options: { orderCacheSize?: number; env?: Record<string, string | undefined> } = {},
): PlatformModule {
  const env = options.env ?? process.env;
  return {
    name: 'woocommerce',
    register(app, { engine, config }) {
      const shops: Record<string, WooCommerceShop> = {};
      for (const [shopId, shop] of Object.entries(config.file.shops)) {
        const secret = config.webhookSecrets[shopId];
        if (secret === undefined) continue;
        const suffix = shopId.toUpperCase().replace(/-/g, '_');
        const consumerKey = env[`WOOCOMMERCE_CONSUMER_KEY_${suffix}`];
        const consumerSecret = env[`WOOCOMMERCE_CONSUMER_SECRET_${suffix}`];
        const lookupOrder =
          shop.storeUrl && consumerKey && consumerSecret
            ? createWooRestOrderLookup({
                storeUrl: shop.storeUrl,
                consumerKey,
                consumerSecret,
                ...(shop.trackingMetaKeys ? { trackingMetaKeys: shop.trackingMetaKeys } : {}),
              })
            : undefined;
        shops[shopId] = {
          secret,
          ...(shop.trackingMetaKeys ? { trackingMetaKeys: shop.trackingMetaKeys } : {}),
          ...(lookupOrder ? { lookupOrder } : {}),
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
