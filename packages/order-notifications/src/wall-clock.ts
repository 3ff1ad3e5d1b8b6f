/**
 * A time zone's wall clock: what it reads at an instant, and the instant at which it reads a given time. Both are
 * in milliseconds since the epoch, the wall reading written as if the wall clock were UTC, so that calendar
 * arithmetic (midnight, the next day) is plain UTC arithmetic on it.
 */
export interface WallClock {
  /** The wall reading at `instant`, as if that wall clock were UTC (whole seconds). */
  read(instant: number): number;
  /** The instant at which the wall clock reads `wall` (exact across a daylight-saving change but for wall times it skips or repeats). */
  instantOf(wall: number): number;
}

/**
 * Creates the wall clock of an IANA time zone. It holds one `Intl.DateTimeFormat`: create it once per computation,
 * not per instant read.
 * @param timeZone - an IANA time zone (`Europe/Istanbul`)
 */
export function createWallClock(timeZone: string): WallClock {
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
  function read(instant: number): number {
    const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
    return Date.UTC(
      Number(parts.year),
      Number(parts.month) - 1,
      Number(parts.day),
      Number(parts.hour) % 24,
      Number(parts.minute),
      Number(parts.second),
    );
  }
  return {
    read,
    instantOf(wall) {
      // Twice: the offset at the first guess may differ from the one at the wanted time (a daylight-saving change).
      let guess = wall;
      for (let pass = 0; pass < 2; pass++) guess = wall - (read(guess) - guess);
      return guess;
    },
  };
}
