import type { Operator } from './admin-messages';
import type { NewAuditEntry } from './admin-store';
import type { EngineContext } from './engine-context';
import type { OptOutPage, OptOutQuery } from './opt-out-sql';
import type { OptOut } from './outbox-store';
import { normalizeRecipient } from './phone-number';

/**
 * An operator changing the opt-out list, for the audit log: one entry per call, with the count of numbers
 * changed (never the numbers).
 */
export interface OptOutOperator extends Operator {
  /** The shop the change was made for, when there is one. */
  shopId?: string;
  /** Recorded as `optOuts.import` rather than `optOuts.add` (a CSV import). */
  import?: boolean;
}

/** The local opt-out list (and the provider blacklists mirrored into it). */
export interface OptOutList {
  /**
   * Adds numbers (any notation) to the local list; with an operator, the audit entry is written in the same
   * transaction. Returns how many were usable.
   */
  add(phones: readonly string[], operator?: OptOutOperator): Promise<number>;
  /**
   * Removes numbers from the local list; with an operator, the audit entry is written in the same transaction.
   * Returns how many were removed.
   */
  remove(phones: readonly string[], operator?: OptOutOperator): Promise<number>;
  /** Every opt-out, local and mirrored (reads the whole list: prefer {@link OptOutList.query}). */
  list(): Promise<OptOut[]>;
  /** A page of opt-outs, local and mirrored, newest first, by keyset pagination (an invalid cursor throws). */
  query(query: OptOutQuery): Promise<OptOutPage>;
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

/** The audit entry of an operator's change (its count is added by the store). */
function auditOf(action: string, at: Date, operator: OptOutOperator | undefined): NewAuditEntry | undefined {
  if (operator === undefined) return undefined;
  return {
    at,
    user: operator.user,
    action,
    ...(operator.shopId === undefined ? {} : { shopId: operator.shopId }),
    target: 'opt-outs',
    details: { source: 'local' },
  };
}

/**
 * Creates the engine's opt-out list over its store. The dispatcher skips opted-out recipients at claim time.
 * @param context - the engine's shared parts
 */
export function createOptOutList(context: EngineContext): OptOutList {
  const { store } = context;
  return {
    async add(phones, operator) {
      const usable = usableNumbers(phones);
      const at = context.now();
      const action = operator?.import ? 'optOuts.import' : 'optOuts.add';
      const audit = auditOf(action, at, operator);
      await store.admin.changeOptOuts({
        change: 'add',
        phones: usable,
        source: 'local',
        at,
        ...(audit ? { audit } : {}),
      });
      return usable.length;
    },
    async remove(phones, operator) {
      const at = context.now();
      const audit = auditOf('optOuts.remove', at, operator);
      const change = { change: 'remove', phones: usableNumbers(phones), source: 'local', at } as const;
      return store.admin.changeOptOuts({ ...change, ...(audit ? { audit } : {}) });
    },
    list: () => store.listOptOuts(),
    query: (query) => store.admin.queryOptOuts(query),
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
