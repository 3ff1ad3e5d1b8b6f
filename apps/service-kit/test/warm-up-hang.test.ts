import { Server } from 'node:net';
import { parseNotificationConfig } from '@x/order-notifications';
import { describe, expect, it, vi } from 'vitest';
import { createHttpServer } from '../src/http-server';
import { createLogger } from '../src/logger';
import { createService } from '../src/service';
import { parseServiceConfig } from '../src/service-config';
import { type WarmUpOptions, warmUpService } from '../src/warm-up';

/** A server whose `/health` counts its requests and answers with `answer()`. */
function countingServer(answer: () => Promise<never> | { status: 'ok' }) {
  const counted = { asked: 0 };
  const app = createHttpServer({
    logger: createLogger({ level: 'silent' }),
    health: () => {
      counted.asked += 1;
      return answer();
    },
  });
  return { app, counted };
}

/** The warm-up of `app` with no shops. */
function warmUpAlone(app: WarmUpOptions['app'], amount: Pick<WarmUpOptions, 'connections' | 'rounds'>) {
  return warmUpService({
    app,
    logger: createLogger({ level: 'silent' }),
    notificationConfig: parseNotificationConfig({ shops: {} }),
    providers: {},
    ...amount,
  });
}

describe('the warm-up over loopback connections', () => {
  it('returns although a route never answers: a hanging route cannot hold the start', async () => {
    const { app, counted } = countingServer(() => new Promise<never>(() => undefined));
    try {
      const elapsedMs = await warmUpAlone(app, { connections: 4 });
      // Each request went out and was aborted by the server when its connection's sending side ended.
      expect(counted.asked).toBe(4);
      expect(elapsedMs).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });
});

describe('the warm-up when the loopback address cannot be bound', () => {
  it('fails as a rejected promise the service logs, not as an uncaught error', async () => {
    const app = createHttpServer({ logger: createLogger({ level: 'silent' }) });
    const listen = vi.spyOn(Server.prototype, 'listen').mockImplementationOnce(function (this: Server) {
      const error = Object.assign(new Error('listen EADDRNOTAVAIL 127.0.0.1'), { code: 'EADDRNOTAVAIL' });
      process.nextTick(() => this.emit('error', error));
      return this;
    });
    try {
      await expect(warmUpAlone(app, { connections: 2 })).rejects.toThrow('EADDRNOTAVAIL');
    } finally {
      listen.mockRestore();
      await app.close();
    }
  });
});

describe('the warm-up amounts', () => {
  it('refuses an amount that would warm nothing or never end, before sending anything', async () => {
    const { app, counted } = countingServer(() => ({ status: 'ok' }));
    try {
      for (const amount of [
        { connections: Number.NaN },
        { connections: Infinity },
        { rounds: 0 },
        { rounds: 1.5 },
      ]) {
        await expect(warmUpAlone(app, amount)).rejects.toThrow(RangeError);
      }
      expect(counted.asked).toBe(0);
    } finally {
      await app.close();
    }
  });
});

describe('a service given a bad warm-up amount', () => {
  it('refuses to be built, instead of starting cold with the failure only logged', async () => {
    const config = parseServiceConfig(
      {
        server: { host: '127.0.0.1', port: 0 },
        storage: { sqliteFile: ':memory:' },
        shops: { demo: { name: 'Demo', provider: 'sandbox' } },
      },
      {},
      { WEBHOOK_SECRET_DEMO: 'warm-up-amount-secret' },
    );
    await expect(
      createService({
        config,
        platform: { name: 'test', register: () => {} },
        logger: createLogger({ level: 'silent' }),
        warmUp: { connections: Number.NaN },
      }),
    ).rejects.toThrow(/warm-up connections must be a whole number/);
  });
});
