import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AcceptResult,
  createNotificationEngine,
  type NotificationEngine,
  type OrderEvent,
  type OutboxStore,
  parseNotificationConfig,
} from '../src/index';
import { ADMIN_E164, event, minute, order, orderUpdate } from './fixtures';
import { createRecordingProvider } from './recording-provider';
import type { StoreHarness } from './store-suite';

const config = parseNotificationConfig({
  shops: { demo: { name: 'Demo', provider: 'sms', adminPhones: [ADMIN_E164] } },
});

/** An engine on a store, with the shop `demo` (customer and admin messages, the default rules). */
export function engineOn(store: OutboxStore): NotificationEngine {
  return createNotificationEngine({
    store,
    config,
    providers: { sms: createRecordingProvider({ providerId: 'sms' }) },
  });
}

/** What an accept queued, as `role: text` lines. */
export function queuedTexts(result: AcceptResult): string[] {
  return result.queued.map((message) => `${message.role}: ${message.text}`);
}

const NEW_ORDER = [
  'customer: Sayın Ayşe, A-1001 numaralı siparişiniz alındı. Tutar: 149.90 TRY. Demo',
  'admin: Yeni sipariş #A-1001: Ayşe Yılmaz, 149.90 TRY, 3 ürün.',
];
const COMPLETED_TEXT =
  'Sayın Ayşe, A-1001 numaralı siparişiniz tamamlandı. Bizi tercih ettiğiniz için teşekkürler. Demo';
const COMPLETED = [`customer: ${COMPLETED_TEXT}`];

/**
 * Updates of an order that arrive out of order (a delayed or retried webhook), run against SQLite and PostgreSQL
 * alike: with the order's modification time, an update older than the one recorded changes nothing.
 */
export function describeStaleUpdates(name: string, open: () => Promise<StoreHarness>): void {
  describe(`${name}: updates of an order that arrive out of order`, () => {
    let harness: StoreHarness;
    let engine: NotificationEngine;

    const update = (events: OrderEvent[], on = engine) => on.acceptAll(events, { recordStatus: true });
    const stateOf = (orderId = '1001') => harness.store.calls.orderState('demo', orderId);

    beforeEach(async () => {
      harness = await open();
      engine = engineOn(harness.store);
    });

    afterEach(async () => {
      await engine.close();
      await harness.cleanup();
    });

    it('queues nothing for an older status that arrives after a newer one, and keeps the newer', async () => {
      expect(queuedTexts(await update(orderUpdate('pending', minute(0))))).toEqual([]);
      expect(queuedTexts(await update(orderUpdate('completed', minute(5))))).toEqual(COMPLETED);
      const late = await update(orderUpdate('processing', minute(1)));
      expect(late).toMatchObject({ queued: [], duplicates: 0, skipped: [], unchanged: 1 });
      expect(await stateOf()).toEqual({ status: 'completed' });
      // The newer update delivered again is the status already recorded.
      expect(await update(orderUpdate('completed', minute(5)))).toMatchObject({ queued: [], unchanged: 1 });
      const texts = (await engine.messages.list({ orderId: '1001' })).map((message) => message.text);
      expect(texts).toEqual([COMPLETED_TEXT]);
    });

    it('queues both when the older status arrives first, as before', async () => {
      expect(queuedTexts(await update(orderUpdate('processing', minute(1))))).toEqual(NEW_ORDER);
      expect(queuedTexts(await update(orderUpdate('completed', minute(5))))).toEqual(COMPLETED);
      expect(await stateOf()).toEqual({ status: 'completed' });
    });

    it('queues nothing again for an update delivered again with the same time', async () => {
      const created = event({ order: order({ updatedAt: minute(1) }) });
      expect(queuedTexts(await update([created]))).toEqual(NEW_ORDER);
      expect(await update([created])).toMatchObject({ queued: [], duplicates: 2, unchanged: 0 });
      expect(queuedTexts(await update(orderUpdate('completed', minute(5))))).toEqual(COMPLETED);
      expect(await update(orderUpdate('completed', minute(5)))).toMatchObject({ queued: [], unchanged: 1 });
    });

    it('compares updates without a modification time by status alone, as before', async () => {
      expect(queuedTexts(await update(orderUpdate('completed', undefined)))).toEqual(COMPLETED);
      expect(queuedTexts(await update(orderUpdate('processing', undefined)))).toEqual(NEW_ORDER);
      expect(await stateOf()).toEqual({ status: 'processing' });
      expect(await update(orderUpdate('processing', undefined))).toMatchObject({ queued: [], unchanged: 1 });
      // An update without the time after one with it is taken as well: nothing says it is older.
      expect(queuedTexts(await update(orderUpdate('completed', minute(5), { id: '1002' })))).toHaveLength(1);
      expect(queuedTexts(await update(orderUpdate('processing', undefined, { id: '1002' })))).toHaveLength(2);
      expect(await stateOf('1002')).toEqual({ status: 'processing' });
    });

    it('does not record the tracking number of an older update over the newer one', async () => {
      const newer = await update(orderUpdate('completed', minute(5), { trackingNumber: 'T2' }));
      expect(queuedTexts(newer)).toEqual([`customer: ${COMPLETED_TEXT} Kargo takip no: T2`]);
      const older = await update(orderUpdate('processing', minute(1), { trackingNumber: 'T1' }));
      expect(older).toMatchObject({ queued: [], unchanged: 2 });
      // An older update with the same status brings only its tracking number, older too.
      const sameStatus = await update(orderUpdate('completed', minute(3), { trackingNumber: 'T1' }));
      expect(sameStatus).toMatchObject({ queued: [], unchanged: 2 });
      expect(await stateOf()).toEqual({ status: 'completed', trackingNumber: 'T2' });
    });

    it('lets a state recorded without a time take the next update, then compares with its time', async () => {
      // As a row written before the order's modification time was recorded.
      await engine.recordOrderStatus('demo', '1001', 'completed');
      expect(queuedTexts(await update(orderUpdate('processing', minute(1))))).toEqual(NEW_ORDER);
      expect(await update(orderUpdate('completed', minute(0)))).toMatchObject({ queued: [], unchanged: 1 });
      expect(await stateOf()).toEqual({ status: 'processing' });
    });

    it('queues nothing for an order.created older than an update already recorded', async () => {
      expect(queuedTexts(await update(orderUpdate('cancelled', minute(5))))).toHaveLength(2);
      const created = event({ order: order({ status: 'processing', updatedAt: minute(0) }) });
      expect(await update([created])).toMatchObject({ queued: [], unchanged: 1 });
      expect(await stateOf()).toEqual({ status: 'cancelled' });
    });

    it('keeps the newer status of two deliveries of an order that arrive together, in either order', async () => {
      const [newer, older] = await Promise.all([
        update(orderUpdate('completed', minute(5), { id: 'n1' })),
        update(orderUpdate('processing', minute(1), { id: 'n1' })),
      ]);
      expect(newer.queued).toHaveLength(1);
      expect(older).toMatchObject({ queued: [], unchanged: 1 });
      const [first, second] = await Promise.all([
        update(orderUpdate('processing', minute(1), { id: 'o1' })),
        update(orderUpdate('completed', minute(5), { id: 'o1' })),
      ]);
      expect([first.queued.length, second.queued.length]).toEqual([2, 1]);
      expect([await stateOf('n1'), await stateOf('o1')]).toEqual([
        { status: 'completed' },
        { status: 'completed' },
      ]);
    });

    it('keeps the newer status when two instances on one database take an order at once', async () => {
      const other = engineOn(await harness.reopen());
      try {
        const ids = Array.from({ length: 12 }, (_, index) => `p${index}`);
        const results = await Promise.all(
          ids.map((id) =>
            Promise.all([
              update(orderUpdate('completed', minute(5), { id })),
              update(orderUpdate('processing', minute(1), { id }), other),
            ]),
          ),
        );
        for (const [index, [newer, older]] of results.entries()) {
          expect(await stateOf(ids[index])).toEqual({ status: 'completed' });
          expect(newer.queued).toHaveLength(1);
          // The older update queued its messages only where it was recorded first, else nothing.
          expect([
            [2, 0],
            [0, 1],
          ]).toContainEqual([older.queued.length, older.unchanged]);
        }
      } finally {
        await other.close();
      }
    });
  });
}
