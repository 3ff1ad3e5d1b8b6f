import { createSandboxProvider } from '@x/messaging-core/sandbox';
import type { OrderEvent } from '@x/order-notifications';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { acceptEvents } from '../src/engine-port';
import { createLogger } from '../src/logger';
import { createService, type PlatformModule, type Service } from '../src/service';
import { parseServiceConfig, parseServiceEnv } from '../src/service-config';

/** The test server: DATABASE_URL, or the machine's local trust-auth server (which CI starts). */
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `apps_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;

/** A platform whose route takes an order event as JSON: enough to drive two instances at once. */
const eventPlatform: PlatformModule = {
  name: 'test',
  register(app, { engine }) {
    app.post('/events', async (request) => {
      const body = request.body as Omit<OrderEvent, 'occurredAt'> & { occurredAt: string };
      return acceptEvents(engine, [{ ...body, occurredAt: new Date(body.occurredAt) }]);
    });
  },
};

const services: Service[] = [];
afterAll(async () => {
  await Promise.all(services.map((service) => service.stop()));
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

describe('several instances on one PostgreSQL outbox', () => {
  it('queues a delivery that reaches two instances once, and the two dispatchers send it once', async () => {
    const sandbox = createSandboxProvider();
    const rawEnv = { DATABASE_URL, WEBHOOK_SECRET_DEMO: 'postgres-test-secret' };
    for (let index = 0; index < 2; index += 1) {
      const config = parseServiceConfig(
        {
          storage: { postgresSchema: schema },
          dispatcher: { enabled: false },
          shops: { demo: { name: 'Demo' } },
        },
        parseServiceEnv(rawEnv),
        rawEnv,
      );
      services.push(
        await createService({
          config,
          platform: eventPlatform,
          providers: { sandbox },
          logger: createLogger({ level: 'silent' }),
        }),
      );
    }
    const event = {
      type: 'order.created',
      shopId: 'demo',
      occurredAt: '2026-11-20T09:30:00Z',
      order: { id: '3001', number: '3001', status: 'processing', total: '99.90', currency: 'TRY', items: [] },
      customer: { firstName: 'Ayşe', phone: '0532 123 45 67' },
      status: { to: 'processing' },
      raw: {},
    };
    const answers = await Promise.all(
      services.map((service) => service.app.inject({ method: 'POST', url: '/events', payload: event })),
    );
    const bodies = answers.map((answer) => answer.json() as { queued: number; duplicates: number });
    expect(bodies.reduce((sum, body) => sum + body.queued, 0)).toBe(1);
    expect(bodies.reduce((sum, body) => sum + body.duplicates, 0)).toBe(1);
    const sent = await Promise.all(services.map((service) => service.engine.dispatchOnce()));
    expect(sent.reduce((sum, count) => sum + count, 0)).toBe(1);
    expect(sandbox.sent).toHaveLength(1);
  });
});
