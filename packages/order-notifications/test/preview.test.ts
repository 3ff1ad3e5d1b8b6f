import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  createNotificationEngine,
  createSqliteStore,
  type NotificationEngine,
  parseNotificationConfig,
  TEMPLATE_VARIABLES,
} from '../src/index';
import { event, order } from './fixtures';
import { createRecordingProvider } from './recording-provider';

const template =
  'Sayın {first_name}, {order_number} numaralı siparişiniz kargoya verildi. Teşekkürler, {shop_name}';
const customer = { firstName: 'Ayşe', lastName: 'Yılmaz' };

let engine: NotificationEngine;
const provider = createRecordingProvider({ providerId: 'sms' });

beforeAll(async () => {
  engine = createNotificationEngine({
    store: await createSqliteStore({ filename: ':memory:' }),
    config: parseNotificationConfig({
      shops: {
        plain: { name: 'Çiçekçi Şule', provider: 'sms', pricePerSegment: 0.15 },
        letters: { name: 'Çiçekçi Şule', provider: 'sms', transliterate: 'letters' },
        turkish: { name: 'Çiçekçi Şule', provider: 'sms', transliterate: 'turkish-type' },
      },
    }),
    providers: { sms: provider },
    now: () => new Date('2026-11-23T11:05:00Z'),
  });
});

afterAll(async () => {
  await engine.close();
});

describe('preview', () => {
  it('renders the sample order and measures the text as written, with its cost and the saving of transliteration', () => {
    const preview = engine.preview({ shopId: 'plain', template, order: order(), customer });
    expect(preview).toEqual({
      text: 'Sayın Ayşe, A-1001 numaralı siparişiniz kargoya verildi. Teşekkürler, Çiçekçi Şule',
      type: 'turkish',
      segments: 1,
      units: expect.any(Number),
      cost: 0.15,
      transliterated: {
        text: 'Sayin Ayse, A-1001 numarali siparisiniz kargoya verildi. Tesekkürler, Çicekci Sule',
        segments: 1,
        saving: 0,
      },
    });
  });

  it('renders every variable for a built-in sample order when given none', () => {
    for (const name of TEMPLATE_VARIABLES) {
      const preview = engine.preview({ shopId: 'plain', template: `[{${name}}]` });
      expect(preview.text, name).not.toBe('[]');
    }
    const preview = engine.preview({
      shopId: 'plain',
      template:
        'Sayın {full_name}, {order_number} numaralı siparişiniz ({items}, {total} {currency}) {status_label}.',
    });
    expect(preview.text).toBe(
      'Sayın Ayşe Yılmaz, 1042 numaralı siparişiniz (Filtre Kahve 250 g x2, Porselen Fincan, 349.90 TRY) Hazırlanıyor.',
    );
  });

  it('shows the segments a long Turkish text saves when transliterated', () => {
    const long = `${'Şişli’deki çiçekçimizden ığdır gönderimi. '.repeat(4)}{order_number}`;
    const preview = engine.preview({ shopId: 'plain', template: long, order: order() });
    expect(preview.transliterated!.saving).toBeGreaterThan(0);
    expect(preview.transliterated!.segments).toBe(preview.segments - preview.transliterated!.saving);
    expect(preview.cost).toBe(Number((preview.segments * 0.15).toFixed(2)));
  });

  it('sends what the preview shows for a transliterating shop', async () => {
    const preview = engine.preview({ shopId: 'letters', template, order: order(), customer });
    expect(preview.text).toBe(
      'Sayin Ayse, A-1001 numarali siparisiniz kargoya verildi. Tesekkürler, Çicekci Sule',
    );
    expect(preview.type).toBe('normal');
    await engine.accept(
      event({
        shopId: 'letters',
        type: 'order.shipment_added',
        shipment: { trackingNumber: 'T1' },
        order: order({ id: 'letters-1' }),
      }),
    );
    await engine.dispatchOnce();
    expect(provider.sent.at(-1)?.text).not.toMatch(/[şğıİŞĞç]/);
  });

  it('asks for the Turkish type when the shop says so', () => {
    expect(engine.preview({ shopId: 'turkish', template, customer }).type).toBe('turkish');
  });

  it('refuses an unknown variable and an unknown shop', () => {
    expect(() => engine.preview({ shopId: 'plain', template: 'Hi {nme}' })).toThrow(
      'template: unknown variable {nme}',
    );
    expect(() => engine.preview({ shopId: 'nope', template: 'Hi' })).toThrow(ConfigError);
  });
});
