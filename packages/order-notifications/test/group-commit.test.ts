import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AcceptUnit,
  createNotificationEngine,
  createSqliteStore,
  type NotificationEngine,
  type NotificationEngineOptions,
  type OutboxStore,
  parseNotificationConfig,
} from '../src/index';
import { event, order } from './fixtures';
import { createRecordingProvider } from './recording-provider';

const config = parseNotificationConfig({
  shops: { demo: { name: 'Demo Mağaza', provider: 'sms', adminPhones: ['0555 987 65 43'] } },
});

let directory: string;
let filename: string;
let store: OutboxStore;
let engine: NotificationEngine;
/** The units of every `acceptBatch` call the engine made. */
let batches: number[];
/** A second connection: it sees only what was committed. */
let observer: Database.Database;

async function setup(options: Partial<NotificationEngineOptions> = {}) {
  store = await createSqliteStore({ filename, synchronous: 'full' });
  const acceptBatch = store.acceptBatch.bind(store);
  store.acceptBatch = (units: readonly AcceptUnit[]) => {
    batches.push(units.length);
    return acceptBatch(units);
  };
  engine = createNotificationEngine({
    store,
    config,
    providers: { sms: createRecordingProvider({ providerId: 'sms' }) },
    ...options,
  });
  // The first accepts of an engine wait for the saved templates' first load; these tests count turns after it.
  await engine.templates.get('demo');
}

function committedOrders(): string[] {
  return (
    observer
      .prepare('SELECT DISTINCT order_id FROM outbox_messages ORDER BY order_id')
      .pluck()
      .all() as string[]
  ).sort();
}

function committedStatus(orderId: string): string | undefined {
  return observer
    .prepare("SELECT status FROM order_statuses WHERE shop_id = 'demo' AND order_id = ?")
    .pluck()
    .get(orderId) as string | undefined;
}

beforeEach(async () => {
  directory = mkdtempSync(join(tmpdir(), 'group-commit-'));
  filename = join(directory, 'outbox.db');
  batches = [];
  await setup();
  observer = new Database(filename);
});

afterEach(async () => {
  observer.close();
  await engine.close();
  rmSync(directory, { recursive: true, force: true });
});

const orderEvent = (id: string) => event({ order: order({ id, number: id }) });

/** Resolves after `count` turns of the event loop (each a `setImmediate`, which runs after the loop's I/O). */
async function turns(count: number): Promise<void> {
  for (let turn = 0; turn < count; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}

describe('group commit', () => {
  it('writes accepts that arrive together in one transaction', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) => engine.accept(orderEvent(`g${index}`))),
    );
    expect(batches).toEqual([20]);
    expect(results.every((result) => result.queued.length === 2)).toBe(true);
    expect(committedOrders()).toHaveLength(20);
  });

  it('resolves no caller before the batch holding its event is committed', async () => {
    const seenByCallers = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        engine.accept(orderEvent(`c${index}`)).then(() => committedOrders().length),
      ),
    );
    // Every caller, even the first to resolve, found all ten orders committed by another connection.
    expect(seenByCallers).toEqual(Array(10).fill(10));
  });

  it('fails only the caller whose event the database refuses; the others commit', async () => {
    observer.exec(
      `CREATE TRIGGER refuse_one BEFORE INSERT ON outbox_messages WHEN NEW.order_id = 'bad'
       BEGIN SELECT RAISE(ABORT, 'refused by trigger'); END`,
    );
    const ids = ['a1', 'a2', 'bad', 'a3', 'a4'];
    const outcomes = await Promise.allSettled(
      ids.map((id) => engine.accept(orderEvent(id), { recordStatus: true })),
    );
    expect(batches).toEqual([5]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(String((outcomes[2] as PromiseRejectedResult).reason)).toMatch(/refused by trigger/);
    expect(committedOrders()).toEqual(['a1', 'a2', 'a3', 'a4']);
    // The refused event's status was not recorded either: the platform's retry will find the change again.
    expect(committedStatus('bad')).toBeUndefined();
    expect(committedStatus('a1')).toBe('processing');
  });

  it('refuses a malformed event before it joins a batch, leaving the batch to the others', async () => {
    const malformed = { ...orderEvent('m1'), type: 'order.exploded' } as unknown as ReturnType<
      typeof orderEvent
    >;
    const outcomes = await Promise.allSettled([
      engine.accept(orderEvent('v1')),
      engine.accept(malformed),
      engine.accept(orderEvent('v2')),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ name: 'ValidationError' });
    expect(batches).toEqual([2]);
  });

  it('keeps batches within maxBatch', async () => {
    await engine.close();
    batches = [];
    await setup({ groupCommit: { maxBatch: 4 } });
    await Promise.all(Array.from({ length: 10 }, (_, index) => engine.accept(orderEvent(`b${index}`))));
    expect(batches).toEqual([4, 4, 2]);
  });

  it('writes a lone accept within two turns of the event loop, however long the window', async () => {
    await engine.close();
    batches = [];
    await setup({ groupCommit: { windowMs: 60_000 } });
    let settled = false;
    const accepted = engine.accept(orderEvent('alone')).then(() => {
      settled = true;
    });
    await turns(3);
    expect(batches).toEqual([1]);
    expect(settled).toBe(true);
    await accepted;
  });

  it('keeps gathering while each turn brings an accept, so accepts one turn apart share a commit', async () => {
    await engine.close();
    batches = [];
    await setup({ groupCommit: { windowMs: 60_000 } });
    const accepted: Promise<unknown>[] = [];
    for (let index = 0; index < 20; index += 1) {
      accepted.push(engine.accept(orderEvent(`t${index}`)));
      await turns(1);
    }
    await Promise.all(accepted);
    expect(batches).toEqual([20]);
    expect(committedOrders()).toHaveLength(20);
  });

  it('ends a gathering batch at maxBatch, and at once with a zero window', async () => {
    await engine.close();
    batches = [];
    await setup({ groupCommit: { windowMs: 60_000, maxBatch: 8 } });
    const oneAPerTurn = async (prefix: string) => {
      const accepted: Promise<unknown>[] = [];
      for (let index = 0; index < 20; index += 1) {
        accepted.push(engine.accept(orderEvent(`${prefix}${index}`)));
        await turns(1);
      }
      await Promise.all(accepted);
    };
    await oneAPerTurn('m');
    expect(batches).toEqual([8, 8, 4]);
    await engine.close();
    batches = [];
    await setup({ groupCommit: { windowMs: 0 } });
    await oneAPerTurn('z');
    expect(batches).toEqual(Array(20).fill(1));
  });

  it('writes each accept alone with groupCommit: false', async () => {
    await engine.close();
    batches = [];
    await setup({ groupCommit: false });
    await Promise.all(Array.from({ length: 3 }, (_, index) => engine.accept(orderEvent(`s${index}`))));
    expect(batches).toEqual([1, 1, 1]);
    expect(committedOrders()).toHaveLength(3);
  });

  it('finishes the pending batch before close() closes the store', async () => {
    const pending = engine.accept(orderEvent('late'));
    await engine.close();
    await expect(pending).resolves.toMatchObject({ duplicates: 0 });
    expect(committedOrders()).toEqual(['late']);
    await setup();
  });
});

describe('accept with recordStatus', () => {
  const statusChange = (to: string, from?: string) =>
    event({
      type: 'order.status_changed',
      order: order({ status: to }),
      status: from === undefined ? { to } : { from, to },
    });

  it('records the status in the same write and takes it as the previous status of the next change', async () => {
    await engine.accept(event(), { recordStatus: true });
    expect(committedStatus('1001')).toBe('processing');
    const completed = await engine.accept(statusChange('completed'), { recordStatus: true });
    expect(completed.queued.map((message) => message.role)).toEqual(['customer']);
    const [stored] = await engine.messages.list({
      orderId: '1001',
      role: 'customer',
      status: 'queued',
      limit: 1,
    });
    expect(stored?.eventType).toBe('order.status_changed');
    expect(committedStatus('1001')).toBe('completed');
    expect(batches).toEqual([1, 1]);
  });

  it('queues nothing for a change to the status already stored, and says so', async () => {
    await engine.accept(statusChange('completed'), { recordStatus: true });
    const again = await engine.accept(statusChange('completed'), { recordStatus: true });
    expect(again).toMatchObject({ queued: [], duplicates: 0, unchanged: 1 });
  });

  it('records a shipment once per tracking number', async () => {
    const shipment = (trackingNumber: string) =>
      event({
        type: 'order.shipment_added',
        order: order({ status: 'completed' }),
        shipment: { trackingNumber, trackingCompany: 'Yurtiçi' },
      });
    const first = await engine.acceptAll([shipment('TR1')], { recordStatus: true });
    expect(first.queued).toHaveLength(1);
    expect((await engine.acceptAll([shipment('TR1')], { recordStatus: true })).unchanged).toBe(1);
    expect(committedStatus('1001#tracking')).toBe('TR1');
  });

  it('commits the events of acceptAll together or not at all', async () => {
    observer.exec(
      `CREATE TRIGGER refuse_note BEFORE INSERT ON outbox_messages WHEN NEW.event_type = 'order.note_added'
       BEGIN SELECT RAISE(ABORT, 'refused by trigger'); END`,
    );
    const note = event({
      type: 'order.note_added',
      note: { id: 'n1', text: 'Kargonuz yolda', customerVisible: true },
    });
    await expect(engine.acceptAll([event(), note], { recordStatus: true })).rejects.toThrow(
      /refused by trigger/,
    );
    expect(committedOrders()).toEqual([]);
    expect(committedStatus('1001')).toBeUndefined();
  });
});
