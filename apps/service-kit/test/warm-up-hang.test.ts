import { Server } from 'node:net';
import { parseNotificationConfig } from '@x/order-notifications';
import { describe, expect, it, vi } from 'vitest';
import { createHttpServer } from '../src/http-server';
import { createLogger } from '../src/logger';
import { warmUpService } from '../src/warm-up';

describe('the warm-up over loopback connections', () => {
  it('returns although a route never answers: a hanging route cannot hold the start', async () => {
    let asked = 0;
    const app = createHttpServer({
      logger: createLogger({ level: 'silent' }),
      health: () => {
        asked += 1;
        return new Promise(() => undefined);
      },
    });
    try {
      const elapsedMs = await warmUpService({
        app,
        logger: createLogger({ level: 'silent' }),
        notificationConfig: parseNotificationConfig({ shops: {} }),
        providers: {},
        connections: 4,
      });
      // Each request went out and was aborted by the server when its connection's sending side ended.
      expect(asked).toBe(4);
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
      await expect(
        warmUpService({
          app,
          logger: createLogger({ level: 'silent' }),
          notificationConfig: parseNotificationConfig({ shops: {} }),
          providers: {},
          connections: 2,
        }),
      ).rejects.toThrow('EADDRNOTAVAIL');
    } finally {
      listen.mockRestore();
      await app.close();
    }
  });
});
