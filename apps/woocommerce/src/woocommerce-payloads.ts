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

/** One order line as this app reads it. */
export interface WooLineItem {
  name: string;
  quantity: number;
  total?: string;
}

/**
 * `line_items`: each needs a string `name` and a number `quantity` (`total` a string or number). Read by one
 * plain loop, not a schema per line: a 1 MiB webhook can hold about 11,000 lines.
 */
const lineItemsSchema = z.array(z.unknown()).transform((lines, context): WooLineItem[] => {
  const items: WooLineItem[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const { name, quantity, total } = (typeof line === 'object' && line !== null ? line : {}) as Record<
      string,
      unknown
    >;
    if (typeof name !== 'string' || typeof quantity !== 'number') {
      context.addIssue({
        code: 'custom',
        path: [index],
        message: 'expected a name (string) and a quantity (number)',
      });
      return z.NEVER;
    }
    const item: WooLineItem = { name, quantity };
    if (typeof total === 'string' || typeof total === 'number') item.total = String(total);
    items.push(item);
  }
  return items;
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
  billing: addressSchema,
  shipping: addressSchema,
  line_items: lineItemsSchema.default([]),
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
