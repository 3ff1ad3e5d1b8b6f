import { type CallWindowsV1, WEEKDAYS_V1 } from '@x/messaging-core';
import { createWallClock } from './wall-clock';

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

/**
 * The earliest time at or after `at` inside a call window: `at` itself when a window is open, else the start of
 * the next window. With no window on any day, `undefined` (configuration refuses that).
 * @param at - the time a call would start
 * @param windows - the windows per weekday, in the shop's time zone
 * @param timeZone - the shop's IANA time zone
 */
export function nextCallTime(at: Date, windows: CallWindowsV1, timeZone: string): Date | undefined {
  const clock = createWallClock(timeZone);
  const wallNow = clock.read(at.getTime());
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
    return new Date(clock.instantOf(dayStart + start * 60_000));
  }
  return undefined;
}
