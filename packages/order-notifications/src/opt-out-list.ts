import type { EngineContext } from './engine-context';
import type { OptOut } from './outbox-store';
import { normalizeRecipient } from './phone-number';

/** The local opt-out list (and the provider blacklists mirrored into it). */
export interface OptOutList {
  /** Adds numbers (any notation); returns how many were usable. */
  add(phones: readonly string[]): Promise<number>;
  /** Removes numbers from the local list. */
  remove(phones: readonly string[]): Promise<void>;
  /** Every opt-out, local and mirrored. */
  list(): Promise<OptOut[]>;
  /** Mirrors each provider's blacklist (providers with `blacklist`); returns the numbers mirrored. */
  syncProviderBlacklists(): Promise<number>;
}

/** The numbers of a list that can be normalised, in E.164; the others are dropped. */
function usableNumbers(phones: readonly string[]): string[] {
  return phones.flatMap((phone) => {
    const checked = normalizeRecipient(phone);
    return checked.ok ? [checked.e164] : [];
  });
}

/**
 * Creates the engine's opt-out list over its store. The dispatcher skips opted-out recipients at claim time.
 * @param context - the engine's shared parts
 */
export function createOptOutList(context: EngineContext): OptOutList {
  const { store } = context;
  return {
    async add(phones) {
      const usable = usableNumbers(phones);
      await store.addOptOuts(usable, 'local');
      return usable.length;
    },
    async remove(phones) {
      await store.removeOptOuts(usableNumbers(phones), 'local');
    },
    list: () => store.listOptOuts(),
    async syncProviderBlacklists() {
      let total = 0;
      for (const [providerId, provider] of Object.entries(context.providers)) {
        if (provider.blacklist === undefined) continue;
        const entries = await provider.blacklist.list({ timeoutMs: context.sendTimeoutMs });
        const numbers = usableNumbers(entries.map((entry) => entry.number));
        await store.replaceOptOuts(numbers, providerId);
        total += numbers.length;
      }
      return total;
    },
  };
}
