import { confirmsCodOrders, type PlatformModule, type ServiceConfig, shopEnvName } from '@x/app-service-kit';
import type { ValidationIssue } from '@x/messaging-core';
import { ConfigError, type OrderWriter } from '@x/order-notifications';
import { OrderSnapshotCache } from './order-snapshot-cache';
import type { OrderSnapshotStore } from './order-snapshot-store';
import { parseSnapshotStoreEnv, redisSnapshotStoreFromEnv } from './redis-snapshot-store';
import { createWooRestOrderLookup } from './woocommerce-order-lookup';
import { createWooRestOrderWriter } from './woocommerce-order-writer';
import { registerWooCommerceRoutes, WOOCOMMERCE_TOPICS, type WooCommerceShop } from './woocommerce-routes';
import { wooCommerceWarmUp } from './woocommerce-warm-up';

/** The variables of a shop's REST key: `WOOCOMMERCE_CONSUMER_KEY_<SHOP>`, `WOOCOMMERCE_CONSUMER_SECRET_<SHOP>`. */
function restKeyVariables(shopId: string) {
  return {
    key: shopEnvName('WOOCOMMERCE_CONSUMER_KEY', shopId),
    secret: shopEnvName('WOOCOMMERCE_CONSUMER_SECRET', shopId),
  };
}

/** A shop's REST key, from the variables {@link restKeyVariables} names. */
function restKeyOf(env: Record<string, string | undefined>, shopId: string) {
  const variables = restKeyVariables(shopId);
  return { consumerKey: env[variables.key], consumerSecret: env[variables.secret] };
}

/**
 * The order writers of the WooCommerce shops: the REST API at the shop's `storeUrl` with its REST key (it needs
 * write access), for the notes and statuses of confirmation calls.
 * @throws ConfigError naming `shops.<id>.storeUrl` or the shop's missing `WOOCOMMERCE_CONSUMER_*` variables (never
 *   their values) for a shop that confirms COD orders by phone and could not write the outcome back
 */
function wooCommerceOrderWriters(
  config: ServiceConfig,
  env: Record<string, string | undefined>,
): Record<string, OrderWriter> {
  const writers: Record<string, OrderWriter> = {};
  const issues: ValidationIssue[] = [];
  for (const [shopId, shop] of Object.entries(config.file.shops)) {
    const { consumerKey, consumerSecret } = restKeyOf(env, shopId);
    if (shop.storeUrl && consumerKey && consumerSecret) {
      writers[shopId] = createWooRestOrderWriter({ storeUrl: shop.storeUrl, consumerKey, consumerSecret });
    } else if (confirmsCodOrders(shop)) {
      const variables = restKeyVariables(shopId);
      const missing = [
        ...(consumerKey ? [] : [variables.key]),
        ...(consumerSecret ? [] : [variables.secret]),
      ];
      if (!shop.storeUrl) {
        issues.push({
          path: ['shops', shopId, 'storeUrl'],
          message:
            'confirmation calls write their outcome back to the store: set the store address (storeUrl)',
          code: 'no_write_back',
        });
      }
      if (missing.length > 0) {
        issues.push({
          path: ['shops', shopId, 'voice', 'cod'],
          message: `confirmation calls write their outcome back with the shop's REST key (read/write access): set ${missing.join(' and ')}`,
          code: 'no_write_back',
        });
      }
    }
  }
  if (issues.length > 0) throw new ConfigError({ issues });
  return writers;
}

/**
 * The WooCommerce platform module for `createService` / `runService`: the webhook route of every configured
 * shop, with its secret from the environment and its tracking meta keys from the file. A shop with `storeUrl` in
 * the file and `WOOCOMMERCE_CONSUMER_KEY_<SHOP>` / `WOOCOMMERCE_CONSUMER_SECRET_<SHOP>` in the environment also
 * reads orders it has not seen from the REST API, for customer notes.
 *
 * The last order payload of each order (the recipient of customer notes) is kept in memory, or with `REDIS_URL`
 * in Redis, shared by every instance (`REDIS_KEY_PREFIX`, `REDIS_SNAPSHOT_TTL_SECONDS`, `REDIS_TIMEOUT_MS`); the
 * Redis connection opens when the service starts (which waits for it at most its connection time limit,
 * `max(1 s, REDIS_TIMEOUT_MS)`; a Redis that is down does not stop the start) and closes when the service stops.
 * @param options - the size of the memory used without Redis, the environment (`process.env`), or a store of
 *   the caller's (which the caller closes)
 * @throws ValidationError from `register` naming a bad `REDIS_*` variable
 * @throws ConfigError from `orderWriters` when a shop confirms COD orders by phone without `storeUrl` or its REST
 *   key (the variables are named, never their values)
 */
export function wooCommercePlatform(
  options: {
    orderCacheSize?: number;
    env?: Record<string, string | undefined>;
    orderSnapshotStore?: OrderSnapshotStore;
  } = {},
): PlatformModule {
  const env = options.env ?? process.env;
  return {
    name: 'woocommerce',
    // One URL per topic: WooCommerce asks for a delivery URL on each webhook it creates (one per topic).
    webhooks: (shopId) =>
      WOOCOMMERCE_TOPICS.map((topic) => ({
        topic,
        path: `/webhooks/woocommerce/${encodeURIComponent(shopId)}`,
      })),
    register(app, { engine, config, logger, webhookStats }) {
      let orderCache = options.orderSnapshotStore;
      if (!orderCache) {
        const redis = redisSnapshotStoreFromEnv(
          parseSnapshotStoreEnv(env),
          logger.child({ component: 'order-snapshots' }),
        );
        if (redis) {
          // Connected before the first webhook, which would otherwise pay for the connection within its
          // time bound. A Redis that is down is logged by the store and retried; the service starts anyway.
          app.addHook('onReady', async () => {
            await redis.connect().catch(() => undefined);
          });
          app.addHook('onClose', async () => {
            await redis.close();
          });
        }
        orderCache = redis ?? new OrderSnapshotCache(options.orderCacheSize);
      }
      const shops: Record<string, WooCommerceShop> = {};
      for (const [shopId, shop] of Object.entries(config.file.shops)) {
        const secret = config.webhookSecrets[shopId];
        if (secret === undefined) continue;
        const { consumerKey, consumerSecret } = restKeyOf(env, shopId);
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
      registerWooCommerceRoutes(app, { engine, shops, orderCache, stats: webhookStats });
    },
    warmUp: wooCommerceWarmUp,
    orderWriters: (config) => wooCommerceOrderWriters(config, env),
  };
}
