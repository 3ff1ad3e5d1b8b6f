import { describe, expect, it } from 'vitest';
import { lastDays, startOfDate } from '../../src/admin/day-boundaries';
import { explainMessage } from '../../src/admin/explanations';
import { readOptOutCsv } from '../../src/admin/opt-out-csv';
import { createBalanceReader } from '../../src/admin/provider-balances';
import { setupChecklist, tokenStrength } from '../../src/admin/setup-checklist';
import { templateDiff } from '../../src/admin/template-diff';
import { createWebhookStatsRecorder } from '../../src/webhook-stats';

describe('opt-out CSV', () => {
  it('reads one number per line with the default country, reporting bad lines by number', () => {
    const csv = readOptOutCsv(
      '0532 123 45 67\n\n+90 555 765 43 21\nhello\n0212 555 55 55\n05321234567\n',
      'TR',
    );
    expect(csv.phones).toEqual(['+905321234567', '+905557654321']);
    expect(csv.invalid).toEqual([
      { line: 4, reason: expect.any(String) },
      { line: 5, reason: 'not-mobile' },
    ]);
  });

  it('reads a phone column, quoted cells and a byte-order mark, and another default country', () => {
    const csv = readOptOutCsv(
      '\uFEFFname;phone\n"Yılmaz, Ayşe";+90 532 123 45 67\nHans;0151 23456789\n',
      'DE',
    );
    expect(csv.phones).toEqual(['+905321234567', '+4915123456789']);
    expect(readOptOutCsv('ad,telefon\nAyşe,0532 123 45 67\n', 'TR').phones).toEqual(['+905321234567']);
  });

  it('refuses a file of too many lines', () => {
    expect(() => readOptOutCsv('1\n'.repeat(40_001), 'TR')).toThrow(/lines/);
  });
});

describe('template diff', () => {
  it('lists changed leaves by path, with what was before and after', () => {
    const before = {
      transliterate: 'none',
      rules: { status: { completed: { enabled: true, customerTemplate: 'A' } } },
    };
    const after = {
      transliterate: 'letters',
      rules: { status: { completed: { enabled: true, customerTemplate: 'B' }, shipped: { enabled: false } } },
    };
    expect(templateDiff(before, after)).toEqual([
      { path: 'rules.status.completed.customerTemplate', before: 'A', after: 'B' },
      { path: 'rules.status.shipped.enabled', after: false },
      { path: 'transliterate', before: 'none', after: 'letters' },
    ]);
    expect(templateDiff(after, after)).toEqual([]);
  });
});

describe('day boundaries', () => {
  it('starts each day at local midnight in the shop time zone', () => {
    expect(startOfDate('2026-12-05', 'Europe/Istanbul').toISOString()).toBe('2026-12-04T21:00:00.000Z');
    expect(startOfDate('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfDate('2026-03-30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    // 23:30 UTC on 4 December is already 5 December in Istanbul.
    const { dates, boundaries } = lastDays(new Date('2026-12-04T23:30:00Z'), 'Europe/Istanbul', 7);
    expect(dates).toHaveLength(7);
    expect(dates.at(-1)).toBe('2026-12-05');
    expect(dates[0]).toBe('2026-11-29');
    expect(boundaries).toHaveLength(8);
    expect(boundaries.at(-1)?.toISOString()).toBe('2026-12-05T21:00:00.000Z');
  });
});

describe('explanations and checklist', () => {
  it('explains a reason, an error kind and a status in Turkish and English', () => {
    expect(explainMessage({ status: 'skipped', reason: 'opted-out' }).en).toMatch(/opted out/);
    const failed = explainMessage({ status: 'dead', lastError: { kind: 'auth', message: 'HTTP 401' } });
    expect(failed.tr).toMatch(/kimlik/);
    expect(failed.en).toContain('HTTP 401');
    expect(explainMessage({ status: 'queued' }).tr).toMatch(/bekliyor/);
  });

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

describe('webhook statistics recorder', () => {
  it('gathers deliveries and signature failures and writes them in one batch', async () => {
    const written: unknown[] = [];
    const recorder = createWebhookStatsRecorder(
      {
        recordWebhookDeliveries: async (deliveries) => void written.push(['deliveries', deliveries]),
        addSignatureFailures: async (failures) => void written.push(['failures', failures]),
      },
      { now: () => new Date('2026-12-05T10:20:00Z'), flushMs: 60_000 },
    );
    recorder.delivered('demo', 'order.created');
    recorder.delivered('demo', 'order.created');
    recorder.delivered('demo', 'order.updated');
    recorder.signatureFailed('demo');
    recorder.signatureFailed('demo');
    await recorder.close();
    expect(written).toEqual([
      [
        'deliveries',
        [
          { shopId: 'demo', topic: 'order.created', at: new Date('2026-12-05T10:20:00Z') },
          { shopId: 'demo', topic: 'order.updated', at: new Date('2026-12-05T10:20:00Z') },
        ],
      ],
      ['failures', [{ shopId: 'demo', at: new Date('2026-12-05T10:00:00Z'), count: 2 }]],
    ]);
  });
});
