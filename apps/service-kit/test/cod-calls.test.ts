import { describe, expect, it } from 'vitest';
import { confirmsCodOrders } from '../src/cod-calls';
import type { ShopFileConfig } from '../src/service-config';

/** Whether a shop's settings turn confirmation calls on: the engine's own resolution, for every platform. */

const shop = (voice?: Record<string, unknown>) =>
  ({
    provider: 'sandbox',
    ...(voice ? { voice: { provider: 'bulutfon', ...voice } } : {}),
  }) as ShopFileConfig;

describe('confirmsCodOrders', () => {
  it('is on for a cod section unless it says enabled: false, and off without one', () => {
    expect(confirmsCodOrders(shop())).toBe(false);
    expect(confirmsCodOrders(shop({ missedCall: {} }))).toBe(false);
    expect(confirmsCodOrders(shop({ cod: {} }))).toBe(true);
    expect(confirmsCodOrders(shop({ cod: { enabled: true, attempts: 2 } }))).toBe(true);
    expect(confirmsCodOrders(shop({ cod: { enabled: false } }))).toBe(false);
  });
});
