import { calculate } from '@x/sms-segments';
import type { ShopConfig } from './notification-config';
import type { OutboxMessageType } from './outbox-store';
import { formatItems, renderTemplate, type TemplateValues } from './template';
import { transliterateTurkish } from './transliterate';

/** A text as it will be sent: after the shop's transliteration, with its message type and measure. */
export interface MeasuredText {
  text: string;
  messageType: OutboxMessageType;
  result: ReturnType<typeof calculate>;
}

/** Applies the shop's transliteration and measures the text. */
export function measure(text: string, shop: ShopConfig, maxSegments: number): MeasuredText {
  if (shop.transliterate === 'letters') {
    const replaced = transliterateTurkish(text);
    return { text: replaced, messageType: 'auto', result: calculate(replaced, { maxSegments }) };
  }
  if (shop.transliterate === 'turkish-type') {
    const result = calculate(text, { type: 'turkish', maxSegments });
    if (result.segments !== null) return { text, messageType: 'turkish', result };
  }
  return { text, messageType: 'auto', result: calculate(text, { maxSegments }) };
}

/**
 * Renders and measures a message. When it needs more segments than the provider allows and the template lists
 * `{items}`, fewer items are named (`Kahve x2 ve 3 ürün daha`) until it fits; otherwise it stays too long.
 */
export function renderMessage(
  template: string,
  values: TemplateValues,
  items: readonly { name: string; quantity: number }[],
  shop: ShopConfig,
  maxSegments: number,
): MeasuredText {
  let measured = measure(renderTemplate(template, values), shop, maxSegments);
  if (measured.result.fits || items.length === 0 || !template.includes('{items}')) return measured;
  for (let keep = items.length - 1; keep >= 0 && !measured.result.fits; keep--) {
    measured = measure(
      renderTemplate(template, { ...values, items: formatItems(items, keep) }),
      shop,
      maxSegments,
    );
  }
  return measured;
}
