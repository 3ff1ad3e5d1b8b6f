import { ValidationError } from '@x/messaging-core';
import { calculate, toGsm } from '@x/sms-segments';
import { type EngineContext, maxSegmentsOf, shopOf, shopTemplateContext } from './engine-context';
import { renderMessage } from './message-text';
import { toValidationIssues } from './notification-config';
import { type CustomerInfo, customerInfoSchema, type OrderInfo, orderInfoSchema } from './order-event';
import {
  findUnknownVariablePositions,
  previewTemplateInput,
  TEMPLATE_TEXT_LIMIT,
  templateValues,
} from './template';

/** What {@link NotificationEngine.preview} is asked to render. */
export interface PreviewInput {
  /** The shop whose name, labels, time zone, transliteration and provider limit apply. */
  shopId: string;
  /** The template, as typed: at most {@link TEMPLATE_TEXT_LIMIT} (2,000) characters. */
  template: string;
  /** The order to render (normalised as an event's order is); the built-in sample order when absent. */
  order?: Partial<OrderInfo>;
  /** The customer (normalised as an event's customer is); the built-in sample customer when absent. */
  customer?: CustomerInfo;
}

/** What {@link NotificationEngine.preview} shows. */
export interface Preview {
  /** The text as it would be sent (after the shop's transliteration, and `{items}` shortened to fit). */
  text: string;
  /** The message type it would use. */
  type: 'normal' | 'turkish' | 'unicode';
  /** Segments (SMS) it takes. */
  segments: number;
  /** Payload length in the type's units (septets or UTF-16 units). */
  units: number;
  /** Units still free in the last segment (septets, or UTF-16 units for `unicode`). */
  charactersLeft: number;
  /** False when it needs more segments than the shop's provider takes: such a message is not sent. */
  fits: boolean;
  /** Segments × the shop's `pricePerSegment`, when set. */
  cost?: number;
  /** The text with Turkish letters replaced, when that changes it, and the segments it saves. */
  transliterated?: { text: string; segments: number; saving: number };
  /** Every unknown `{variable}` with the index of its `{` in the template (they render as written). */
  unknownVariables: { variable: string; index: number }[];
}

/** The template as a string, refused when longer than a shop's settings take. */
function boundedTemplate(input: PreviewInput): string {
  const template = String(input.template);
  if (template.length > TEMPLATE_TEXT_LIMIT) {
    throw new ValidationError({
      message: `Invalid preview template: at most ${TEMPLATE_TEXT_LIMIT} characters`,
      issues: [{ path: ['template'], message: `at most ${TEMPLATE_TEXT_LIMIT} characters`, code: 'too_big' }],
      target: 'preview',
    });
  }
  return template;
}

/** The given sample, normalised as an event's order and customer are; a malformed one is refused. */
function normalizedSample(input: PreviewInput): { order?: Partial<OrderInfo>; customer?: CustomerInfo } {
  const sample: { order?: Partial<OrderInfo>; customer?: CustomerInfo } = {};
  for (const [key, schema] of [
    ['order', orderInfoSchema.partial()],
    ['customer', customerInfoSchema],
  ] as const) {
    if (input[key] === undefined) continue;
    const parsed = schema.safeParse(input[key]);
    if (!parsed.success) {
      throw new ValidationError({
        message: `Invalid preview ${key}`,
        issues: toValidationIssues(parsed.error).map((issue) => ({ ...issue, path: [key, ...issue.path] })),
        target: 'preview',
      });
    }
    Object.assign(sample, { [key]: parsed.data });
  }
  return sample;
}

/**
 * Renders a template for an order (a built-in sample order and customer when none is given) and measures it as
 * the shop would send it: the same normalisation of the order as an event's, the same transliteration and the
 * same shortening of `{items}` when the text would not fit. Unknown variables are listed, not refused.
 * @throws {@link ConfigError} for an unknown shop; ValidationError for a template longer than
 *   {@link TEMPLATE_TEXT_LIMIT} characters (issue path `template`) or a malformed order or customer
 */
export function previewMessage(context: EngineContext, input: PreviewInput): Preview {
  const shop = shopOf(context.config, input.shopId);
  const template = boundedTemplate(input);
  const sample = normalizedSample(input);
  const templateInput = previewTemplateInput(sample, context.now());
  const values = templateValues(templateInput, shopTemplateContext(context, shop));
  const items = templateInput.order?.items ?? [];
  const rendered = renderMessage(template, values, items, shop, maxSegmentsOf(context, shop));
  const { result } = rendered;
  const preview: Preview = {
    text: rendered.text,
    type: result.type,
    segments: result.segments ?? 0,
    units: result.units ?? 0,
    charactersLeft: result.remaining,
    fits: result.fits,
    unknownVariables: findUnknownVariablePositions(template),
  };
  if (shop.pricePerSegment !== undefined) {
    preview.cost = Number(((result.segments ?? 0) * shop.pricePerSegment).toPrecision(12));
  }
  const asWritten = renderMessage(
    template,
    values,
    items,
    { transliterate: 'none' },
    maxSegmentsOf(context, shop),
  );
  const replaced = toGsm(asWritten.text, { transliterateTurkish: true }).text;
  if (replaced !== asWritten.text) {
    const original = asWritten.result;
    const transliterated = calculate(replaced);
    preview.transliterated = {
      text: replaced,
      segments: transliterated.segments,
      saving: (original.segments ?? 0) - transliterated.segments,
    };
  }
  return preview;
}
