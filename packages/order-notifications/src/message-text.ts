import { calculate, toGsm } from '@x/sms-segments';
import { cutText } from './inbound-text';
import type { ShopConfig } from './notification-config';
import type { NewOutboxMessage, OutboxMessageType } from './outbox-store';
import type { RecipientCheck } from './phone-number';
import { formatItems, ITEMS_TEXT_LIMIT, itemsWithin, renderTemplate, type TemplateValues } from './template';

/** A message text as it would be sent, with the message type and the measure of `@x/sms-segments`. */
export interface MeasuredText {
  /** The text, after the shop's transliteration. */
  text: string;
  /** The message type to ask the provider for. */
  messageType: OutboxMessageType;
  /** Segments, units and whether it fits the provider's limit. */
  result: ReturnType<typeof calculate>;
}

/**
 * The longest text kept of a message that does not fit (it is stored as skipped, for the log, and never sent):
 * its first 1,000 characters and a marker saying how many more there were.
 */
export const SKIPPED_TEXT_LIMIT = 1000;

/** Characters an SMS segment holds at most, in any encoding: a text longer than segments × this never fits. */
const MAX_CHARACTERS_PER_SEGMENT = 160;

/**
 * Applies the shop's transliteration and measures the text.
 *
 * @param text - the rendered text
 * @param shop - the shop's `transliterate` mode
 * @param maxSegments - the provider's limit
 */
export function measure(
  text: string,
  shop: Pick<ShopConfig, 'transliterate'>,
  maxSegments: number,
): MeasuredText {
  if (shop.transliterate === 'letters') {
    const replaced = toGsm(text, { transliterateTurkish: true }).text;
    return { text: replaced, messageType: 'auto', result: calculate(replaced, { maxSegments }) };
  }
  if (shop.transliterate === 'turkish-type') {
    const result = calculate(text, { type: 'turkish', maxSegments });
    if (result.segments !== null) return { text, messageType: 'turkish', result };
  }
  return { text, messageType: 'auto', result: calculate(text, { maxSegments }) };
}

/**
 * Cuts the text of a message that does not fit to {@link SKIPPED_TEXT_LIMIT} characters plus a marker
 * (`… [+2345 characters]`), so that the log of a skipped message stays small.
 *
 * @param text - the text that does not fit
 */
export function capSkippedText(text: string): string {
  if (text.length <= SKIPPED_TEXT_LIMIT) return text;
  const kept = cutText(text, SKIPPED_TEXT_LIMIT);
  return `${kept}… [+${text.length - kept.length} characters]`;
}

/**
 * Renders and measures a message. When it needs more segments than the provider allows and the template lists
 * `{items}`, the most items that still fit are named (`Kahve x2 ve 3 ürün daha`), found by a binary search
 * among the lines that can fit at all. The work is linear in the number of lines (only their count is summed
 * for `{item_count}` beforehand) and each try renders a text of bounded length. A message that still does not
 * fit is returned whole, with `result.fits` false (the preview shows it; {@link outboxTextFields} cuts it for the
 * row stored as skipped).
 *
 * @param template - the template
 * @param values - the template values (`items` as {@link templateValues} renders it)
 * @param items - the order lines
 * @param shop - the shop's `transliterate` mode
 * @param maxSegments - the provider's limit
 */
export function renderMessage(
  template: string,
  values: TemplateValues,
  items: readonly { name: string; quantity: number }[],
  shop: Pick<ShopConfig, 'transliterate'>,
  maxSegments: number,
): MeasuredText {
  const measured = measure(renderTemplate(template, values), shop, maxSegments);
  if (measured.result.fits || items.length === 0 || !template.includes('{items}')) return measured;
  const withItems = (keep: number) =>
    measure(renderTemplate(template, { ...values, items: formatItems(items, keep) }), shop, maxSegments);
  // Named lines longer than the longest SMS never fit: the search stays among the first `high` lines.
  let high = itemsWithin(items, Math.min(ITEMS_TEXT_LIMIT, maxSegments * MAX_CHARACTERS_PER_SEGMENT));
  let best = withItems(0);
  if (!best.result.fits) return best;
  let low = 0;
  // Invariant: naming `low` lines fits; naming more than `high` does not need to be tried.
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    const attempt = withItems(middle);
    if (attempt.result.fits) {
      low = middle;
      best = attempt;
    } else high = middle - 1;
  }
  return best;
}

/**
 * Why a message with a checked recipient and a rendered text is not sent, if it is not: `no-phone`,
 * `invalid-phone-number:<reason>`, `empty-text` or `message-too-long`.
 *
 * @param checked - the recipient as checked ({@link normalizeRecipient}), or `no-phone` when there was none
 * @param measured - the rendered text
 */
export function skipReason(
  checked: RecipientCheck | { ok: false; reason: 'no-phone' },
  measured: MeasuredText,
): string | undefined {
  if (!checked.ok) {
    return checked.reason === 'no-phone' ? 'no-phone' : `invalid-phone-number:${checked.reason}`;
  }
  if (measured.text.trim() === '') return 'empty-text';
  if (!measured.result.fits) return 'message-too-long';
  return undefined;
}

/**
 * The fields of an outbox row that its rendered text decides: the text, the message type, the segments, and
 * `queued`, or `skipped` with its reason. The text of a message that does not fit is cut by
 * {@link capSkippedText}: the row is kept for the log, never sent, and stays small.
 *
 * @param measured - the rendered text
 * @param reason - why the message is not sent (see {@link skipReason}), or undefined
 */
export function outboxTextFields(
  measured: MeasuredText,
  reason: string | undefined,
): Pick<NewOutboxMessage, 'text' | 'messageType' | 'segments' | 'status' | 'reason'> {
  const fields = {
    text: measured.result.fits ? measured.text : capSkippedText(measured.text),
    messageType: measured.messageType,
    segments: measured.result.segments ?? 0,
  };
  return reason === undefined ? { ...fields, status: 'queued' } : { ...fields, status: 'skipped', reason };
}
