/**
 * Organik speaks Europe/Istanbul wall-clock time without a zone. Turkey has kept UTC+3 all year since 2016, so a
 * fixed offset is exact and needs no time-zone database (and behaves the same on every host and runtime).
 */

const ISTANBUL_OFFSET_MS = 3 * 60 * 60 * 1000;
const DATE_TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

function pad(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/**
 * Formats an instant as Istanbul wall-clock time: `yyyy-MM-dd HH:mm` (the form of `delivery_time`), or with
 * seconds when `withSeconds` is true. Seconds are dropped, never rounded.
 * @param date - the instant
 * @param withSeconds - append `:ss`
 */
export function formatIstanbulDateTime(date: Date, withSeconds = false): string {
  const time = date.getTime();
  if (Number.isNaN(time)) throw new RangeError('Invalid date');
  const local = new Date(time + ISTANBUL_OFFSET_MS);
  const minutes = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(
    local.getUTCHours(),
  )}:${pad(local.getUTCMinutes())}`;
  return withSeconds ? `${minutes}:${pad(local.getUTCSeconds())}` : minutes;
}

/**
 * Formats the Istanbul calendar day of an instant as `yyyy-MM-dd`.
 * @param date - the instant
 */
export function formatIstanbulDate(date: Date): string {
  return formatIstanbulDateTime(date).slice(0, 10);
}

/**
 * Reads an Istanbul wall-clock time (`yyyy-MM-dd`, `yyyy-MM-dd HH:mm` or `yyyy-MM-dd HH:mm:ss`) as an instant.
 * Returns `undefined` when the text is not such a date or names an impossible day or time.
 * @param text - the provider's date text
 */
export function parseIstanbulDateTime(text: string): Date | undefined {
  const match = DATE_TIME_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour = '0', minute = '0', second = '0'] = match;
  const fields = [
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
  ] as const;
  const utc = Date.UTC(...fields);
  const check = new Date(utc);
  if (
    check.getUTCFullYear() !== fields[0] ||
    check.getUTCMonth() !== fields[1] ||
    check.getUTCDate() !== fields[2] ||
    check.getUTCHours() !== fields[3] ||
    check.getUTCMinutes() !== fields[4] ||
    check.getUTCSeconds() !== fields[5]
  ) {
    return undefined;
  }
  return new Date(utc - ISTANBUL_OFFSET_MS);
}
