import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderEvent, OutboxStore } from '../src/index';
import { minute, orderUpdate } from './fixtures';
import { type RawDatabase, writeSchemaBefore } from './index-migration-suite';
import { engineOn, queuedTexts } from './stale-updates-suite';

/** The version whose migration is tested: the order's modification time beside its recorded state. */
const VERSION = 8;

/** The order states a store of the version before recorded (without a time): statuses and a tracking number. */
const STATES = [
  ['1001', 'completed'],
  ['1001#tracking', 'T1'],
  ['1002', 'processing'],
] as const;

/**
 * The migration to schema version 8, run against SQLite and PostgreSQL alike: the states recorded by version 7
 * stay, and take the next update of their order whatever its time, as before.
 */
export function describeOrderTimeMigration(name: string, create: () => Promise<RawDatabase>): void {
  describe(`${name}: the migration to version ${VERSION}`, () => {
    let db: RawDatabase;
    let store: OutboxStore;

    beforeEach(async () => {
      db = await create();
      await writeSchemaBefore(db, VERSION);
      for (const [key, value] of STATES) {
        await db.run(
          `INSERT INTO ${db.prefix}order_statuses (shop_id, order_id, status, updated_at)
           VALUES ('demo', ${db.placeholder(1)}, ${db.placeholder(2)}, 0)`,
          [key, value],
        );
      }
      store = await db.open();
    });

    afterEach(async () => {
      await store.close();
      await db.cleanup();
    });

    it('keeps the statuses and tracking numbers recorded before', async () => {
      expect(await store.schemaVersion()).toBeGreaterThanOrEqual(VERSION);
      expect(await store.calls.orderState('demo', '1001')).toEqual({
        status: 'completed',
        trackingNumber: 'T1',
      });
      expect(await store.calls.orderState('demo', '1002')).toEqual({ status: 'processing' });
    });

    it('lets a state recorded before take the next update, whatever its time, then compares with it', async () => {
      const engine = engineOn(store);
      const update = (events: OrderEvent[]) => engine.acceptAll(events, { recordStatus: true });
      try {
        const first = await update(orderUpdate('refunded', minute(1), { trackingNumber: 'T2' }));
        expect(first.unchanged).toBe(0);
        expect(queuedTexts(first)).toEqual([
          expect.stringMatching(/iadesi yapıldı\. Demo Kargo takip no: T2$/),
        ]);
        expect(queuedTexts(await update(orderUpdate('completed', minute(0), { id: '1002' })))).toHaveLength(
          1,
        );
        // Now recorded with its time, the state refuses an older update.
        const older = await update(orderUpdate('completed', minute(0), { trackingNumber: 'T1' }));
        expect(older).toMatchObject({ queued: [], unchanged: 2 });
        expect(await store.calls.orderState('demo', '1001')).toEqual({
          status: 'refunded',
          trackingNumber: 'T2',
        });
      } finally {
        await engine.close();
      }
    });
  });
}
