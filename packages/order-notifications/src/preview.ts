import { calculate, toGsm } from '@x/sms-segments';
import { ConfigError } from './config-error';
import { type EngineContext, maxSegmentsOf, shopOf } from './engine-context';
import { measure } from './message-text';
import type { CustomerInfo, OrderInfo } from './order-event';
import { findUnknownVariables, previewTemplateInput, renderTemplate, templateValues } from './template';

/** What {@link NotificationEngine.preview} is asked to render. */
export interface PreviewInput {
  shopId: string;
  template: string;
  order?: Partial<OrderInfo>;
  customer?: CustomerInfo;
}

/** What {@link NotificationEngine.preview} shows. */
export interface Preview {
  /** The text as it would be sent (after the shop's transliteration). */
  text: string;
  /** The message type it would use. */
  type: 'normal' | 'turkish' | 'unicode';
  /** Segments (SMS) it takes. */
  segments: number;
  /** Payload length in the type's units (septets or UTF-16 units). */
  units: number;
  /** Segments × the shop's `pricePerSegment`, when set. */
  cost?: number;
  /** The text with Turkish letters replaced, when that changes it, and the segments it saves. */
  transliterated?: { text: string; segments: number; saving: number };
}

/**
 * Renders a template for an order (a built-in sample order and customer when none is given) and measures it as
 * the shop would send it.
 * @throws {@link ConfigError} for an unknown shop or unknown variables
 */
export function previewMessage(context: EngineContext, input: PreviewInput): Preview {
  const shop = shopOf(context.config, input.shopId);
  const unknown = findUnknownVariables(input.template);
  if (unknown.length > 0) {
    throw new ConfigError({
      issues: unknown.map((name) => ({
        path: ['template'],
        message: `unknown variable {${name}}`,
        code: 'unknown_variable',
      })),
    });
  }
  const values = templateValues(previewTemplateInput(input, context.now()), {
    name: shop.name,
    statusLabels: shop.statusLabels,
    timeZone: shop.timeZone,
    formatDate: context.formatDate,
  });
  const rendered = renderTemplate(input.template, values);
  const { text, result } = measure(rendered, shop, maxSegmentsOf(context, shop));
  const preview: Preview = {
    text,
    type: result.type,
    segments: result.segments ?? 0,
    units: result.units ?? 0,
  };
  if (shop.pricePerSegment !== undefined) {
    preview.cost = Number(((result.segments ?? 0) * shop.pricePerSegment).toPrecision(12));
  }
  const replaced = toGsm(rendered, { transliterateTurkish: true }).text;
  if (replaced !== rendered) {
    const original = calculate(rendered);
    const transliterated = calculate(replaced);
    preview.transliterated = {
      text: replaced,
      segments: transliterated.segments ?? 0,
      saving: (original.segments ?? 0) - (transliterated.segments ?? 0),
    };
  }
  return preview;
}
