import { checkTypedNumbers } from '@x/order-notifications';
import { describe, expect, it } from 'vitest';
import { readOptOutCsv } from '../../src/admin/opt-out-csv';
import { createBalanceReader } from '../../src/admin/provider-balances';
import { setupChecklist, tokenStrength } from '../../src/admin/setup-checklist';

describe('opt-out CSV', () => {
  const inTurkey = (phones: readonly string[]) => checkTypedNumbers(phones, 'TR');

  it('reads one number per line with the default country, reporting bad lines by number', () => {
    const csv = readOptOutCsv(
      `0532 123 45 67\n\n+90 555 765 43 21\nhello\n0212 555 55 55\n05321234567\n0532 111 22 33${' '.repeat(40)}9\n`,
      inTurkey,
    );
    expect(csv.phones).toEqual(['+905321234567', '+905557654321']);
    expect(csv.invalid).toEqual([
      { line: 4, reason: expect.any(String) },
      { line: 5, reason: 'not-mobile' },
      { line: 7, reason: 'too-long' },
    ]);
  });

  it('reads a phone column, quoted cells and a byte-order mark, and another default country', () => {
    const csv = readOptOutCsv(
      '\uFEFFname;phone\n"Yılmaz, Ayşe";+90 532 123 45 67\nHans;0151 23456789\n',
      (phones) => checkTypedNumbers(phones, 'DE'),
    );
    expect(csv.phones).toEqual(['+905321234567', '+4915123456789']);
    expect(readOptOutCsv('ad,telefon\nAyşe,0532 123 45 67\n', inTurkey).phones).toEqual(['+905321234567']);
  });

  it('refuses a file of too many lines', () => {
    expect(() => readOptOutCsv('1\n'.repeat(40_001), inTurkey)).toThrow(/lines/);
  });
});

describe('setup checklist', () => {
  it('flags what is missing, naming variables but never values', () => {
    const checklist = setupChecklist({
      adminPhones: 0,
      missingCredentials: ['ORGANIK_API_KEY'],
      webhooksSeen: 0,
      signatureFailures24h: 3,
      adminToken: tokenStrength('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'),
    });
    const failing = checklist.filter((entry) => !entry.ok).map((entry) => entry.id);
    expect(failing).toEqual([
      'admin-phone',
      'provider-credentials',
      'public-url',
      'webhook-seen',
      'signatures',
      'admin-token',
    ]);
    expect(checklist[1]?.message.en).toContain('ORGANIK_API_KEY');
    expect(tokenStrength('k9P2xQ7vL4mN8rT1wZ5yB3cD6fG0hJ2s')).toBe('strong');
  });
});

describe('provider balances', () => {
  it('reads each provider once within the cache time, reports errors by kind, and skips providers without one', async () => {
    let calls = 0;
    let now = 0;
    const reader = createBalanceReader({ now: () => now, cacheMs: 60_000 });
    const counting = {
      getBalance: async () => {
        calls += 1;
        return { credits: 120, raw: {} };
      },
    };
    const failing = {
      getBalance: async () => {
        throw Object.assign(new Error('key 0123456789abcdef refused'), { kind: 'auth' });
      },
    };
    const providers = { a: counting, b: failing, c: {} } as never;
    const shops = [
      { shopId: 'one', providerId: 'x', providerKey: 'a' },
      { shopId: 'two', providerId: 'x', providerKey: 'a' },
      { shopId: 'three', providerId: 'y', providerKey: 'b' },
      { shopId: 'four', providerId: 'z', providerKey: 'c' },
    ];
    const first = await reader.balances(shops, providers);
    expect(first[0]).toEqual({ shopId: 'one', providerId: 'x', balance: { amount: 120, unit: 'credits' } });
    expect(first[2]).toEqual({ shopId: 'three', providerId: 'y', error: 'unavailable' });
    expect(JSON.stringify(first)).not.toContain('0123456789abcdef');
    expect(first[3]).toEqual({ shopId: 'four', providerId: 'z' });
    await reader.balances(shops, providers);
    expect(calls).toBe(1);
    now = 61_000;
    await reader.balances(shops, providers);
    expect(calls).toBe(2);
  });
});

describe('provider balances with a provider that hangs', () => {
  it('answers timeout once the time limit has passed, even when the provider ignores the signal', async () => {
    const reader = createBalanceReader({ timeoutMs: 50 });
    const hanging = { getBalance: () => new Promise(() => undefined) } as never;
    const [entry] = await reader.balances([{ shopId: 'one', providerId: 'x', providerKey: 'a' }], {
      a: hanging,
    });
    expect(entry).toEqual({ shopId: 'one', providerId: 'x', error: 'timeout' });
  });
});
