import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createNotificationEngine,
  createSqliteStore,
  type NotificationEngine,
  type OrderEvent,
  parseNotificationConfig,
} from '../src/index';
import { event, order } from './fixtures';
import { createRecordingProvider, type RecordingProvider } from './recording-provider';

let directory: string;
let provider: RecordingProvider;
let engine: NotificationEngine;

beforeEach(async () => {
  directory = mkdtempSync(join(tmpdir(), 'status-with-tracking-'));
  provider = createRecordingProvider({ providerId: 'sms' });
  engine = createNotificationEngine({
    store: await createSqliteStore({ filename: join(directory, 'outbox.db') }),
    config: parseNotificationConfig({
      shops: {
        one: { name: 'Demo', provider: 'sms' },
        separate: { name: 'Demo', provider: 'sms', statusChangeWithTracking: 'separate-messages' },
      },
    }),
    providers: { sms: provider },
  });
});

afterEach(async () => {
  await engine.close();
  rmSync(directory, { recursive: true, force: true });
});

/** What one WooCommerce `order.updated` brings: the status change and the tracking number that appeared. */
function statusAndTracking(
  shopId: string,
  status = 'completed',
  trackingNumber = 'YK738120459617',
): OrderEvent[] {
  const withTracking = order({ status, trackingNumber, trackingCompany: 'Yurtiçi Kargo' });
  return [
    event({ shopId, type: 'order.status_changed', order: withTracking, status: { to: status } }),
    event({
      shopId,
      type: 'order.shipment_added',
      order: withTracking,
      shipment: { trackingNumber, trackingCompany: 'Yurtiçi Kargo' },
    }),
  ];
}

async function sentTexts(): Promise<string[]> {
  await engine.dispatchOnce();
  return provider.sent.map((message) => message.text);
}

describe('a status change that brings a tracking number', () => {
  it('sends one SMS: the status message with a tracking line', async () => {
    await engine.recordOrderStatus('one', '1001', 'processing');
    const result = await engine.acceptAll(statusAndTracking('one'), { recordStatus: true });
    expect(result.queued).toHaveLength(1);
    expect(result.skipped).toContainEqual({ role: 'customer', reason: 'covered-by-status-change' });
    expect(await sentTexts()).toEqual([
      'Sayın Ayşe, A-1001 numaralı siparişiniz tamamlandı. Bizi tercih ettiğiniz için teşekkürler. Demo Yurtiçi Kargo takip no: YK738120459617',
    ]);
  });

  it('stays one SMS when the webhook is delivered again, or twice at once', async () => {
    const [first, second] = await Promise.all([
      engine.acceptAll(statusAndTracking('one'), { recordStatus: true }),
      engine.acceptAll(statusAndTracking('one'), { recordStatus: true }),
    ]);
    const again = await engine.acceptAll(statusAndTracking('one'), { recordStatus: true });
    expect(first!.queued.length + second!.queued.length + again.queued.length).toBe(1);
    expect(again.unchanged).toBe(2);
    expect(await sentTexts()).toHaveLength(1);
    expect(await sentTexts()).toHaveLength(1);
  });

  it('keeps a template that names the tracking number as it is', async () => {
    await engine.close();
    engine = createNotificationEngine({
      store: await createSqliteStore({ filename: join(directory, 'own.db') }),
      config: parseNotificationConfig({
        shops: {
          one: {
            name: 'Demo',
            provider: 'sms',
            rules: { status: { completed: { customerTemplate: 'Tamam, takip: {tracking_number}' } } },
          },
        },
      }),
      providers: { sms: provider },
    });
    await engine.acceptAll(statusAndTracking('one'), { recordStatus: true });
    expect(await sentTexts()).toEqual(['Tamam, takip: YK738120459617']);
  });

  it('sends the shipment message alone when the status is the one already stored', async () => {
    await engine.acceptAll(statusAndTracking('one', 'completed', 'T1'), { recordStatus: true });
    const result = await engine.acceptAll(statusAndTracking('one', 'completed', 'T2'), {
      recordStatus: true,
    });
    expect(result.unchanged).toBe(1);
    expect(result.queued).toHaveLength(1);
    const texts = await sentTexts();
    expect(texts).toHaveLength(2);
    expect(texts[1]).toMatch(/kargoya verildi\. Yurtiçi Kargo takip no: T2/);
  });

  it('sends the shipment message when the new status has no message of its own', async () => {
    const result = await engine.acceptAll(statusAndTracking('one', 'wc-shipped'), { recordStatus: true });
    expect(result.queued).toHaveLength(1);
    expect(await sentTexts()).toEqual([
      expect.stringMatching(/siparişiniz kargoya verildi\. Yurtiçi Kargo takip no: YK738120459617/),
    ]);
  });

  it('sends two SMS, once each, for a shop that keeps separate messages', async () => {
    const result = await engine.acceptAll(statusAndTracking('separate'), { recordStatus: true });
    const again = await engine.acceptAll(statusAndTracking('separate'), { recordStatus: true });
    expect(result.queued).toHaveLength(2);
    expect(again.queued).toHaveLength(0);
    const texts = await sentTexts();
    expect(texts).toHaveLength(2);
    expect(texts.find((text) => text.includes('tamamlandı'))).not.toContain('takip no');
    expect(texts.find((text) => text.includes('kargoya verildi'))).toContain('takip no: YK738120459617');
  });
});
