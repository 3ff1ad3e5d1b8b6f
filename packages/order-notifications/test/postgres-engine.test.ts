import { createSandboxProvider, type SandboxProvider } from '@x/messaging-core/sandbox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createNotificationEngine,
  createPostgresStore,
  type NotificationEngine,
  parseNotificationConfig,
} from '../src/index';
import { event, order } from './fixtures';
import { DATABASE_URL, dropSchema, randomSchema } from './postgres';

const config = parseNotificationConfig({
  shops: { demo: { name: 'Demo', provider: 'sandbox', adminPhones: ['+905559876543'] } },
});

describe('the engine on PostgreSQL', () => {
  let schema: string;
  let sandbox: SandboxProvider;
  let engines: NotificationEngine[];

  async function openEngine(): Promise<NotificationEngine> {
    const engine = createNotificationEngine({
      store: await createPostgresStore({ connectionString: DATABASE_URL, schema }),
      config,
      providers: { sandbox },
    });
    engines.push(engine);
    return engine;
  }

  beforeEach(() => {
    schema = randomSchema();
    sandbox = createSandboxProvider();
    engines = [];
  });

  afterEach(async () => {
    await Promise.all(engines.map((engine) => engine.close()));
    await dropSchema(schema);
  });

  it('sends a message accepted before a crash exactly once after restart', async () => {
    const first = await openEngine();
    expect((await first.accept(event())).queued).toHaveLength(2);
    await first.close(); // the process dies between the durable accept and any send
    const second = await openEngine();
    expect((await second.accept(event())).duplicates).toBe(2); // the platform retries its webhook
    expect(await second.dispatchOnce()).toBe(2);
    expect(await second.dispatchOnce()).toBe(0);
    expect(sandbox.sent).toHaveLength(2);
    expect((await second.messages.counts({})).sent).toBe(2);
  });

  it('lets two engines accept and dispatch the same events concurrently without a double send', async () => {
    const [a, b] = [await openEngine(), await openEngine()];
    const events = Array.from({ length: 30 }, (_, index) => event({ order: order({ id: `p${index}` }) }));
    await Promise.all([...events.map((e) => a.accept(e)), ...events.map((e) => b.accept(e))]);
    const dispatchers = [a, b].map((engine) =>
      engine.startDispatcher({ concurrency: 6, pollIntervalMs: 5, ratePerSecond: Number.POSITIVE_INFINITY }),
    );
    while ((await a.messages.counts({})).sent < 60) await new Promise((resolve) => setTimeout(resolve, 10));
    await Promise.all(dispatchers.map((dispatcher) => dispatcher.stop()));
    expect(sandbox.sent).toHaveLength(60);
    expect(new Set(sandbox.sent.map((message) => message.reference)).size).toBe(60);
  });
});
