import { z } from 'zod';

/** OpenCart's escaping of form input, and what each entity stands for. */
const OPENCART_ENTITIES: Readonly<Record<string, string>> = {
  '&amp;': '&',
  '&quot;': '"',
  '&lt;': '<',
  '&gt;': '>',
  '&#039;': "'",
};

/**
 * Text as OpenCart stores it, turned back into the text that was typed. OpenCart HTML-escapes every posted form
 * field before anything stores it (`Request::clean`: `htmlspecialchars` with `ENT_COMPAT`, so `&` `"` `<` `>`
 * become `&amp;` `&quot;` `&lt;` `&gt;`; `&#039;` is the same escaping of `'` with `ENT_QUOTES`), and its
 * models return the text escaped: names, product names, history comments, method names. The extension sends
 * what the models return, and the payload's schema decodes every text field with this, once, before the mapping
 * or the engine read it, so that `Ali &amp; Ayşe` reaches an SMS as
 * `Ali & Ayşe`. Here rather than in the extension: one place for every field, and it also serves shops running
 * an earlier version of the extension and the bodies waiting in their retry tables. The extension must not decode
 * too. One pass, over these entities only: the cleaning escaped every `&` that was typed, so `&amp;amp;` is a
 * typed `&amp;`, and any other entity (`&amp;nbsp;`) stays as typed.
 * @param value - the text as OpenCart stores it
 */
export function decodeOpenCartText(value: string): string {
  return value.replace(/&(?:amp|quot|lt|gt|#039);/g, (entity) => OPENCART_ENTITIES[entity] ?? entity);
}

const idSchema = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(Number);
/** A text field of the payload: decoded once (see {@link decodeOpenCartText}). */
const storedTextSchema = z.string().transform(decodeOpenCartText);
const textSchema = storedTextSchema.nullish().transform((value) => value ?? undefined);
const amountSchema = z.union([z.string(), z.number()]).transform(String);

/**
 * The order as the OpenCart extension sends it (a subset of `model_checkout_order->getOrder()`), its text fields
 * decoded from OpenCart's escaping.
 */
export const openCartOrderSchema = z.object({
  order_id: idSchema,
  invoice_prefix: textSchema,
  invoice_no: z.union([z.string(), z.number()]).nullish(),
  customer_id: z.union([z.string(), z.number()]).nullish(),
  firstname: textSchema,
  lastname: textSchema,
  email: textSchema,
  telephone: textSchema,
  total: amountSchema.default('0'),
  currency_code: storedTextSchema.default(''),
  payment_method: z
    .union([
      storedTextSchema,
      z.object({ name: storedTextSchema.nullish(), code: storedTextSchema.nullish() }).passthrough(),
    ])
    .nullish(),
  /** OpenCart 2 and 3: the payment extension's code (`cod`); OpenCart 4 sends it as `payment_method.code`. */
  payment_code: textSchema,
  shipping_method: z
    .union([storedTextSchema, z.object({ name: storedTextSchema.nullish() }).passthrough()])
    .nullish(),
  date_added: textSchema,
  date_modified: textSchema,
  products: z
    .array(
      z.object({
        name: storedTextSchema,
        quantity: z.union([z.number(), z.string()]).transform(Number),
        total: amountSchema.optional(),
      }),
    )
    .default([]),
});

/** An order of the OpenCart payload. */
export type OpenCartOrder = z.infer<typeof openCartOrderSchema>;

/**
 * The body the OpenCart 4 extension POSTs for each `addHistory` call (before the history is written):
 * the order, its old status id (0 for an order being placed) and the new one, and the history comment.
 */
export const openCartHistoryEventSchema = z.object({
  event: z.literal('order.history'),
  /** A unique id of this history event, made by the extension. */
  event_id: z.string().min(1).max(100).optional(),
  order_id: idSchema,
  old_status_id: idSchema,
  new_status_id: idSchema,
  /** The new status's name in the store's admin language. */
  new_status_name: textSchema,
  comment: storedTextSchema.default(''),
  notify: z
    .union([z.boolean(), z.number(), z.string()])
    .transform((value) => value === true || value === 1 || value === '1'),
  occurred_at: textSchema,
  order: openCartOrderSchema,
});

/** A parsed history event. */
export type OpenCartHistoryEvent = z.infer<typeof openCartHistoryEventSchema>;
