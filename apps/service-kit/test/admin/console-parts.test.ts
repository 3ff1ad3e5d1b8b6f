import { describe, expect, it } from 'vitest';
import { optOutImportAnswer, readOptOutCsv } from '../../src/admin/opt-out-csv';
import { createBalanceReader } from '../../src/admin/provider-balances';
import { setupChecklist, tokenStrength } from '../../src/admin/setup-checklist';

describe('opt-out CSV', () => {
  it('reads one number per line as typed, with its line number, leaving blank lines out', () => {
    const csv = readOptOutCsv('0532 123 45 67\n\n+90 555 765 43 21\r\n"hello"\n0212 555 55 55\n');
    expect(csv).toEqual({
      phones: ['0532 123 45 67', '+90 555 765 43 21', 'hello', '0212 555 55 55'],
      lines: [1, 3, 4, 5],
    });
  });

  it('reads a phone column, quoted cells and a byte-order mark', () => {
    const csv = readOptOutCsv('\uFEFFname;phone\n"Yılmaz, Ayşe";+90 532 123 45 67\nHans;0151 23456789\n');
    expect(csv).toEqual({ phones: ['+90 532 123 45 67', '0151 23456789'], lines: [2, 3] });
    expect(readOptOutCsv('ad,telefon\nAyşe,0532 123 45 67\n').phones).toEqual(['0532 123 45 67']);
  });

  it('refuses a file of too many lines', () => {
    expect(() => readOptOutCsv('1\n'.repeat(40_001))).toThrow(/lines/);
  });

  it('reports the numbers the engine could not use by their line, the first 500, and counts the others', () => {
    const csv = readOptOutCsv(Array.from({ length: 600 }, (_, index) => `x${index}`).join('\n\n'));
    const invalid = csv.phones.map((_, index) => ({ index, reason: 'not-a-number' }));
    const answer = optOutImportAnswer(csv, { added: 0, invalid });
    expect(answer.invalid).toHaveLength(500);
    expect(answer.invalid.slice(0, 2)).toEqual([
      { line: 1, reason: 'not-a-number' },
      { line: 3, reason: 'not-a-number' },
    ]);
    expect(answer.moreInvalid).toBe(100);
    expect(optOutImportAnswer(csv, { added: 600, invalid: [] })).toEqual({ added: 600, invalid: [] });
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
