import type { PlatformModule } from '@x/app-service-kit';
import { OPENCART_TOPIC, type OpenCartShop, registerOpenCartRoutes } from './opencart-routes';
import { openCartWarmUp } from './opencart-warm-up';

/**
 * The OpenCart platform module for `createService` / `runService`: the webhook route of every configured shop,
 * with its secret from the environment and its status names (`opencartStatuses`) from the file.
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
  };
}
