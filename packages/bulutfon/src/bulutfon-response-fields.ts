import * as z from 'zod/mini';

/**
 * How the fields of Bulutfon's JSON answers are read. The API sends numbers as numbers or strings, empty strings
 * for missing values, booleans as `true`, `1` or `"1"`, and times as ISO-8601 with an offset; every reader here
 * accepts those variations and nothing else.
 */

/** Reads a string or number as a string (`undefined` for null, empty or other types). Pure. */
export function readText(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  return typeof value === 'number' ? String(value) : undefined;
}

/** Reads a number sent as a number or a numeric string (`undefined` otherwise). Pure. */
export function readNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/** Reads a boolean sent as a boolean, `1` or `"true"`/`"1"`. Pure. */
export function readFlag(value: unknown): boolean {
  return value === true || value === 1 || value === 'true' || value === '1';
}

/** Two ASCII digits at `index` as a number, NaN when either is not a digit. Pure. */
function twoDigits(text: string, index: number): number {
  const tens = text.charCodeAt(index) - 48;
  const units = text.charCodeAt(index + 1) - 48;
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : Number.NaN;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (month 1-12). Pure. */
function daysFromCivil(year: number, month: number, day: number): number {
  const shifted = month <= 2 ? year - 1 : year;
  const era = Math.floor(shifted / 400);
  const yearOfEra = shifted - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The offset of a timestamp's zone in ms (`Z`, `+03:00`), or NaN when the zone is not one of those. Pure. */
function zoneOffsetMs(text: string, position: number): number {
  const sign = text.charCodeAt(position);
  if (sign === 90 /* Z */ && position === text.length - 1) return 0;
  if (
    (sign === 43 /* + */ || sign === 45) &&
    position === text.length - 6 &&
    text.charCodeAt(position + 3) === 58
  ) {
    const offset = (twoDigits(text, position + 1) * 60 + twoDigits(text, position + 4)) * 60_000;
    return sign === 43 ? -offset : offset;
  }
  return Number.NaN;
}

/**
 * Parses Bulutfon's timestamps (`2017-03-15T09:46:05+03:00`, `2015-06-18T17:59:19.060+03:00`, `...Z`) to epoch
 * milliseconds with integer arithmetic, because mapping a long CDR list is dominated by the general `Date` parser
 * otherwise. Other formats, and out-of-range fields, are left to `new Date(text)`, the oracle of its tests. Returns
 * NaN for what is not a time. Pure.
 * @param text - the timestamp
 */
export function parseIsoTimestamp(text: string): number {
  const shaped =
    text.length >= 20 &&
    text.charCodeAt(4) === 45 /* - */ &&
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(10) === 84 /* T */ &&
    text.charCodeAt(13) === 58 /* : */ &&
    text.charCodeAt(16) === 58;
  if (!shaped) return new Date(text).getTime();
  let position = 19;
  let milliseconds = 0;
  if (text.charCodeAt(19) === 46 /* . */) {
    let scale = 100;
    for (position = 20; position < text.length; position++) {
      const digit = text.charCodeAt(position) - 48;
      if (digit < 0 || digit > 9) break;
      milliseconds += digit * scale;
      scale /= 10;
    }
    milliseconds = Math.round(milliseconds);
  }
  const offsetMs = zoneOffsetMs(text, position);
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  // NaN fails every comparison, so a non-digit also goes to Date (which answers NaN).
  const inRange = month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59;
  if (!(inRange && second <= 59) || Number.isNaN(offsetMs)) return new Date(text).getTime();
  const time = daysFromCivil(year, month, day) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000;
  return time + milliseconds + offsetMs;
}

/** Reads an ISO-8601 time (`undefined` when absent or unparseable). Pure. */
export function readDate(value: unknown): Date | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const time = parseIsoTimestamp(value);
  return Number.isNaN(time) ? undefined : new Date(time);
}

/**
 * Removes credentials Bulutfon copies into its pagination links (`/messages?access_token=...&page=2`). Pure.
 * @param link - an absolute or relative URL
 */
export function withoutCredentials(link: string | undefined): string | undefined {
  if (!link) return link;
  const queryStart = link.indexOf('?');
  if (queryStart < 0) return link;
  const hashStart = link.indexOf('#', queryStart);
  const query = new URLSearchParams(link.slice(queryStart + 1, hashStart < 0 ? undefined : hashStart));
  for (const name of ['access_token', 'email', 'password']) query.delete(name);
  const rest = query.toString();
  return `${link.slice(0, queryStart)}${rest ? `?${rest}` : ''}${hashStart < 0 ? '' : link.slice(hashStart)}`;
}

const scalar = z.union([z.string(), z.number()]);
type Scalar = string | number | null | undefined;

/** A required string, sent as a string or a number. */
export const text = z.pipe(
  scalar,
  z.transform((value: string | number) => String(value)),
);
/** An optional string: null, missing or `''` read as `undefined`. */
export const optionalText = z.pipe(
  z.nullish(scalar),
  z.transform((value: Scalar) => readText(value)),
);
/** A required integer, sent as a number or a string of digits. */
export const integer = z.pipe(
  z.union([z.number(), z.string().check(z.regex(/^-?\d+$/))]),
  z.transform(Number),
);
/** An optional number (an amount, a count); anything not numeric reads as `undefined`. */
export const optionalNumber = z.pipe(
  z.nullish(scalar),
  z.transform((value: Scalar) => readNumber(value)),
);
/** A boolean sent as a boolean, a number or a string; missing is `false`. */
export const flag = z.pipe(
  z.nullish(z.union([z.boolean(), z.number(), z.string()])),
  z.transform((value: Scalar | boolean) => readFlag(value)),
);
/** An optional ISO-8601 time as a `Date`; an unparseable one reads as `undefined`. */
export const date = z.pipe(
  z.nullish(z.string()),
  z.transform((value: string | null | undefined) => readDate(value)),
);
/** A link of a pagination block, with the credentials Bulutfon copies into it removed. */
export const link = z.pipe(
  optionalText,
  z.transform((value: string | undefined) => withoutCredentials(value)),
);

/**
 * A JSON object read with `shape`, then turned into the public type by `map`.
 * @param shape - the fields, snake_case as sent
 * @param map - builds the camelCase value
 */
export function record<S extends z.core.$ZodLooseShape, T>(
  shape: S,
  map: (raw: z.output<z.ZodMiniObject<S>>) => T,
): z.ZodMiniType<T> {
  return z.pipe(z.object(shape), z.transform(map));
}

/**
 * `{ "<key>": [ ... ] }` as the list of its items. A `null` list is empty; an answer without the key is not a list
 * (its issue names the key, and the client reports the answer as missing it).
 * @param key - the envelope's key (`dids`, `extensions`...)
 * @param item - how one item is read
 */
export function listIn<T>(key: string, item: z.ZodMiniType<T>): z.ZodMiniType<T[]> {
  return z.pipe(
    z.object({ [key]: z.nullable(z.array(item)) }),
    z.transform((value) => value[key] ?? []),
  );
}

/**
 * `{ "<key>": { ... } }` as its item.
 * @param key - the envelope's key (`did`, `extension`...)
 * @param item - how the item is read
 */
export function itemIn<T>(key: string, item: z.ZodMiniType<T>): z.ZodMiniType<T> {
  return z.pipe(
    z.object({ [key]: item }),
    z.transform((value) => value[key] as T),
  );
}
