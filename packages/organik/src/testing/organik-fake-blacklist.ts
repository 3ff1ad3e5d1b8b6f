import { formatIstanbulDate } from '../organik-time';
import type { OrganikFakeState } from './organik-fake-state';
import { asArray, asText, FakeError, normaliseGsm } from './organik-fake-wire';

/* The blacklist: `blacklist`, `blacklistadd` and `blacklistremove`. A blacklisted number is refused (109). */

/** Answers `blacklist`: every number with the day it was added. */
export function fakeBlacklist(state: OrganikFakeState): unknown {
  return [...state.blacklist].map(([gsm, date]) => ({ gsm: Number(gsm), date }));
}

/** Answers `blacklistadd` (`add`) and `blacklistremove`; error 96 for a number it cannot read. */
export function changeFakeBlacklist(
  state: OrganikFakeState,
  add: boolean,
  input: Record<string, unknown>,
): void {
  const gsms = asArray(input.gsms);
  if (gsms.length === 0) throw new FakeError(96);
  const day = formatIstanbulDate(state.now());
  for (const value of gsms) {
    const gsm = normaliseGsm(asText(value) ?? '');
    if (typeof gsm === 'number') throw new FakeError(96);
    if (add) state.blacklist.set(gsm, day);
    else state.blacklist.delete(gsm);
  }
}
