import { MessagingError, type SmsProviderV1 } from '@x/messaging-core';

/** A shop's balance as the overview shows it. */
export interface ShopBalance {
  shopId: string;
  providerId: string;
  balance?: { amount: number; unit: string };
  /** Why the balance could not be read: the error's kind (`auth`, `timeout`...), never its text. */
  error?: string;
}

/** Options of {@link createBalanceReader}. */
export interface BalanceReaderOptions {
  /** How long a read balance is reused, in milliseconds (60 s). */
  cacheMs?: number;
  /** Time limit of one balance call, in milliseconds (5 s). */
  timeoutMs?: number;
  /** The clock. */
  now?: () => number;
}

type Reading = Pick<ShopBalance, 'balance' | 'error'>;

/**
 * Reads providers' balances for the overview: one call per provider instance at a time, bounded in time, and
 * kept for a short while, per service instance (the cache belongs to the reader, not to the module). A
 * provider without `getBalance` has no balance and no error; a failure is reported by its kind only, since a
 * provider's error text may carry details of the account.
 * @param options - cache lifetime, time limit and clock
 */
export function createBalanceReader(options: BalanceReaderOptions = {}) {
  const cacheMs = options.cacheMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { at: number; reading: Promise<Reading> }>();

  async function read(provider: SmsProviderV1): Promise<Reading> {
    if (!provider.getBalance) return {};
    try {
      const signal = AbortSignal.timeout(timeoutMs);
      // The signal bounds the wait even for a provider that ignores it: the overview never hangs on a balance.
      const timedOut = new Promise<never>((_resolve, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
      const balance = await Promise.race([provider.getBalance({ timeoutMs, signal }), timedOut]);
      if (typeof balance.credits === 'number')
        return { balance: { amount: balance.credits, unit: 'credits' } };
      if (typeof balance.amount === 'number') {
        return { balance: { amount: balance.amount, unit: balance.currency ?? 'money' } };
      }
      return { error: 'no-balance' };
    } catch (error) {
      if (MessagingError.isInstance(error))
        return { error: String((error as { kind?: unknown }).kind ?? error.name) };
      return { error: error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'unavailable' };
    }
  }

  return {
    /**
     * The balance of each shop's provider.
     * @param shops - shop id, provider id and the engine's key of its instance
     * @param providers - the instances by key
     */
    async balances(
      shops: readonly { shopId: string; providerId: string; providerKey: string }[],
      providers: Readonly<Record<string, SmsProviderV1>>,
    ): Promise<ShopBalance[]> {
      const at = now();
      return Promise.all(
        shops.map(async ({ shopId, providerId, providerKey }) => {
          const provider = providers[providerKey];
          if (!provider) return { shopId, providerId, error: 'unknown-provider' };
          let entry = cache.get(providerKey);
          if (!entry || at - entry.at > cacheMs) {
            entry = { at, reading: read(provider) };
            cache.set(providerKey, entry);
          }
          return { shopId, providerId, ...(await entry.reading) };
        }),
      );
    },
  };
}

/** A balance reader (see {@link createBalanceReader}). */
export type BalanceReader = ReturnType<typeof createBalanceReader>;
