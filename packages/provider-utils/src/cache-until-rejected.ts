/**
 * Wraps a lookup so that concurrent and later calls share its one promise (an account's default sender, asked
 * once). A rejection is not kept: the next call looks up again. The arguments of the call that starts a lookup are
 * the ones used (its signal and timeout, for example).
 * @param load - the lookup
 * @returns a function with the lookup's signature that returns the shared promise
 * @example
 * const defaultSender = cacheUntilRejected((options?: CallOptions) => client.headers(options).then(first));
 * await defaultSender(); // asks the API
 * await defaultSender(); // the same answer, no request
 */
export function cacheUntilRejected<A extends unknown[], T>(
  load: (...args: A) => Promise<T>,
): (...args: A) => Promise<T> {
  let cached: Promise<T> | undefined;
  return (...args) => {
    cached ??= load(...args).catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };
}
