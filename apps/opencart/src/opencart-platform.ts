import { confirmsCodOrders, type PlatformModule, type ServiceConfig } from '@x/app-service-kit';
import { ConfigError, type OrderWriter } from '@x/order-notifications';
import { createOpenCartOrderWriter } from './opencart-order-writer';
import { OPENCART_TOPIC, type OpenCartShop, registerOpenCartRoutes } from './opencart-routes';
import { openCartWarmUp } from './opencart-warm-up';

/**
 * The order writers of the OpenCart shops: the extension's signed write-back route at the shop's `storeUrl`,
 * signed with its webhook secret.
 * @throws ConfigError naming `shops.<id>.storeUrl` (or the secret) for a shop that confirms COD orders by phone
 *   and could not write the outcome back
 */
function openCartOrderWriters(config: ServiceConfig): Record<string, OrderWriter> {
  const writers: Record<string, OrderWriter> = {};
  const issues: { path: string[]; message: string; code: string }[] = [];
  for (const [shopId, shop] of Object.entries(config.file.shops)) {
    const secret = config.webhookSecrets[shopId];
    if (shop.storeUrl && secret !== undefined) {
      writers[shopId] = createOpenCartOrderWriter({
        storeUrl: shop.storeUrl,
        secret,
        ...(shop.opencartStatuses ? { statuses: shop.opencartStatuses } : {}),
      });
    } else if (confirmsCodOrders(shop)) {
      issues.push({
        path: ['shops', shopId, shop.storeUrl ? 'webhookSecretEnv' : 'storeUrl'],
        message: shop.storeUrl
          ? 'confirmation calls write back with the webhook secret, which is not set'
          : 'confirmation calls write their outcome back to the store: set the store address (storeUrl)',
        code: 'no_write_back',
      });
    }
  }
  if (issues.length > 0) throw new ConfigError({ issues });
  return writers;
}

/**
 * The OpenCart platform module for `createService` / `runService`: the webhook route of every configured shop,
 * with its secret from the environment and its status names (`opencartStatuses`) from the file, and the order
 * writers of confirmation calls (the extension's signed write-back route at the shop's `storeUrl`).
 * @throws ConfigError from `orderWriters` when a shop confirms COD orders by phone without a `storeUrl`
 */
export function openCartPlatform(): PlatformModule {
  return {
    name: 'opencart',
    webhooks: (shopId) => [
      { topic: OPENCART_TOPIC, path: `/webhooks/opencart/${encodeURIComponent(shopId)}` },
    ],
    register(app, { engine, config, webhookStats }) {
      const shops: Record<string, OpenCartShop> = {};
      for (const [shopId, shop] of Object.entries(config.file.shops)) {
        const secret = config.webhookSecrets[shopId];
        if (secret === undefined) continue;
        shops[shopId] = { secret, ...(shop.opencartStatuses ? { statuses: shop.opencartStatuses } : {}) };
      }
      registerOpenCartRoutes(app, { engine, shops, stats: webhookStats });
    },
    warmUp: openCartWarmUp,
    orderWriters: openCartOrderWriters,
  };
}
