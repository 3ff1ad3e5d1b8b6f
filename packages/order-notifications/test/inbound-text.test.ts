import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeLine, normalizeLineFully, normalizeLines, TEXT_LIMITS } from '../src/inbound-text';
import {
  createNotificationEngine,
  createSqliteStore,
  type NotificationEngine,
  orderEventSchema,
  parseNotificationConfig,
} from '../src/index';
import { event, order } from './fixtures';
import { createRecordingProvider } from './recording-provider';

/** Any character a customer could use to break a line, hide text or upset a store. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('normalizeLine', () => {
  it.each([
    ['Ali\r\nBEDAVA SMS: http://evil.example', 'Ali BEDAVA SMS: http://evil.example'],
    ['Ali\u2028\u2029\u0085Veli', 'Ali Veli'],
    ['Ay\u0000şe', 'Ayşe'],
    ['Ayşe\b\b\bxxx', 'Ayşexxx'],
    ['\u202eesyA\u202c \u2066Yılmaz\u2069 \u200fok', 'esyA Yılmaz ok'],
    ['  Ayşe \t\t  Yılmaz  ', 'Ayşe Yılmaz'],
    ['s\u0327ule', 'şule'],
    ['bad \ud800 half', 'bad \ufffd half'],
    ['\u0000\u0007', ''],
  ])('%j becomes %j', (input, expected) => {
    expect(normalizeLine(input, 100)).toBe(expected);
  });

  it('gives what the full pipeline gives, for plain text (its shortcut) and any other', () => {
    const characters = fc.constantFrom(
      ...'aZ9 ,.şğıİÇü-\u00a0\u00ad\t\r\n\u0000\u202e\u0301\ud83d\ude00\ud800',
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: characters }), fc.string()),
        fc.integer({ min: 1, max: 30 }),
        (text, max) => {
          expect(normalizeLine(text, max)).toBe(normalizeLineFully(text, max));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('cuts to the limit without splitting a surrogate pair', () => {
    expect(normalizeLine('a'.repeat(500), 100)).toHaveLength(100);
    expect(normalizeLine(`${'a'.repeat(99)}😀`, 100)).toBe('a'.repeat(99));
  });
});

describe('normalizeLines', () => {
  it('keeps one LF per line break and at most one empty line, and removes every other control', () => {
    expect(normalizeLines('Kargo: X\r\nTakip\u0000: 1\r\n\r\n\r\n\r\nİyi günler\u202e', 1000)).toBe(
      'Kargo: X\nTakip: 1\n\nİyi günler',
    );
  });
});

describe('orderEventSchema', () => {
  it('normalises every text of an event and caps its length', () => {
    const parsed = orderEventSchema.parse(
      event({
        type: 'order.status_changed',
        eventId: 'e\u0000',
        order: order({
          id: '10\u000001',
          status: 'completed\u0000',
          items: [{ name: 'Kahve\r\n\u202eİNDİRİM', quantity: 1, total: '1\u0000' }],
          trackingNumber: 'TR\u0000123',
          trackingUrl: `https://kargo.example/${'x'.repeat(2000)}`,
        }),
        customer: { firstName: 'Ali\r\nBEDAVA', lastName: 'x'.repeat(1000), phone: '0532\u0000 123 45 67' },
        status: { from: 'processing\n', to: 'completed\u0000' },
      }),
    );
    expect(parsed.eventId).toBe('e');
    expect(parsed.order).toMatchObject({ id: '1001', status: 'completed', trackingNumber: 'TR123' });
    expect(parsed.order!.items[0]).toEqual({ name: 'Kahve İNDİRİM', quantity: 1, total: '1' });
    expect(parsed.order!.trackingUrl).toHaveLength(TEXT_LIMITS.url);
    expect(parsed.customer).toMatchObject({ firstName: 'Ali BEDAVA', phone: '0532 123 45 67' });
    expect(parsed.customer.lastName).toHaveLength(TEXT_LIMITS.name);
    expect(parsed.status).toEqual({ from: 'processing', to: 'completed' });
  });

  it('refuses an order id that is nothing but control characters', () => {
    expect(orderEventSchema.safeParse(event({ order: order({ id: '\u0000\u0000' }) })).success).toBe(false);
  });
});

describe('the engine stores only normalised text', () => {
  let directory: string;
  let engine: NotificationEngine;
  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'inbound-text-'));
    engine = createNotificationEngine({
      store: await createSqliteStore({ filename: join(directory, 'outbox.db') }),
      config: parseNotificationConfig({
        shops: { demo: { name: 'Demo', provider: 'sms', adminPhones: ['0555 987 65 43'] } },
      }),
      providers: { sms: createRecordingProvider({ providerId: 'sms' }) },
    });
  });
  afterEach(async () => {
    await engine.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('gives the customer and the admin a text without a line break or control character from a name', async () => {
    const hostile = event({
      order: order({ id: '77\u0000', number: '77\u0000' }),
      customer: {
        firstName: 'Ali\r\nBEDAVA SMS: http://evil.example\u202e\b',
        lastName: 'Veli\u0000',
        phone: '0532 123 45 67',
      },
    });
    const result = await engine.accept(hostile);
    expect(result.queued).toHaveLength(2);
    const messages = await engine.messages.list({});
    expect(messages.map((message) => message.orderId)).toEqual(['77', '77']);
    for (const message of messages) {
      expect(message.text).not.toMatch(CONTROL);
      expect(message.text).toContain('Ali BEDAVA SMS: http://evil.example');
    }
  });
});
