import { ValidationError } from '@x/messaging-core';
import { calculate, toGsm } from '@x/sms-segments';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  createNotificationEngine,
  createSqliteStore,
  type NotificationEngine,
  parseNotificationConfig,
  TEMPLATE_TEXT_LIMIT,
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
      units: 90,
      charactersLeft: 155 - 90,
      fits: true,
      unknownVariables: [],
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

  it('lists each unknown variable with its position instead of refusing, and refuses an unknown shop', () => {
    const preview = engine.preview({ shopId: 'plain', template: 'Hi {nme}, {order_id} {nme} {x}' });
    expect(preview.unknownVariables).toEqual([
      { variable: 'nme', index: 3 },
      { variable: 'nme', index: 21 },
      { variable: 'x', index: 27 },
    ]);
    expect(preview.text).toBe('Hi {nme}, 1042 {nme} {x}');
    expect(() => engine.preview({ shopId: 'nope', template: 'Hi' })).toThrow(ConfigError);
  });

  it('normalises the given order and customer as an event is normalised', () => {
    const preview = engine.preview({
      shopId: 'plain',
      template: '{first_name}|{order_number}',
      order: order({ number: 'A\u202e-1\r\n2' }),
      customer: { firstName: `Ay\u0000şe\n${'x'.repeat(300)}` },
    });
    expect(preview.text).toBe(`Ayşe ${'x'.repeat(95)}|A-1 2`);
  });

  it('measures with the same shortening of {items} as a send, and says what is left in the last segment', async () => {
    const items = Array.from({ length: 200 }, (_, index) => ({
      name: `Ürün numarası ${index}`,
      quantity: 1,
    }));
    const template = 'Siparişiniz: {items}';
    const preview = engine.preview({ shopId: 'plain', template, order: order({ id: 'many', items }) });
    expect(preview.fits).toBe(true);
    expect(preview.text).toMatch(/ve \d+ ürün daha$/);
    expect(preview.segments).toBeLessThanOrEqual(7);
    const measured = calculate(preview.text);
    expect([preview.type, preview.segments, preview.units]).toEqual([
      measured.type,
      measured.segments,
      measured.units,
    ]);
    expect(preview.charactersLeft).toBe(measured.perSegment * measured.segments - measured.units);
  });

  it('refuses a template longer than a shop may save with a ValidationError naming the limit', () => {
    expect(TEMPLATE_TEXT_LIMIT).toBe(2000);
    const longest = engine.preview({ shopId: 'plain', template: 'x'.repeat(TEMPLATE_TEXT_LIMIT) });
    expect(longest.text).toHaveLength(TEMPLATE_TEXT_LIMIT);
    for (const length of [TEMPLATE_TEXT_LIMIT + 1, 4_000_000]) {
      let refused: unknown;
      try {
        engine.preview({ shopId: 'plain', template: `{first_name}${'x'.repeat(length - 12)}` });
      } catch (error) {
        refused = error;
      }
      expect(ValidationError.isInstance(refused), String(length)).toBe(true);
      expect((refused as ValidationError).message).toMatch(/at most 2000 characters/);
      expect((refused as ValidationError).issues).toEqual([
        { path: ['template'], message: 'at most 2000 characters', code: 'too_big' },
      ]);
    }
  });

  it('shows a text too long to send whole, with the figures of the whole text and of its transliteration', () => {
    const long = 'Şişli’deki çiçekçimizden ığdır gönderimi. '.repeat(40); // 1,680 characters, over 7 segments
    const preview = engine.preview({ shopId: 'plain', template: long });
    expect(preview.fits).toBe(false);
    expect(preview.text).toBe(long);
    const whole = calculate(long);
    expect([preview.type, preview.segments, preview.units]).toEqual([
      whole.type,
      whole.segments,
      whole.units,
    ]);
    const replaced = toGsm(long, { transliterateTurkish: true }).text;
    const transliterated = calculate(replaced);
    expect(preview.transliterated).toEqual({
      text: replaced,
      segments: transliterated.segments,
      saving: whole.segments - transliterated.segments,
    });
  });
});
