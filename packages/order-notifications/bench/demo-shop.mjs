// The demo shop, its order events and a timed dispatch, shared by the outbox's benches (dist must be built).
import { parseNotificationConfig } from '../dist/index.js';

/** One shop, `demo`, sending through the provider `sandbox`, with one admin number. */
export const demoConfig = parseNotificationConfig({
  shops: { demo: { name: 'Demo Mağaza', provider: 'sandbox', adminPhones: ['+905559876543'] } },
});

/** Order n of the demo shop: created, with one line, for a customer whose number is made of n. */
export function orderEvent(index) {
  return {
    type: 'order.created',
    shopId: 'demo',
    occurredAt: new Date(),
    order: {
      id: `o${index}`,
      number: `${100000 + index}`,
      status: 'processing',
      total: '149.90',
      currency: 'TRY',
      items: [{ name: 'Kahve', quantity: 2 }],
    },
    customer: { firstName: 'Ayşe', lastName: 'Yılmaz', phone: `0532 ${String(1000000 + index).slice(-7)}` },
    raw: {},
  };
}

/**
 * Starts the engine's dispatcher (32 sends at once, no rate limit) and stops it once the sandbox has `expected`
 * messages; returns how many per second it sent.
 */
export async function dispatchAll(engine, sandbox, expected) {
  const started = performance.now();
  const dispatcher = engine.startDispatcher({
    concurrency: 32,
    pollIntervalMs: 5,
    ratePerSecond: Number.POSITIVE_INFINITY,
    reportIntervalMs: 0,
  });
  while (sandbox.sent.length < expected) await new Promise((resolve) => setTimeout(resolve, 5));
  await dispatcher.stop();
  return expected / ((performance.now() - started) / 1000);
}
