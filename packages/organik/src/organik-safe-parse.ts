import type * as z from 'zod/mini';
import { en as english } from 'zod/v4/locales';

/** zod's English messages; zod/mini carries no locale of its own and would say only "Invalid input". */
const ENGLISH = english();

/**
 * `schema.safeParse(value)` with zod's English messages (`Unrecognized key: "timeoutHour"`), without changing
 * zod's global configuration.
 * @param schema - a zod/mini schema
 * @param value - the value to check
 */
export function safeParseWithMessages<T>(
  schema: z.ZodMiniType<T>,
  value: unknown,
): z.core.util.SafeParseResult<T> {
  return schema.safeParse(value, { error: ENGLISH.localeError });
}
