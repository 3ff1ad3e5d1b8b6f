import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createNotificationEngine,
  createSqliteStore,
  type NotificationEngine,
  parseNotificationConfig,
  templateValues,
} from '../src/index';
import { capSkippedText, renderMessage, SKIPPED_TEXT_LIMIT } from '../src/message-text';
import { event, order } from './fixtures';
import { createRecordingProvider } from './recording-provider';

const shopContext = { name: 'Demo', statusLabels: {}, timeZone: 'Europe/Istanbul' };
const template = 'Siparişiniz: {items}. Toplam {total} {currency}';

/** `count` order lines whose names count how often they are read. */
function countedItems(count: number) {
  const reads = { names: 0 };
  const items = Array.from({ length: count }, (_, index) => ({
    get name() {
      reads.names++;
      return `Ürün numarası ${index + 1}`;
    },
    quantity: 1,
  }));
  return { items, reads };
}

/** The names read to compute the values and render one message of `count` lines. */
function namesReadToRender(count: number): { reads: number; text: string; fits: boolean } {
  const { items, reads } = countedItems(count);
  const values = templateValues({ order: order({ items }), date: new Date(0) }, shopContext);
  const measured = renderMessage(template, values, items, { transliterate: 'none' }, 7);
  return { reads: reads.names, text: measured.text, fits: measured.result.fits };
}

describe('{items} of a very large order', () => {
  it('names what fits in 7 segments and counts the rest', () => {
    const rendered = namesReadToRender(12_000);
    expect(rendered.fits).toBe(true);
    expect(rendered.text).toMatch(
      /^Siparişiniz: Ürün numarası 1, Ürün numarası 2, .* ve \d+ ürün daha\. Toplam/,
    );
    expect(rendered.text.length).toBeLessThanOrEqual(7 * 160);
  });

  it('reads a number of item names that does not grow with the order (the old renderer read them n² times)', () => {
    const small = namesReadToRender(12_000);
    const large = namesReadToRender(24_000);
    // Only the lines that can fit in the longest SMS are ever read: twice the lines cost no extra reads.
    expect(large.reads).toBe(small.reads);
    expect(small.reads).toBeLessThan(2_000);
  });
});

describe('capSkippedText', () => {
  it('keeps the first characters and says how many were left out', () => {
    const text = `${'a'.repeat(SKIPPED_TEXT_LIMIT)}${'b'.repeat(4000)}`;
    expect(capSkippedText(text)).toBe(`${'a'.repeat(SKIPPED_TEXT_LIMIT)}… [+4000 characters]`);
    expect(capSkippedText('short')).toBe('short');
  });
});

describe('a message too long for the provider', () => {
  let directory: string;
  let engine: NotificationEngine;
  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'items-rendering-'));
    const provider = createRecordingProvider({ providerId: 'sms' });
    provider.capabilities.maxSegments = 1;
    engine = createNotificationEngine({
      store: await createSqliteStore({ filename: join(directory, 'outbox.db') }),
      config: parseNotificationConfig({ shops: { demo: { name: 'Demo', provider: 'sms' } } }),
      providers: { sms: provider },
    });
  });
  afterEach(async () => {
    await engine.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('is stored as skipped with its text capped, not in full', async () => {
    const result = await engine.accept(
      event({
        type: 'order.note_added',
        note: { id: 'n', text: 'Uzun not. '.repeat(50_000), customerVisible: true },
      }),
    );
    expect(result.skipped).toContainEqual(expect.objectContaining({ reason: 'message-too-long' }));
    const [message] = await engine.messages.list({ limit: 1 });
    expect(message!.status).toBe('skipped');
    expect(message!.text.length).toBeLessThan(SKIPPED_TEXT_LIMIT + 30);
    expect(message!.text).toMatch(
      /^Demo: A-1001 numaralı siparişinize not eklendi: Uzun not\. .*… \[\+\d+ characters\]$/,
    );
  });
});
