/**
 * Creates a generator of message ids: 32 hex characters that sort by creation time (12 digits of
 * milliseconds, 4 of a sequence within the millisecond, 16 random). Time order keeps index inserts at the end of
 * the b-tree (cheaper commits); the random part keeps ids of different engines and processes apart.
 *
 * Each engine owns its generator, so the sequence is state of the engine, not of the module.
 * @returns a function that returns a new id on each call
 */
export function createIdGenerator(): () => string {
  let lastTime = 0;
  let sequence = 0;
  const random = new Uint32Array(2);
  return () => {
    const now = Date.now();
    if (now === lastTime) sequence = (sequence + 1) & 0xffff;
    else {
      lastTime = now;
      sequence = 0;
    }
    globalThis.crypto.getRandomValues(random);
    return (
      now.toString(16).padStart(12, '0') +
      sequence.toString(16).padStart(4, '0') +
      random[0]!.toString(16).padStart(8, '0') +
      random[1]!.toString(16).padStart(8, '0')
    );
  };
}
