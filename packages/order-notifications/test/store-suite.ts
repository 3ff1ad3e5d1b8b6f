import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AcceptUnit, NewOutboxMessage, OrderStateRecord, OutboxStore } from '../src/index';
import { migrations } from '../src/outbox-sql';
import { minute } from './fixtures';

/** Opens a fresh, empty store; `reopen` opens a second handle on the same data. */
export interface StoreHarness {
  store: OutboxStore;
  reopen(): Promise<OutboxStore>;
  cleanup(): Promise<void>;
}

const T0 = new Date('2026-11-23T12:00:00Z');

let sequence = 0;
function message(overrides: Partial<NewOutboxMessage> = {}): NewOutboxMessage {
  sequence++;
  return {
    id: `m${sequence}`,
    dedupeKey: `demo|order:${sequence}|new-order|customer|+90532000${String(sequence).padStart(4, '0')}`,
    shopId: 'demo',
    orderId: String(sequence),
    eventType: 'order.created',
    role: 'customer',
    recipient: `+90532000${String(sequence).padStart(4, '0')}`,
    text: 'Merhaba',
    providerId: 'sms',
    messageType: 'auto',
    segments: 1,
    status: 'queued',
    createdAt: T0,
    ...overrides,
  };
}

/** The contract every {@link OutboxStore} honours, run against SQLite and PostgreSQL alike. */
export function describeOutboxStore(name: string, open: () => Promise<StoreHarness>): void {
  describe(`${name} outbox store`, () => {
    let harness: StoreHarness;
    let store: OutboxStore;

    beforeEach(async () => {
      harness = await open();
      store = harness.store;
    });

    afterEach(async () => {
      await harness.cleanup();
    });

    it('writes a batch of accept units in one call; a failing unit is rolled back alone', async () => {
      const good = message();
      const other = message();
      const outcomes = await store.acceptBatch([
        { records: [{ shopId: 'demo', key: 'b1', value: 'processing' }], plan: () => [good] },
        {
          records: [{ shopId: 'demo', key: 'b2', value: 'processing' }],
          plan: () => {
            throw new Error('render failed');
          },
        },
        {
          records: [{ shopId: 'demo', key: 'b1', value: 'completed' }],
          plan: (previous) => (previous[0] === 'processing' ? [other] : []),
        },
      ]);
      expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false, true]);
      expect(outcomes[0]).toMatchObject({ previous: [undefined], result: { duplicates: 0 } });
      expect(outcomes[1]).toMatchObject({ error: new Error('render failed') });
      expect(outcomes[2]).toMatchObject({ previous: ['processing'] });
      expect((await store.get([good.id, other.id])).map((stored) => stored.id).sort()).toEqual(
        [good.id, other.id].sort(),
      );
      // The failed unit's status was rolled back with it; the others' were kept.
      expect(await store.recordOrderStatus('demo', 'b2', 'x')).toBeUndefined();
      expect(await store.recordOrderStatus('demo', 'b1', 'x')).toBe('completed');
    });

    it('fails alone a unit whose insert the database refuses among units that record nothing', async () => {
      const existing = message();
      await store.enqueue([existing]);
      const before = message();
      const after = message();
      const outcomes = await store.acceptBatch([
        { records: [], plan: () => [before] },
        { records: [], plan: () => [message({ id: existing.id })] },
        {
          records: [],
          plan: () => {
            throw new Error('render failed');
          },
        },
        { records: [], plan: () => [after] },
      ]);
      expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false, false, true]);
      expect((await store.get([before.id, after.id])).map((stored) => stored.id).sort()).toEqual(
        [before.id, after.id].sort(),
      );
    });

    it('rolls back the recorded state of a unit whose insert fails', async () => {
      const first = message();
      await store.enqueue([first]);
      const clash = message({ id: first.id });
      const [outcome] = await store.acceptBatch([
        { records: [{ shopId: 'demo', key: 'c1', value: 'processing' }], plan: () => [clash] },
      ]);
      expect(outcome?.ok).toBe(false);
      expect(await store.recordOrderStatus('demo', 'c1', 'x')).toBeUndefined();
    });

    it('migrates once and reports the schema version', async () => {
      expect(await store.schemaVersion()).toBe(migrations('sqlite').at(-1)?.version);
      const second = await harness.reopen();
      expect(await second.schemaVersion()).toBe(migrations('sqlite').at(-1)?.version);
      await second.close();
    });

    it('inserts messages and counts later copies of a dedupe key as duplicates', async () => {
      const first = message();
      const result = await store.enqueue([first, message()]);
      expect(result.duplicates).toBe(0);
      expect(result.inserted.map((m) => m.id)).toEqual([first.id, `m${sequence}`]);
      expect(result.inserted[0]).toMatchObject({ status: 'queued', attempts: 0, orderId: first.orderId });
      const again = await store.enqueue([{ ...first, id: 'other-id' }]);
      expect(again).toEqual({ inserted: [], duplicates: 1 });
      expect(await store.get(['other-id'])).toEqual([]);
    });

    it('lets exactly one of many concurrent writers of one dedupe key win', async () => {
      const base = message();
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, index) => store.enqueue([{ ...base, id: `race-${index}` }])),
      );
      expect(results.reduce((sum, result) => sum + result.inserted.length, 0)).toBe(1);
      expect(results.reduce((sum, result) => sum + result.duplicates, 0)).toBe(7);
    });

    it('stores a message to an opted-out number as skipped', async () => {
      const target = message();
      await store.addOptOuts([target.recipient], 'local');
      const result = await store.enqueue([target]);
      expect(result.inserted[0]).toMatchObject({ status: 'skipped', reason: 'opted-out' });
      expect((await store.get([target.id]))[0]).toMatchObject({ status: 'skipped', reason: 'opted-out' });
    });

    it('claims only due queued messages, oldest first, once', async () => {
      const late = message({ createdAt: new Date(T0.getTime() + 60_000) });
      const early = message();
      await store.enqueue([late, early]);
      expect(
        await store.claim({ now: new Date(T0.getTime() - 1), limit: 10, leaseMs: 1000, workerId: 'w' }),
      ).toEqual([]);
      const claimed = await store.claim({
        now: new Date(T0.getTime() + 60_000),
        limit: 10,
        leaseMs: 1000,
        workerId: 'w',
      });
      expect(claimed.map((m) => [m.id, m.status, m.attempts])).toEqual([
        [early.id, 'sending', 1],
        [late.id, 'sending', 1],
      ]);
      expect(
        await store.claim({ now: new Date(T0.getTime() + 60_000), limit: 10, leaseMs: 1000, workerId: 'x' }),
      ).toEqual([]);
    });

    it('skips, instead of claiming, a message whose recipient opted out after it was queued', async () => {
      const [kept, opted] = [message(), message()];
      await store.enqueue([kept!, opted!]);
      await store.addOptOuts([opted!.recipient], 'local');
      const claimed = await store.claim({ now: T0, limit: 10, leaseMs: 1000, workerId: 'w' });
      expect(claimed.map((m) => [m.id, m.status, m.attempts, m.reason])).toEqual([
        [kept!.id, 'sending', 1, undefined],
        [opted!.id, 'skipped', 0, 'opted-out'],
      ]);
      expect(await store.releaseExpired(new Date(T0.getTime() + 5000))).toBe(1);
    });

    it('never hands one message to two concurrent claimers', async () => {
      await store.enqueue(Array.from({ length: 60 }, () => message()));
      const claims = await Promise.all(
        Array.from({ length: 6 }, (_, index) =>
          store.claim({ now: T0, limit: 15, leaseMs: 60_000, workerId: `w${index}` }),
        ),
      );
      const ids = claims.flat().map((m) => m.id);
      expect(ids).toHaveLength(60);
      expect(new Set(ids).size).toBe(60);
    });

    it('updates only while the guard holds', async () => {
      const target = message();
      await store.enqueue([target]);
      await store.claim({ now: T0, limit: 1, leaseMs: 1000, workerId: 'w1' });
      expect(await store.update(target.id, { status: 'sent' }, { status: ['sending'], workerId: 'w2' })).toBe(
        false,
      );
      const sentAt = new Date(T0.getTime() + 5);
      const updated = await store.update(
        target.id,
        {
          status: 'sent',
          sentAt,
          providerMessageId: 'p1',
          providerBatchId: 'b1',
          credits: 1.5,
          segments: 2,
          lastError: { kind: 'timeout', message: 'slow', code: 'T1' },
          updatedAt: sentAt,
        },
        { status: ['sending'], workerId: 'w1' },
      );
      expect(updated).toBe(true);
      expect((await store.get([target.id]))[0]).toMatchObject({
        status: 'sent',
        sentAt,
        updatedAt: sentAt,
        providerMessageId: 'p1',
        providerBatchId: 'b1',
        credits: 1.5,
        segments: 2,
        lastError: { kind: 'timeout', message: 'slow', code: 'T1' },
      });
      expect(await store.update(target.id, { lastError: null, credits: null }, { status: ['sent'] })).toBe(
        true,
      );
      const cleared = (await store.get([target.id]))[0]!;
      expect(cleared.lastError).toBeUndefined();
      expect(cleared.credits).toBeUndefined();
      expect((await store.findByProviderMessageIds('sms', ['p1', 'nope'])).map((m) => m.id)).toEqual([
        target.id,
      ]);
      expect(await store.findByProviderMessageIds('other', ['p1'])).toEqual([]);
    });

    it('records accepted sends in one write, only for the worker holding the claim', async () => {
      const [mine, stolen, unclaimed] = [message(), message(), message()];
      await store.enqueue([mine!, stolen!]);
      await store.claim({ now: T0, limit: 2, leaseMs: 1000, workerId: 'w1' });
      await store.update(stolen!.id, { status: 'unknown' }, { status: ['sending'] });
      await store.enqueue([unclaimed!]);
      const sentAt = new Date(T0.getTime() + 50);
      const recorded = await store.markSent([
        {
          id: mine!.id,
          workerId: 'w1',
          sentAt,
          segments: 2,
          providerMessageId: 'pm1',
          providerBatchId: 'b1',
          credits: 2,
        },
        { id: stolen!.id, workerId: 'w1', sentAt, segments: 1 },
        { id: unclaimed!.id, workerId: 'w1', sentAt, segments: 1 },
      ]);
      expect(recorded).toEqual(new Set([mine!.id]));
      const [stored] = await store.get([mine!.id]);
      expect(stored).toMatchObject({
        status: 'sent',
        sentAt,
        updatedAt: sentAt,
        segments: 2,
        providerMessageId: 'pm1',
        providerBatchId: 'b1',
        credits: 2,
      });
      expect(stored!.lastError).toBeUndefined();
      expect((await store.get([stolen!.id]))[0]!.status).toBe('unknown');
      expect((await store.get([unclaimed!.id]))[0]!.status).toBe('queued');
      expect(await store.markSent([])).toEqual(new Set());
    });

    it('turns expired claims into unknown', async () => {
      const [first, second] = [message(), message()];
      await store.enqueue([first!, second!]);
      await store.claim({ now: T0, limit: 1, leaseMs: 1000, workerId: 'w' });
      expect(await store.releaseExpired(new Date(T0.getTime() + 999))).toBe(0);
      expect(await store.releaseExpired(new Date(T0.getTime() + 1001))).toBe(1);
      const counts = await store.counts({});
      expect(counts).toMatchObject({ unknown: 1, queued: 1, sending: 0 });
      const [released] = await store.list({ status: 'unknown' });
      expect(released!.reason).toBe('lease-expired');
      // Reconciliation waits from the lost attempt's start, not from the moment the loss was noticed.
      expect(released!.updatedAt).toEqual(T0);
    });

    it('filters, counts and totals the message log', async () => {
      await store.enqueue([
        message({ shopId: 'a', orderId: '1', createdAt: new Date(T0.getTime() + 1) }),
        message({ shopId: 'a', orderId: '1', role: 'admin', createdAt: new Date(T0.getTime() + 2) }),
        message({ shopId: 'b', orderId: '1', createdAt: new Date(T0.getTime() + 3) }),
        message({
          shopId: 'a',
          orderId: '2',
          status: 'skipped',
          reason: 'no-phone',
          createdAt: new Date(T0.getTime() + 4),
        }),
      ]);
      const claimed = await store.claim({
        now: new Date(T0.getTime() + 10),
        limit: 2,
        leaseMs: 1000,
        workerId: 'w',
      });
      for (const [index, m] of claimed.entries()) {
        await store.update(m.id, { status: index === 0 ? 'sent' : 'delivered', credits: 2, segments: 3 });
      }
      expect((await store.list({ shopId: 'a' })).map((m) => m.createdAt.getTime() - T0.getTime())).toEqual([
        4, 2, 1,
      ]);
      expect(await store.list({ shopId: 'a', orderId: '1', role: 'admin' })).toHaveLength(1);
      expect(await store.list({ status: ['sent', 'delivered'] })).toHaveLength(2);
      expect(
        await store.list({ since: new Date(T0.getTime() + 2), until: new Date(T0.getTime() + 4) }),
      ).toHaveLength(2);
      expect((await store.list({ limit: 1, offset: 1 }))[0]!.createdAt.getTime()).toBe(T0.getTime() + 3);
      expect(await store.list({ status: [] })).toEqual([]);
      expect(await store.counts({ shopId: 'a' })).toEqual({
        queued: 0,
        sending: 0,
        sent: 1,
        delivered: 1,
        failed: 0,
        dead: 0,
        unknown: 0,
        skipped: 1,
      });
      expect(await store.costTotals({})).toEqual({ segments: 6, credits: 4 });
      expect(await store.costTotals({ shopId: 'b' })).toEqual({ segments: 0 });
    });

    it('records order statuses atomically, even under concurrency', async () => {
      expect(await store.recordOrderStatus('demo', '9', 'pending')).toBeUndefined();
      expect(await store.recordOrderStatus('demo', '9', 'processing')).toBe('pending');
      const statuses = Array.from({ length: 10 }, (_, index) => `s${index}`);
      const previous = await Promise.all(
        statuses.map((status) => store.recordOrderStatus('demo', '10', status)),
      );
      expect(previous.filter((value) => value === undefined)).toHaveLength(1);
      // Every status but the last one written is somebody's previous status: a chain, no lost write.
      expect(new Set(previous.filter((value) => value !== undefined)).size).toBe(9);
    });

    /** What the plan of each unit was told: the stored values, and which records were stale. */
    type Seen = { previous: (string | undefined)[]; stale: boolean[] };
    const stateOf = (key: string, value: string, modifiedAt?: Date): OrderStateRecord => ({
      shopId: 'demo',
      key,
      value,
      ...(modifiedAt === undefined ? {} : { modifiedAt }),
    });
    const recording = (seen: Seen[], ...records: OrderStateRecord[]): AcceptUnit => ({
      records,
      plan(previous, stale) {
        seen.push({ previous: [...previous], stale: [...stale] });
        return [];
      },
    });

    it('leaves the stored state of an order as it is for a record older than it, and tells the plan', async () => {
      const seen: Seen[] = [];
      const write = async (...records: OrderStateRecord[]) => {
        const [outcome] = await store.acceptBatch([recording(seen, ...records)]);
        expect(outcome?.ok).toBe(true);
      };
      await write(stateOf('t1', 'completed', minute(5)), stateOf('t1#tracking', 'T2', minute(5)));
      await write(stateOf('t1', 'processing', minute(1)), stateOf('t1#tracking', 'T1', minute(1)));
      expect(await store.calls.orderState('demo', 't1')).toEqual({
        status: 'completed',
        trackingNumber: 'T2',
      });
      await write(stateOf('t1', 'completed', minute(5)));
      // Without a time a record is written as before, and the newest time seen stays the one compared with.
      await write(stateOf('t1', 'refunded'));
      await write(stateOf('t1', 'processing', minute(4)));
      await write(stateOf('t1', 'cancelled', minute(9)));
      expect(seen).toEqual([
        { previous: [undefined, undefined], stale: [false, false] },
        { previous: ['completed', 'T2'], stale: [true, true] },
        { previous: ['completed'], stale: [false] },
        { previous: ['completed'], stale: [false] },
        { previous: ['refunded'], stale: [true] },
        { previous: ['refunded'], stale: [false] },
      ]);
      expect(await store.calls.orderState('demo', 't1')).toEqual({
        status: 'cancelled',
        trackingNumber: 'T2',
      });
    });

    it('keeps the later-modified state of two updates of an order in one batch, whatever their order', async () => {
      const seen: Seen[] = [];
      await store.acceptBatch([
        recording(seen, stateOf('n1', 'completed', minute(5))),
        recording(seen, stateOf('n1', 'processing', minute(1))),
        recording(seen, stateOf('o1', 'processing', minute(1))),
        recording(seen, stateOf('o1', 'completed', minute(5))),
      ]);
      expect(seen).toEqual([
        { previous: [undefined], stale: [false] },
        { previous: ['completed'], stale: [true] },
        { previous: [undefined], stale: [false] },
        { previous: ['processing'], stale: [false] },
      ]);
      expect(await store.calls.orderState('demo', 'n1')).toEqual({ status: 'completed' });
      expect(await store.calls.orderState('demo', 'o1')).toEqual({ status: 'completed' });
    });

    it('keeps the later-modified state when two handles on one database record an order at once', async () => {
      const other = await harness.reopen();
      try {
        const ids = Array.from({ length: 12 }, (_, index) => `h${index}`);
        const seen: Seen[] = [];
        await Promise.all(
          ids.flatMap((id) => [
            store.acceptBatch([recording([], stateOf(id, 'completed', minute(5)))]),
            other.acceptBatch([recording(seen, stateOf(id, 'processing', minute(1)))]),
          ]),
        );
        for (const id of ids)
          expect(await store.calls.orderState('demo', id)).toEqual({ status: 'completed' });
        // The older update was written only where it came first; where it came second it saw the newer one.
        for (const { previous, stale } of seen) expect(stale).toEqual([previous[0] === 'completed']);
      } finally {
        await other.close();
      }
    });

    it('keeps opt-outs per source', async () => {
      await store.addOptOuts(['+905320000001', '+905320000002'], 'local');
      await store.addOptOuts(['+905320000001'], 'local');
      await store.replaceOptOuts(['+905320000003'], 'organik');
      await store.replaceOptOuts(['+905320000004'], 'organik');
      expect((await store.listOptOuts()).map((entry) => `${entry.phone}/${entry.source}`).sort()).toEqual([
        '+905320000001/local',
        '+905320000002/local',
        '+905320000004/organik',
      ]);
      expect([...(await store.optedOut(['+905320000001', '+905320000004', '+905320000009']))].sort()).toEqual(
        ['+905320000001', '+905320000004'],
      );
      await store.removeOptOuts(['+905320000001'], 'organik');
      expect(await store.optedOut(['+905320000001'])).toEqual(new Set(['+905320000001']));
      await store.removeOptOuts(['+905320000001']);
      expect(await store.optedOut(['+905320000001'])).toEqual(new Set());
    });
  });
}
