import { Writable } from 'node:stream';

/** What {@link captureLog} gives: a destination for a logger, and what was written to it. */
export interface CapturedLog {
  /** Pass it as `createLogger({ destination })` or `ServiceOptions.logDestination`. */
  destination: Writable;
  /** Everything written, as one text. */
  text(): string;
  /** Each line read as JSON. */
  entries(): Record<string, unknown>[];
}

/**
 * A log destination that keeps what it is given, for tests that look at what a service logged (and what it
 * never logs: a secret, a phone number).
 * @returns the destination and readers of what was written
 */
export function captureLog(): CapturedLog {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const text = () => lines.join('');
  return {
    destination,
    text,
    entries: () =>
      text()
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
