/** How many random 32-bit words a generator draws from the system at once: one call per 256 ids. */
const RANDOM_WORDS_PER_DRAW = 512;

/**
 * Creates a generator of message ids: 32 hex characters that sort by creation time (12 digits of
 * milliseconds, 4 of a sequence within the millisecond, 16 random). Time order keeps index inserts at the end of
 * the b-tree (cheaper commits); the random part keeps ids of different engines and processes apart.
 *
 * The random words are drawn from `crypto.getRandomValues` 512 at a time (a call costs about as much as a whole
 * id otherwise), and each id uses two of them once. Each engine owns its generator, so the sequence and the
 * drawn words are state of the engine, not of the module.
 * @returns a function that returns a new id on each call
 */
export function createIdGenerator(): () => string {
  let lastTime = 0;
  let sequence = 0;
  const words = new Uint32Array(RANDOM_WORDS_PER_DRAW);
  let next = words.length;
  const randomWord = () => {
    if (next === words.length) {
      globalThis.crypto.getRandomValues(words);
      next = 0;
    }
    return words[next++]!;
  };
  return () => {
    const now = Date.now();
    if (now === lastTime) sequence = (sequence + 1) & 0xffff;
    else {
      lastTime = now;
      sequence = 0;
    }
    return (
      now.toString(16).padStart(12, '0') +
      sequence.toString(16).padStart(4, '0') +
      randomWord().toString(16).padStart(8, '0') +
      randomWord().toString(16).padStart(8, '0')
    );
  };
}
