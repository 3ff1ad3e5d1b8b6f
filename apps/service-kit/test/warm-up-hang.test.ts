import { parseNotificationConfig } from '@x/order-notifications';
import { describe, expect, it } from 'vitest';
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
