import { formatValidationIssues, type SmsProviderV1 } from '@x/messaging-core';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { sendError } from '../http-errors';
import type { AdminConsoleEngine } from './admin-engine';

/** A shop as the console shows it. */
export interface AdminShop {
  id: string;
  /** The shop's name (`{shop_name}`). */
  name: string;
  /** The provider's id (`organik`, `sandbox`...). */
  provider: string;
  /** The engine's key of the shop's provider instance. */
  providerKey: string;
  /** The platform of the service (`woocommerce`, `opencart`). */
  platform: string;
  /** Country of numbers written without a country code. */
  defaultCountry: string;
}

/** What every group of admin routes gets. */
export interface AdminRouteContext {
  engine: AdminConsoleEngine;
  /** The providers, by the engine's key (each shop's `providerKey`), for their balances. */
  providers: Readonly<Record<string, SmsProviderV1>>;
  /** The configured shops, by id. */
  shops: ReadonlyMap<string, AdminShop>;
}

/**
 * The problems of a zod error as `path: message; …` (the first 10, the others counted), naming each path, never
 * its value.
 * @param error - the zod error
 */
export function issuesText(error: z.ZodError): string {
  return formatValidationIssues(error.issues, { max: 10 });
}

/**
 * The `cursor` of a list's query: the `nextCursor` of its previous page, opaque and base64url. Only its shape is
 * checked here; the engine reads it, and refuses one it did not make ({@link readPage}).
 */
export const cursorSchema = z.string().regex(/^[A-Za-z0-9_-]{1,400}$/, 'not a cursor of this API');

/**
 * Parses a query or body; answers 400 (`invalid_query` or `invalid_body`) and returns undefined when it does
 * not fit.
 * @param schema - the zod schema
 * @param value - the query or body
 * @param reply - the reply to answer on
 * @param code - the error code
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  reply: FastifyReply,
  code: 'invalid_query' | 'invalid_body' = 'invalid_body',
): z.infer<T> | undefined {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  sendError(reply, 400, code, issuesText(parsed.error));
  return undefined;
}

/**
 * The shop of a request; answers 404 `unknown_shop` and returns undefined when it is not configured.
 * @param context - the routes' context
 * @param shopId - the shop id of the request
 * @param reply - the reply
 */
export function shopOrAnswer(
  context: AdminRouteContext,
  shopId: string,
  reply: FastifyReply,
): AdminShop | undefined {
  const shop = context.shops.get(shopId);
  if (!shop) sendError(reply, 404, 'unknown_shop', 'No such shop');
  return shop;
}
