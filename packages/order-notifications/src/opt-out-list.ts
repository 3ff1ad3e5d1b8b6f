import { ValidationError } from '@x/messaging-core';
import type { Operator } from './admin-messages';
import type { NewAuditEntry } from './admin-store';
import { type EngineContext, shopOf } from './engine-context';
import type { OptOutPage, OptOutQuery } from './opt-out-sql';
import type { OptOut } from './outbox-store';
import { type CheckedNumbers, checkTypedNumbers, checkTypedNumbersInTurns } from './phone-number';

/**
 * An operator changing the opt-out list, for the audit log: one entry per call, with the count of numbers
 * changed (never the numbers).
 */
export interface OptOutOperator extends Operator {
  /** The shop the change was made for, when there is one. */
  shopId?: string;
}

/** What {@link OptOutList.import} did. */
export interface OptOutImport {
  /** How many usable numbers were given and added, each counted once. */
  added: number;
  /** Each unusable number's index in the list and the reason (`too-long`, `not-a-number`, `not-mobile`...). */
  invalid: CheckedNumbers['invalid'];
}

/**
 * The local opt-out list (and the provider blacklists mirrored into it). Numbers are read as {@link OptOutList.check}
 * reads them: any notation, at most 50 characters each, national numbers in the default country of the
 * operator's `shopId` (the first configured shop's when none is named).
 */
export interface OptOutList {
  /**
   * Adds numbers to the local list; with an operator, the audit entry is written in the same transaction.
   * Returns how many numbers were given, each counted once.
   * @throws ValidationError (`invalid_phone_number`, path `['phones', index]`) when any number is too long or
   *   not a mobile number: nothing is added; ConfigError for an unknown `shopId`
   */
  add(phones: readonly string[], operator?: OptOutOperator): Promise<number>;
  /**
   * Removes numbers from the local list; with an operator, the audit entry is written in the same transaction.
   * Returns how many were removed.
   * @throws ValidationError and ConfigError as {@link OptOutList.add} does: nothing is removed
   */
  remove(phones: readonly string[], operator?: OptOutOperator): Promise<number>;
  /**
   * Imports a list into the local list (a CSV import): each number is read once, as {@link OptOutList.check}
   * reads it; the usable ones are added in one change (with an operator, one `optOuts.import` audit entry in the
   * same transaction) and each other one is returned by its index and reason instead of refusing the list.
   * @throws ConfigError for an unknown `shopId`: nothing is added
   */
  import(phones: readonly string[], operator?: OptOutOperator): Promise<OptOutImport>;
  /**
   * Reads numbers as `add`, `remove` and `import` do, without changing anything: the usable ones in E.164, each
   * once, and the index and reason of each other one.
   * @param phones - the numbers as typed
   * @param shopId - the shop whose default country applies (the first configured shop's when absent)
   * @throws ConfigError for an unknown shop
   */
  check(phones: readonly string[], shopId?: string): CheckedNumbers;
  /** Every opt-out, local and mirrored (reads the whole list: prefer {@link OptOutList.query}). */
  list(): Promise<OptOut[]>;
  /** A page of opt-outs, local and mirrored, newest first, by keyset pagination (an invalid cursor throws). */
  query(query: OptOutQuery): Promise<OptOutPage>;
  /**
   * Mirrors each provider's blacklist (providers with `blacklist`); returns the numbers mirrored. National
   * numbers are read in the default country of the shops that send through the provider (in each of them, when
   * they differ); numbers that are not usable are left out.
   */
  syncProviderBlacklists(): Promise<number>;
}

/** The country of numbers written without a country code: the shop's, else the first configured shop's. */
function defaultCountryOf(context: EngineContext, shopId: string | undefined): string {
  if (shopId !== undefined) return shopOf(context.config, shopId).defaultCountry;
  return Object.values(context.config.shops)[0]?.defaultCountry ?? 'TR';
}

/**
 * The countries a provider's blacklist is read in: the default countries of the shops that send through it (the
 * first configured shop's when none does), each once.
 *
 * A provider serving shops of several countries lists national numbers without saying whose they are, and the
 * opt-out list is one for every shop. Such a number is read in each of those countries and every reading that is
 * a usable mobile number is mirrored: a customer who opted out is never texted, at the cost of rarely holding back
 * a number of another of those countries with the same digits (national mobile numbers of two countries seldom
 * both read as mobiles). Numbers with a country code read the same in every country.
 */
function blacklistCountriesOf(context: EngineContext, providerId: string): string[] {
  const shops = Object.values(context.config.shops).filter((shop) => shop.provider === providerId);
  if (shops.length === 0) return [defaultCountryOf(context, undefined)];
  return [...new Set(shops.map((shop) => shop.defaultCountry))];
}

/** The usable numbers of an operator's change in E.164. @throws ValidationError when any number is not one */
function usableOrThrow(checked: CheckedNumbers): string[] {
  if (checked.invalid.length > 0) {
    const issues = checked.invalid.map(({ index, reason }) => ({
      path: ['phones', index],
      message: `not a usable mobile number (${reason})`,
      code: 'invalid_phone_number',
    }));
    const details = issues.slice(0, 10).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ValidationError({
      message: `Invalid opt-out numbers: ${details.join('; ')}`,
      issues,
      target: 'opt-outs',
    });
  }
  return checked.phones;
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
  const check = (phones: readonly string[], shopId?: string) =>
    checkTypedNumbers(phones, defaultCountryOf(context, shopId));
  /** {@link check} for a long list, read in turns of the event loop. */
  const checkInTurns = (phones: readonly string[], shopId?: string) =>
    checkTypedNumbersInTurns(phones, defaultCountryOf(context, shopId));
  /** Adds numbers already read to the local list, in one change with its audit entry; returns their count. */
  async function addUsable(usable: string[], action: string, operator: OptOutOperator | undefined) {
    if (usable.length === 0) return 0;
    const at = context.now();
    const audit = auditOf(action, at, operator);
    await store.admin.changeOptOuts({
      change: 'add',
      phones: usable,
      source: 'local',
      at,
      ...(audit ? { audit } : {}),
    });
    return usable.length;
  }
  return {
    check,
    async add(phones, operator) {
      return addUsable(usableOrThrow(check(phones, operator?.shopId)), 'optOuts.add', operator);
    },
    async import(phones, operator) {
      const checked = await checkInTurns(phones, operator?.shopId);
      return { added: await addUsable(checked.phones, 'optOuts.import', operator), invalid: checked.invalid };
    },
    async remove(phones, operator) {
      const at = context.now();
      const audit = auditOf('optOuts.remove', at, operator);
      const usable = usableOrThrow(check(phones, operator?.shopId));
      const change = { change: 'remove', phones: usable, source: 'local', at } as const;
      return store.admin.changeOptOuts({ ...change, ...(audit ? { audit } : {}) });
    },
    list: () => store.listOptOuts(),
    query: (query) => store.admin.queryOptOuts(query),
    async syncProviderBlacklists() {
      let total = 0;
      for (const [providerId, provider] of Object.entries(context.providers)) {
        if (provider.blacklist === undefined) continue;
        const entries = await provider.blacklist.list({ timeoutMs: context.sendTimeoutMs });
        // A provider's list is its own: the numbers that are not usable are left out. National numbers are read
        // as `add` reads an operator's, in the default country of the shops the provider serves.
        const listed = entries.map((entry) => entry.number);
        const readings = [];
        for (const country of blacklistCountriesOf(context, providerId)) {
          readings.push(...(await checkTypedNumbersInTurns(listed, country)).phones);
        }
        const numbers = [...new Set(readings)];
        await store.replaceOptOuts(numbers, providerId);
        total += numbers.length;
      }
      return total;
    },
  };
}
