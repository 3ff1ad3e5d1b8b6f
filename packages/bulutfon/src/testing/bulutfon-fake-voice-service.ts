import { WEEKDAYS_V1 } from '@x/messaging-core';
import { type BulutfonFakeListener, listenBulutfonFakeServer } from './bulutfon-fake-listen';
import { createBulutfonFakeServer } from './bulutfon-fake-server';
import type { BulutfonFakeServer } from './bulutfon-fake-types';

/** The fake Bulutfon on a real port, posting its call webhooks to every service instance a test started. */
export interface BulutfonVoiceFake {
  /** The fake server (scripted outcomes, `dialCalls`, placed calls, webhook deliveries). */
  fake: BulutfonFakeServer;
  /** Its listener (`url`, `close`). */
  listener: BulutfonFakeListener;
  /**
   * The service addresses each call webhook goes to (`<address>/webhooks/bulutfon/<shop>`): every listed
   * instance gets each event, which is a duplicate delivery when two are listed. Tests push and clear it.
   */
  targets: string[];
}

/**
 * Starts the fake Bulutfon for service tests of one shop's voice side: automatic calls wait for `dialCalls`,
 * and call webhooks are posted with HTTP Basic credentials to every address in `targets`.
 * @param options - the shop id and the Basic credentials of its call webhook
 */
export async function startBulutfonVoiceFake(options: {
  shopId: string;
  credentials: { username: string; password: string };
}): Promise<BulutfonVoiceFake> {
  const targets: string[] = [];
  const route = `/webhooks/bulutfon/${encodeURIComponent(options.shopId)}`;
  const fake = createBulutfonFakeServer({
    calls: {
      autoDial: false,
      webhookUrl: `http://service.invalid${route}`,
      webhookCredentials: options.credentials,
      webhookFetch: async (_input, init) => {
        let last = new Response(null, { status: 502 });
        for (const target of targets) {
          last = await fetch(`${target}${route}`, init);
          await last.body?.cancel();
        }
        return last;
      },
    },
  });
  const listener = await listenBulutfonFakeServer(fake);
  return { fake, listener, targets };
}

/**
 * A shop's voice settings for service tests against the fake at `baseUrl`: confirmation calls around the clock
 * (tests run at any hour), two attempts without spacing, `processing` on confirmation, missed-call follow-ups.
 * @param baseUrl - the fake's address
 * @param overrides - settings to replace
 */
export function bulutfonVoiceSettings(
  baseUrl: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    provider: { id: 'bulutfon', options: { baseUrl } },
    pbxNumber: '0212 222 22 22',
    cod: {
      audio: { announcementId: '22' },
      attempts: 2,
      spacingMinutes: 0,
      confirmStatus: 'processing',
      windows: Object.fromEntries(WEEKDAYS_V1.map((day) => [day, { start: '00:00', end: '24:00' }])),
    },
    missedCall: {},
    ...overrides,
  };
}
