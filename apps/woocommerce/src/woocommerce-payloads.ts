import { orderItemsSchema } from '@x/order-notifications';
import { z } from 'zod';

const idSchema = z.union([z.number().int(), z.string().min(1)]).transform(String);
const textSchema = z
  .string()
  .nullish()
  .transform((value) => value ?? undefined);
const amountSchema = z.union([z.string(), z.number()]).transform(String);

const addressSchema = z
  .object({
    first_name: textSchema,
    last_name: textSchema,
    phone: textSchema,
    email: textSchema,
    country: textSchema,
  })
  .partial()
  .nullish();

/** One `meta_data` entry of a WooCommerce REST resource. */
export const wooMetaDataSchema = z.object({
  id: z.number().optional(),
  key: z.string(),
  value: z.unknown(),
});

/** The fields of a WooCommerce REST v3 order (`order.created` / `order.updated` payload) this app reads. */
export const wooOrderSchema = z.object({
  id: idSchema,
  number: z.union([z.string(), z.number()]).transform(String).optional(),
  status: z.string().min(1),
  currency: z.string().default(''),
  total: amountSchema.default('0'),
  customer_id: z.number().nullish(),
  date_created_gmt: z.string().nullish(),
  date_modified_gmt: z.string().nullish(),
  payment_method_title: textSchema,
  /** The gateway's id (`cod`, `bacs`): what cash-on-delivery confirmation calls match. */
  payment_method: textSchema,
  billing: addressSchema,
  shipping: addressSchema,
  // Read by the engine's own reading of order lines (one plain loop: an order may have thousands).
  line_items: orderItemsSchema.default([]),
  shipping_lines: z.array(z.object({ method_title: z.string().nullish() })).default([]),
  meta_data: z.array(wooMetaDataSchema).default([]),
});

/** A WooCommerce order, as parsed from a webhook. */
export type WooOrder = z.infer<typeof wooOrderSchema>;

/** A WooCommerce REST v3 customer (`customer.created` payload). */
export const wooCustomerSchema = z.object({
  id: idSchema,
  email: textSchema,
  first_name: textSchema,
  last_name: textSchema,
  date_created_gmt: z.string().nullish(),
  billing: addressSchema,
});

/** A WooCommerce customer, as parsed from a webhook. */
export type WooCustomer = z.infer<typeof wooCustomerSchema>;

/**
 * The payload of the `action.woocommerce_new_customer_note` topic: the action's name and its first argument,
 * `{ order_id, customer_note }`.
 */
export const wooCustomerNoteSchema = z.object({
  action: z.literal('woocommerce_new_customer_note'),
  arg: z.object({ order_id: idSchema, customer_note: z.string() }),
});

/** A parsed customer-note action payload. */
export type WooCustomerNote = z.infer<typeof wooCustomerNoteSchema>;
