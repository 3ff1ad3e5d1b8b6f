/**
 * Resolves after one full turn of the event loop, its poll for I/O included: the connections, requests and
 * timers that were waiting meanwhile get their turn before the caller goes on. (One `setImmediate` is not
 * enough from an I/O callback: the check phase follows the poll phase of the same turn at once.)
 * @returns a promise that resolves after the turn
 */
export function fullTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}
