import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewAuditEntry, NewOutboxMessage, OutboxStore, TemplateSettings } from '../src/index';
import type { StoreHarness } from './store-suite';

const T0 = new Date('2026-11-23T12:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

let sequence = 0;
function message(overrides: Partial<NewOutboxMessage> = {}): NewOutboxMessage {
  sequence++;
  const phone = `+90532${String(1_000_000 + sequence).slice(-7)}`;
  return {
    id: `a${String(sequence).padStart(6, '0')}`,
    dedupeKey: `demo|order:${sequence}|new-order|customer|${phone}`,
    shopId: 'demo',
    orderId: String(sequence),
    eventType: 'order.created',
    role: 'customer',
    recipient: phone,
    text: 'Merhaba',
    providerId: 'sms',
    messageType: 'auto',
    segments: 1,
    status: 'queued',
    createdAt: T0,
    ...overrides,
  };
}

function audit(overrides: Partial<NewAuditEntry> = {}): NewAuditEntry {
  return {
    at: T0,
    user: 'admin',
    action: 'message.retry',
    shopId: 'demo',
    target: 'x',
    details: {},
    ...overrides,
  };
}

const settings = (text: string): TemplateSettings => ({
  transliterate: 'none',
  adminPhones: [],
  newOrderStatuses: ['processing'],
  statusChangeWithTracking: 'one-message',
  rules: { events: {}, status: { completed: { enabled: true, customerTemplate: text } } },
});

/** The contract of {@link AdminStore}, run against SQLite and PostgreSQL alike. */
export function describeAdminStore(name: string, open: () => Promise<StoreHarness>): void {
  describe(`${name} admin store`, () => {
    let harness: StoreHarness;
    let store: OutboxStore;

    beforeEach(async () => {
      harness = await open();
      store = harness.store;
    });

    afterEach(async () => {
      await harness.cleanup();
    });

    it('records each attempt with the write that ends it, even when the claim was lost', async () => {
      const [first, second] = [message(), message()];
      await store.enqueue([first!, second!]);
      await store.claim({ now: T0, limit: 2, leaseMs: 1000, workerId: 'w' });
      const failed = {
        attempt: 1,
        at: T0,
        result: 'failed' as const,
        errorKind: 'validation',
        errorCode: 'E1',
        errorMessage: 'refused',
        durationMs: 12.4,
      };
      expect(
        await store.update(first!.id, { status: 'failed', attempt: failed }, { workerId: 'other' }),
      ).toBe(false);
      await store.markSent([
        {
          id: second!.id,
          workerId: 'w',
          sentAt: at(5),
          segments: 1,
          providerMessageId: 'p2',
          attempt: { attempt: 1, at: T0, result: 'sent', providerMessageId: 'p2', durationMs: 5 },
        },
      ]);
      expect(await store.admin.listAttempts(first!.id)).toEqual([
        { messageId: first!.id, ...failed, durationMs: 12 },
      ]);
      expect(await store.admin.listAttempts(second!.id)).toEqual([
        { messageId: second!.id, attempt: 1, at: T0, result: 'sent', providerMessageId: 'p2', durationMs: 5 },
      ]);
      // The first message's claim expires: its lost attempt is recorded as unknown, from the claim.
      expect(await store.releaseExpired(at(2000))).toBe(1);
      expect((await store.admin.listAttempts(first!.id)).at(-1)).toMatchObject({
        attempt: 1,
        at: T0,
        result: 'unknown',
        errorKind: 'lease-expired',
      });
    });

    it('pages the log newest first by an opaque cursor, with every filter', async () => {
      const rows = Array.from({ length: 7 }, (_, index) =>
        message({
          createdAt: at(index < 3 ? 0 : index),
          shopId: index % 2 === 0 ? 'demo' : 'other',
          eventType: index === 4 ? 'order.status_changed' : 'order.created',
          ...(index === 5 ? { status: 'skipped', reason: 'no-phone', recipient: '' } : {}),
        }),
      );
      await store.enqueue(rows);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.admin.queryMessages({ limit: 3, ...(cursor ? { cursor } : {}) });
        seen.push(...page.messages.map((row) => row.id));
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      const expected = [...rows].sort(
        (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1),
      );
      expect(seen).toEqual(expected.map((row) => row.id));
      const ids = async (query: Parameters<OutboxStore['admin']['queryMessages']>[0]) =>
        (await store.admin.queryMessages(query)).messages.map((row) => row.id).sort();
      expect(await ids({ shopId: 'other' })).toEqual([rows[1]!.id, rows[3]!.id, rows[5]!.id]);
      expect(await ids({ status: ['skipped'] })).toEqual([rows[5]!.id]);
      expect(await ids({ eventType: 'order.status_changed' })).toEqual([rows[4]!.id]);
      expect(await ids({ since: at(4), until: at(6) })).toEqual([rows[4]!.id, rows[5]!.id]);
      expect(await ids({ orderId: rows[2]!.orderId! })).toEqual([rows[2]!.id]);
      const target = rows[6]!.recipient;
      expect(await ids({ phoneDigits: target.slice(-4) })).toEqual([rows[6]!.id]);
      expect(await ids({ phoneDigits: `0${target.slice(-10)}` })).toEqual([rows[6]!.id]);
      expect(await ids({ phoneDigits: '9' })).toHaveLength(7);
      await expect(store.admin.queryMessages({ cursor: 'not a cursor' })).rejects.toMatchObject({
        name: 'ValidationError',
      });
    });

    it('pages the opt-out list newest first by an opaque cursor, by source and by the last digits', async () => {
      const [a, b, c, d] = ['+905321110001', '+905321110002', '+905329990003', '+905321110004'];
      await store.admin.changeOptOuts({ change: 'add', phones: [a!, b!, c!], source: 'local', at: T0 });
      await store.admin.changeOptOuts({ change: 'add', phones: [a!], source: 'sms', at: T0 });
      await store.admin.changeOptOuts({ change: 'add', phones: [d!], source: 'sms', at: at(1) });
      // The engine's own path (a provider reporting a blacklisted number) is searchable too.
      await store.addOptOuts(['+905324440005'], 'sms');
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.admin.queryOptOuts({ limit: 2, ...(cursor ? { cursor } : {}) });
        expect(page.optOuts.length).toBeLessThanOrEqual(2);
        seen.push(...page.optOuts.map((entry) => `${entry.phone}/${entry.source}`));
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      expect(seen).toEqual([
        '+905324440005/sms',
        `${d}/sms`,
        `${c}/local`,
        `${b}/local`,
        `${a}/sms`,
        `${a}/local`,
      ]);
      const phones = async (query: Parameters<OutboxStore['admin']['queryOptOuts']>[0]) =>
        (await store.admin.queryOptOuts(query)).optOuts.map((entry) => `${entry.phone}/${entry.source}`);
      expect(await phones({ source: 'sms', limit: 10 })).toEqual([
        '+905324440005/sms',
        `${d}/sms`,
        `${a}/sms`,
      ]);
      expect(await phones({ digits: '0001' })).toEqual([`${a}/sms`, `${a}/local`]);
      expect(await phones({ digits: '0532 111 00 01', source: 'local' })).toEqual([`${a}/local`]);
      expect(await phones({ digits: '40005' })).toEqual(['+905324440005/sms']);
      expect(await phones({ digits: '9990' })).toEqual([]);
      expect(await phones({ digits: '1' })).toHaveLength(6);
      expect((await store.admin.queryOptOuts({ limit: 1 })).optOuts[0]?.createdAt).toBeInstanceOf(Date);
      for (const bad of ['not a cursor', Buffer.from('["x",1,2]').toString('base64url'), 'bzEw']) {
        await expect(store.admin.queryOptOuts({ cursor: bad })).rejects.toMatchObject({
          name: 'ValidationError',
        });
      }
    });

    it('adds and removes opt-outs with one audit entry in the same transaction, only when something changed', async () => {
      const entry = audit({ action: 'optOuts.add', target: 'opt-outs', details: { source: 'local' } });
      const phones = ['+905321110001', '+905321110002', '+905321110001'];
      expect(
        await store.admin.changeOptOuts({ change: 'add', phones, source: 'local', at: T0, audit: entry }),
      ).toBe(2);
      expect(
        await store.admin.changeOptOuts({ change: 'add', phones, source: 'local', at: T0, audit: entry }),
      ).toBe(0);
      await store.addOptOuts(['+905321110002'], 'sms');
      const removal = { ...entry, action: 'optOuts.remove', at: at(1) };
      const removed = await store.admin.changeOptOuts({
        change: 'remove',
        phones: ['+905321110002', '+905329999999'],
        source: 'local',
        at: at(1),
        audit: removal,
      });
      expect(removed).toBe(1);
      expect(await store.optedOut(['+905321110001', '+905321110002'])).toEqual(
        new Set(['+905321110001', '+905321110002']),
      );
      const { entries } = await store.admin.listAudit({ target: 'opt-outs' });
      expect(entries.map((item) => [item.action, item.user, item.details])).toEqual([
        ['optOuts.remove', 'admin', { source: 'local', count: 1 }],
        ['optOuts.add', 'admin', { source: 'local', count: 2 }],
      ]);
      expect(JSON.stringify(entries)).not.toContain('5321110001');
      expect(await store.admin.changeOptOuts({ change: 'add', phones: [], source: 'local', at: T0 })).toBe(0);
    });

    it('changes a message only from the allowed statuses, with its audit entry in the same transaction', async () => {
      const target = message();
      await store.enqueue([target]);
      const change = {
        messageId: target.id,
        from: ['queued'] as const,
        patch: { status: 'skipped' as const, reason: 'cancelled', updatedAt: at(1) },
        audit: audit({ action: 'message.cancel', target: target.id }),
      };
      const results = await Promise.all([
        store.admin.changeMessage(change),
        store.admin.changeMessage(change),
      ]);
      expect(results.filter((result) => result !== undefined)).toHaveLength(1);
      expect(results.find((result) => result !== undefined)).toMatchObject({
        status: 'skipped',
        reason: 'cancelled',
      });
      const { entries } = await store.admin.listAudit({ target: target.id });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        user: 'admin',
        action: 'message.cancel',
        shopId: 'demo',
        details: {},
      });
      expect(await store.admin.changeMessage({ ...change, messageId: 'missing' })).toBeUndefined();
    });

    it('never cancels a message a concurrent claim takes', async () => {
      const targets = Array.from({ length: 20 }, () => message());
      await store.enqueue(targets);
      const [claimed, ...cancels] = await Promise.all([
        store.claim({ now: T0, limit: 20, leaseMs: 60_000, workerId: 'w' }),
        ...targets.map((target) =>
          store.admin.changeMessage({
            messageId: target.id,
            from: ['queued'],
            patch: { status: 'skipped', reason: 'cancelled' },
            audit: audit({ target: target.id }),
          }),
        ),
      ]);
      const cancelled = cancels.filter((result) => result !== undefined).map((result) => result!.id);
      const sending = claimed.map((row) => row.id);
      expect(cancelled.filter((id) => sending.includes(id))).toEqual([]);
      expect(cancelled.length + sending.length).toBe(20);
      const stored = await store.get(targets.map((target) => target.id));
      expect(
        stored
          .filter((row) => row.status === 'sending')
          .map((row) => row.id)
          .sort(),
      ).toEqual(sending.sort());
    });

    it('enqueues with an audit entry, and none for a duplicate', async () => {
      const test = message({ eventType: 'admin.test', orderId: undefined });
      const first = await store.admin.enqueueAudited([test], audit({ action: 'message.test' }));
      expect(first.inserted.map((row) => row.eventType)).toEqual(['admin.test']);
      const again = await store.admin.enqueueAudited(
        [{ ...test, id: 'other' }],
        audit({ action: 'message.test' }),
      );
      expect(again.duplicates).toBe(1);
      expect((await store.admin.listAudit({})).entries.map((entry) => entry.action)).toEqual([
        'message.test',
      ]);
    });

    it('pages the audit log newest first, by shop', async () => {
      for (let index = 0; index < 5; index++) {
        await store.admin.changeMessage({
          messageId: (await store.enqueue([message()])).inserted[0]!.id,
          from: ['queued'],
          patch: { status: 'skipped', reason: 'cancelled' },
          audit: audit({ at: at(index), shopId: index === 4 ? 'other' : 'demo', details: { index } }),
        });
      }
      const first = await store.admin.listAudit({ shopId: 'demo', limit: 3 });
      expect(first.entries.map((entry) => entry.details.index)).toEqual([3, 2, 1]);
      const second = await store.admin.listAudit({ shopId: 'demo', limit: 3, cursor: first.nextCursor! });
      expect(second.entries.map((entry) => entry.details.index)).toEqual([0]);
      expect(second.nextCursor).toBeUndefined();
    });

    it('saves template versions with optimistic concurrency', async () => {
      const save = (baseVersion: number, text: string) =>
        store.admin.saveTemplateVersion({
          shopId: 'demo',
          baseVersion,
          user: 'ayse',
          at: at(baseVersion),
          settings: settings(text),
          audit: audit({ action: 'templates.save', target: 'demo' }),
        });
      expect(await save(0, 'one')).toBe(1);
      const racing = await Promise.all([save(1, 'two'), save(1, 'other two')]);
      expect(racing.filter((version) => version === 2)).toHaveLength(1);
      expect(racing.filter((version) => version === undefined)).toHaveLength(1);
      expect(await save(5, 'gap')).toBeUndefined();
      expect(await store.admin.latestTemplateVersions()).toEqual(new Map([['demo', 2]]));
      expect(await store.admin.getTemplateVersion('demo', 1)).toEqual({
        shopId: 'demo',
        version: 1,
        user: 'ayse',
        at: at(0),
        settings: settings('one'),
      });
      expect((await store.admin.listTemplateVersions('demo')).map((version) => version.version)).toEqual([
        2, 1,
      ]);
      expect(await store.admin.getTemplateVersion('demo', 9)).toBeUndefined();
      expect((await store.admin.listAudit({ target: 'demo' })).entries).toHaveLength(2);
    });

    it('counts the overview per span and status, with attention and dispatcher figures', async () => {
      await store.enqueue([
        message({ createdAt: at(-10) }),
        message({ createdAt: at(5) }),
        message({ createdAt: at(15) }),
        message({ createdAt: at(16), status: 'skipped', reason: 'no-phone' }),
        message({ createdAt: at(17), shopId: 'other' }),
      ]);
      const [claimed] = await store.claim({ now: at(100), limit: 1, leaseMs: 1000, workerId: 'w' });
      await store.markSent([{ id: claimed!.id, workerId: 'w', sentAt: at(200), segments: 2, credits: 3 }]);
      const figures = await store.admin.overview({ shopId: 'demo', boundaries: [at(0), at(10), at(20)] });
      expect(figures.buckets.sort((a, b) => a.span - b.span || a.status.localeCompare(b.status))).toEqual([
        { span: 0, status: 'queued', count: 1, segments: 1 },
        { span: 1, status: 'queued', count: 1, segments: 1 },
        { span: 1, status: 'skipped', count: 1, segments: 1 },
      ]);
      expect(figures.attention).toEqual({ failed: 0, dead: 0, unknown: 0 });
      expect(figures.dispatcher).toEqual({ queued: 2, oldestQueuedAt: at(5), lastSentAt: at(200) });
      const all = await store.admin.overview({ boundaries: [at(-100), at(100)] });
      expect(all.buckets.find((bucket) => bucket.status === 'sent')).toEqual({
        span: 0,
        status: 'sent',
        count: 1,
        segments: 2,
        credits: 3,
      });
      expect(all.dispatcher.queued).toBe(3);
    });

    it('keeps the last delivery per topic and signature failures per hour', async () => {
      await store.admin.recordWebhookDeliveries([
        { shopId: 'demo', topic: 'order.created', at: at(10) },
        { shopId: 'demo', topic: 'order.updated', at: at(5) },
      ]);
      await store.admin.recordWebhookDeliveries([{ shopId: 'demo', topic: 'order.created', at: at(1) }]);
      await store.admin.addSignatureFailures([{ shopId: 'demo', at: at(0), count: 2 }]);
      await store.admin.addSignatureFailures([
        { shopId: 'demo', at: at(60_000), count: 1 },
        { shopId: 'demo', at: at(-30 * 3_600_000), count: 7 },
      ]);
      expect(await store.admin.webhookStats('demo', at(-24 * 3_600_000))).toEqual({
        lastDeliveries: [
          { topic: 'order.created', at: at(10) },
          { topic: 'order.updated', at: at(5) },
        ],
        signatureFailures: 3,
      });
      expect(await store.admin.webhookStats('other', T0)).toEqual({
        lastDeliveries: [],
        signatureFailures: 0,
      });
    });

    it('stores sessions by the hash of their id until they expire', async () => {
      const session = { idHash: 'h1', user: 'ayse', csrfToken: 'c1', createdAt: T0, expiresAt: at(1000) };
      await store.admin.createSession(session);
      await store.admin.createSession({ ...session, idHash: 'h2', expiresAt: at(10) });
      expect(await store.admin.getSession('h1', at(999))).toEqual(session);
      expect(await store.admin.getSession('h1', at(1000))).toBeUndefined();
      expect(await store.admin.deleteExpiredSessions(at(500))).toBe(1);
      await store.admin.deleteSession('h1');
      expect(await store.admin.getSession('h1', T0)).toBeUndefined();
    });

    it('counts sign-in attempts per client in windows, each attempt of a simultaneous burst included', async () => {
      const windowMs = 1000;
      const counted = await Promise.all(
        Array.from({ length: 6 }, () => store.admin.countSignInAttempt('c1', at(10), windowMs)),
      );
      expect(counted.map((window) => window.attempts).sort((left, right) => left - right)).toEqual([
        1, 2, 3, 4, 5, 6,
      ]);
      expect(await store.admin.countSignInAttempt('c1', at(1009), windowMs)).toEqual({
        attempts: 7,
        startedAt: at(10),
      });
      expect(await store.admin.countSignInAttempt('c2', at(20), windowMs)).toEqual({
        attempts: 1,
        startedAt: at(20),
      });
      // A window that has run its length starts again with the next attempt.
      expect(await store.admin.countSignInAttempt('c1', at(1010), windowMs)).toEqual({
        attempts: 1,
        startedAt: at(1010),
      });
      await store.admin.clearSignInAttempts('c1');
      expect((await store.admin.countSignInAttempt('c1', at(1011), windowMs)).attempts).toBe(1);
      expect(await store.admin.deleteStaleSignInAttempts(at(20))).toBe(1);
      expect(await store.admin.countSignInAttempt('c2', at(21), windowMs)).toEqual({
        attempts: 1,
        startedAt: at(21),
      });
    });

    it('counts an attempt only in an open window, writing nothing for a client without one', async () => {
      const windowMs = 1000;
      expect(await store.admin.countSignInAttemptInWindow('c1', at(10), windowMs)).toBeUndefined();
      expect(await store.admin.countSignInAttemptInWindow('c1', at(11), windowMs)).toBeUndefined();
      // Nothing was written: the first attempt that starts a window is the first one counted.
      expect((await store.admin.countSignInAttempt('c1', at(20), windowMs)).attempts).toBe(1);
      const counted = await Promise.all(
        Array.from({ length: 3 }, () => store.admin.countSignInAttemptInWindow('c1', at(30), windowMs)),
      );
      expect(counted.map((window) => window?.attempts).sort()).toEqual([2, 3, 4]);
      expect(await store.admin.countSignInAttemptInWindow('c1', at(1019), windowMs)).toEqual({
        attempts: 5,
        startedAt: at(20),
      });
      // An ended window is neither counted in nor started again.
      expect(await store.admin.countSignInAttemptInWindow('c1', at(1020), windowMs)).toBeUndefined();
      expect(await store.admin.countSignInAttempt('c1', at(1021), windowMs)).toEqual({
        attempts: 1,
        startedAt: at(1021),
      });
    });

    it("keeps a shop's newest recent orders", async () => {
      const recent = (id: string, ms: number, shopId = 'demo') => ({
        shopId,
        at: at(ms),
        order: {
          id,
          number: id,
          status: 'processing',
          total: '10',
          currency: 'TRY',
          items: [{ name: 'Kahve', quantity: 1 }],
          createdAt: at(-5),
        },
        customer: { firstName: 'Ayşe' },
      });
      await store.admin.saveRecentOrders([recent('1', 1), recent('2', 2), recent('x', 0, 'other')], 2);
      await store.admin.saveRecentOrders([recent('3', 3), recent('1', 4)], 2);
      const orders = await store.admin.recentOrders('demo', 10);
      expect(orders.map((order) => order.order.id)).toEqual(['1', '3']);
      expect(orders[0]).toEqual(recent('1', 4));
      expect((await store.admin.recentOrders('other', 10)).map((order) => order.order.id)).toEqual(['x']);
    });
  });
}
