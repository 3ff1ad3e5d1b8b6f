import { z } from 'zod';

const idSchema = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(Number);
const textSchema = z
  .string()
  .nullish()
  .transform((value) => value ?? undefined);
const amountSchema = z.union([z.string(), z.number()]).transform(String);

/** The order as the OpenCart extension sends it (a subset of `model_checkout_order->getOrder()`). */
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
  currency_code: z.string().default(''),
  payment_method: z
    .union([z.string(), z.object({ name: z.string().nullish(), code: z.string().nullish() }).passthrough()])
    .nullish(),
  /** OpenCart 2 and 3: the payment extension's code (`cod`); OpenCart 4 sends it as `payment_method.code`. */
  payment_code: textSchema,
  shipping_method: z.union([z.string(), z.object({ name: z.string().nullish() }).passthrough()]).nullish(),
  date_added: textSchema,
  date_modified: textSchema,
  products: z
    .array(
      z.object({
        name: z.string(),
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
  comment: z.string().default(''),
  notify: z
    .union([z.boolean(), z.number(), z.string()])
    .transform((value) => value === true || value === 1 || value === '1'),
  occurred_at: textSchema,
  order: openCartOrderSchema,
});

/** A parsed history event. */
export type OpenCartHistoryEvent = z.infer<typeof openCartHistoryEventSchema>;
