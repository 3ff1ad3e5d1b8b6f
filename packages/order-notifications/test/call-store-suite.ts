import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewOutboxMessage, NewVoiceJob, OutboxStore } from '../src/index';
import type { StoreHarness } from './store-suite';

const T0 = new Date('2026-11-23T12:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const PHONE = '+905321234567';

let sequence = 0;
function job(overrides: Partial<NewVoiceJob> = {}): NewVoiceJob {
  sequence++;
  return {
    id: `j${sequence}`,
    dedupeKey: `cod-call|demo|${sequence}`,
    kind: 'cod-call',
    shopId: 'demo',
    orderId: String(sequence),
    phone: PHONE,
    state: { phase: 'pending', attempt: 0 },
    nextAttemptAt: T0,
    createdAt: T0,
    ...overrides,
  };
}

/** A customer message about an order, to the test's number. */
function orderMessage(id: string, orderId: string, createdAt: Date): NewOutboxMessage {
  return {
    id,
    dedupeKey: `demo|${orderId}|${id}`,
    shopId: 'demo',
    orderId,
    eventType: 'order.created',
    role: 'customer',
    recipient: PHONE,
    text: 'Merhaba',
    providerId: 'sms',
    messageType: 'auto',
    segments: 1,
    status: 'queued',
    createdAt,
  };
}

/** The contract of the voice side's storage ({@link OutboxStore.calls}), run against SQLite and PostgreSQL alike. */
export function describeCallStore(name: string, open: () => Promise<StoreHarness>): void {
  describe(`${name} call store`, () => {
    let harness: StoreHarness;
    let store: OutboxStore;

    beforeEach(async () => {
      harness = await open();
      store = harness.store;
    });

    afterEach(async () => {
      await harness.cleanup();
    });

    it('writes a job once per dedupe key', async () => {
      const first = job({ dedupeKey: 'cod-call|demo|same' });
      const second = job({ dedupeKey: 'cod-call|demo|same' });
      expect([...(await store.calls.insertJobs([first]))]).toEqual([first.id]);
      expect((await store.calls.insertJobs([second])).size).toBe(0);
      expect(await store.calls.listJobs({ shopId: 'demo' })).toHaveLength(1);
    });

    it('writes a unit’s jobs in the accept transaction: a unit that fails writes neither messages nor jobs', async () => {
      const kept = job();
      const lost = job();
      const outcomes = await store.acceptBatch([
        { records: [{ shopId: 'demo', key: 'o1', value: 'processing' }], plan: () => [], jobs: () => [kept] },
        {
          records: [{ shopId: 'demo', key: 'o2', value: 'processing' }],
          plan: () => [],
          jobs: () => {
            throw new Error('render failed');
          },
        },
        { records: [], plan: () => [], jobs: () => [{ ...lost, dedupeKey: kept.dedupeKey }] },
      ]);
      expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false, true]);
      expect((await store.calls.listJobs({})).map((item) => item.id)).toEqual([kept.id]);
    });

    it('claims a due job once; a lost claim is claimable again after its lease; updates need the claim', async () => {
      const due = job();
      const later = job({ nextAttemptAt: at(60_000) });
      await store.calls.insertJobs([due, later]);
      const claimed = await store.calls.claimJobs({ now: T0, limit: 10, leaseMs: 1000, workerId: 'a' });
      expect(claimed.map((item) => [item.id, item.status, item.attempts])).toEqual([[due.id, 'running', 1]]);
      expect(await store.calls.claimJobs({ now: at(500), limit: 10, leaseMs: 1000, workerId: 'b' })).toEqual(
        [],
      );
      const again = await store.calls.claimJobs({ now: at(2000), limit: 10, leaseMs: 1000, workerId: 'b' });
      expect(again.map((item) => [item.id, item.attempts])).toEqual([[due.id, 2]]);
      expect(await store.calls.updateJob(due.id, 'a', { status: 'done' }, at(2100))).toBe(false);
      expect(
        await store.calls.updateJob(due.id, 'b', { status: 'queued', state: { phase: 'waiting' } }, at(2100)),
      ).toBe(true);
      const [stored] = await store.calls.getJobs([due.id]);
      expect(stored).toMatchObject({ status: 'queued', state: { phase: 'waiting' } });
    });

    it('wakes the queued jobs of a number, and only those', async () => {
      const waiting = job({ nextAttemptAt: at(600_000) });
      const other = job({ phone: '+905559876543', nextAttemptAt: at(600_000) });
      await store.calls.insertJobs([waiting, other]);
      const woken = await store.calls.wakeJobs('demo', 'cod-call', PHONE, at(1000));
      expect(woken.map((item) => item.id)).toEqual([waiting.id]);
      const claimed = await store.calls.claimJobs({ now: at(1000), limit: 10, leaseMs: 1000, workerId: 'a' });
      expect(claimed.map((item) => item.id)).toEqual([waiting.id]);
    });

    it('logs each event of a call once, newest first, with keyset pages and the matched order', async () => {
      const entry = {
        shopId: 'demo',
        uuid: 'u1',
        eventName: 'call_init',
        eventType: 'call-started',
        direction: 'inbound',
        caller: '+90532*****67',
        callee: '+90212*****22',
        automatic: false,
        at: T0,
      };
      expect(await store.calls.recordCall(entry)).toBe(true);
      expect(await store.calls.recordCall(entry)).toBe(false);
      expect(
        await store.calls.recordCall({
          ...entry,
          eventName: 'missing_call',
          eventType: 'missed-call',
          talkSeconds: 0,
        }),
      ).toBe(true);
      await store.calls.matchCallToOrder('demo', 'u1', '1001');
      const page = await store.calls.listCalls({ shopId: 'demo', limit: 1 });
      expect(page).toMatchObject([{ eventName: 'missing_call', orderId: '1001', talkSeconds: 0 }]);
      const next = await store.calls.listCalls({ shopId: 'demo', beforeId: page[0]!.id });
      expect(next).toMatchObject([{ eventName: 'call_init', orderId: '1001', automatic: false }]);
    });

    it('gives a number one follow-up slot per period, to one of two callers asking at once', async () => {
      const period = 12 * 3_600_000;
      const both = await Promise.all([
        store.calls.takeFollowUpSlot('demo', PHONE, T0, period),
        store.calls.takeFollowUpSlot('demo', PHONE, T0, period),
      ]);
      expect(both.filter(Boolean)).toHaveLength(1);
      expect(await store.calls.takeFollowUpSlot('demo', PHONE, at(period - 1), period)).toBe(false);
      expect(await store.calls.takeFollowUpSlot('other', PHONE, at(1), period)).toBe(true);
      expect(await store.calls.takeFollowUpSlot('demo', PHONE, at(period), period)).toBe(true);
    });

    it('gives back a slot taken at a time, and leaves one taken again since alone', async () => {
      const period = 60_000;
      expect(await store.calls.takeFollowUpSlot('demo', PHONE, T0, period)).toBe(true);
      await store.calls.releaseFollowUpSlot('demo', PHONE, T0);
      expect(await store.calls.takeFollowUpSlot('demo', PHONE, at(1), period)).toBe(true);
      await store.calls.releaseFollowUpSlot('demo', PHONE, T0);
      expect(await store.calls.takeFollowUpSlot('demo', PHONE, at(2), period)).toBe(false);
    });

    it('keeps the order number with a message, for the recent order of a number', async () => {
      await store.enqueue([
        { ...orderMessage('n1', '1001', T0), orderNumber: 'A-1001' },
        { ...orderMessage('n2', '1002', at(10)), orderNumber: 'A-1002' },
      ]);
      expect(await store.calls.recentOrderOf('demo', PHONE, T0)).toEqual({ id: '1002', number: 'A-1002' });
      expect(await store.calls.recentOrderOf('demo', '+905559876543', T0)).toBeUndefined();
    });

    it('finds a number’s recent order and its recorded status and tracking number', async () => {
      await store.enqueue([orderMessage('m1', '1001', T0)]);
      await store.recordOrderStatus('demo', '1001', 'completed');
      await store.recordOrderStatus('demo', '1001#tracking', 'YK123');
      expect(await store.calls.recentOrderOf('demo', PHONE, at(-1000))).toEqual({
        id: '1001',
        number: '1001',
      });
      expect(await store.calls.recentOrderOf('demo', PHONE, at(1))).toBeUndefined();
      expect(await store.calls.recentOrderOf('demo', '+905559876543', at(-1000))).toBeUndefined();
      expect(await store.calls.orderState('demo', '1001')).toEqual({
        status: 'completed',
        trackingNumber: 'YK123',
      });
      expect(await store.calls.orderState('demo', '1002')).toEqual({});
    });
  });
}
