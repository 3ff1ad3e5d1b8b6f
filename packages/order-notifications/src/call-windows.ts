import { type CallWindowsV1, WEEKDAYS_V1 } from '@x/messaging-core';

/**
 * Call windows in a shop's time zone: whether a call may start now, and when the next window opens. Calls
 * outside their windows wait for the next one; they are never dropped.
 */

const DAY_MS = 86_400_000;

/** `HH:MM` as minutes of the day. */
function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** The wall-clock reading of `at` in `timeZone`, as if that wall clock were UTC (ms since the epoch). */
function wallClock(format: Intl.DateTimeFormat, at: number): number {
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
  return Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour) % 24,
    Number(parts.minute),
    Number(parts.second),
  );
}

/** The instant at which the wall clock of `timeZone` reads `wall` (two passes, for offset changes). */
function instantOf(format: Intl.DateTimeFormat, wall: number): number {
  let guess = wall;
  for (let pass = 0; pass < 2; pass++) guess = wall - (wallClock(format, guess) - guess);
  return guess;
}

/**
 * The earliest time at or after `at` inside a call window: `at` itself when a window is open, else the start of
 * the next window. With no window on any day, `undefined` (configuration refuses that).
 * @param at - the time a call would start
 * @param windows - the windows per weekday, in the shop's time zone
 * @param timeZone - the shop's IANA time zone
 */
export function nextCallTime(at: Date, windows: CallWindowsV1, timeZone: string): Date | undefined {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const wallNow = wallClock(format, at.getTime());
  const midnight = wallNow - (wallNow % DAY_MS);
  const minuteNow = (wallNow - midnight) / 60_000;
  for (let offset = 0; offset <= 7; offset++) {
    const dayStart = midnight + offset * DAY_MS;
    // getUTCDay counts from Sunday; the list starts on Monday.
    const window = windows[WEEKDAYS_V1[(new Date(dayStart).getUTCDay() + 6) % 7]!];
    if (!window) continue;
    const start = minutesOf(window.start);
    const end = minutesOf(window.end);
    if (offset === 0) {
      if (minuteNow >= end) continue;
      if (minuteNow >= start) return at;
    }
    return new Date(instantOf(format, dayStart + start * 60_000));
  }
  return undefined;
}
