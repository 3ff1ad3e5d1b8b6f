/** The offset of a time zone from UTC at an instant, in milliseconds (Istanbul: +3 h). */
function zoneOffsetMs(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const field = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
  );
  return asUtc - Math.floor(at / 1000) * 1000;
}

/**
 * The calendar date of an instant in a time zone, `YYYY-MM-DD`.
 * @param at - the instant
 * @param timeZone - an IANA time zone
 */
export function dateIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/**
 * The instant a calendar date starts in a time zone (its local midnight).
 * @param date - `YYYY-MM-DD`
 * @param timeZone - an IANA time zone
 */
export function startOfDate(date: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  const midnightUtc = Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1);
  let start = midnightUtc - zoneOffsetMs(timeZone, midnightUtc);
  // Once more at the found instant, for a day whose offset differs from the UTC midnight's (a DST change).
  start = midnightUtc - zoneOffsetMs(timeZone, start);
  return new Date(start);
}

/**
 * The last `days` calendar days up to today in a time zone: their dates and the `days + 1` boundaries
 * (each day's start, then tomorrow's).
 * @param now - the current instant
 * @param timeZone - an IANA time zone
 * @param days - how many days, today included
 */
export function lastDays(now: Date, timeZone: string, days: number): { dates: string[]; boundaries: Date[] } {
  const today = dateIn(now, timeZone);
  const todayUtc = Date.parse(`${today}T00:00:00Z`);
  const dates: string[] = [];
  for (let back = days - 1; back >= -1; back -= 1) {
    dates.push(new Date(todayUtc - back * 86_400_000).toISOString().slice(0, 10));
  }
  const boundaries = dates.map((date) => startOfDate(date, timeZone));
  return { dates: dates.slice(0, days), boundaries };
}
