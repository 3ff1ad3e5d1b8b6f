import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConfigError,
  createNotificationEngine,
  createSqliteStore,
  type NotificationEngine,
  parseNotificationConfig,
} from '../src/index';
import { NUMBERS_PER_TURN } from '../src/phone-number';
import { createRecordingProvider } from './recording-provider';

const config = parseNotificationConfig({
  shops: {
    berlin: { name: 'Berlin', provider: 'sms', defaultCountry: 'DE' },
    istanbul: { name: 'İstanbul', provider: 'sms' },
  },
});

let engine: NotificationEngine;

beforeEach(async () => {
  engine = createNotificationEngine({
    store: await createSqliteStore({ filename: ':memory:' }),
    config,
    providers: { sms: createRecordingProvider({ providerId: 'sms' }) },
  });
});
afterEach(() => engine.close());

const phonesOf = async () => (await engine.optOuts.list()).map((entry) => entry.phone).sort();

describe("an operator's opt-out numbers", () => {
  it("are read in the default country of the operator's shop, the first shop's when none is named", async () => {
    expect(await engine.optOuts.add(['01512 3456789'], { user: 'ayse', shopId: 'berlin' })).toBe(1);
    expect(
      await engine.optOuts.add(['0532 123 45 67', '+90 532 123 4567'], { user: 'ayse', shopId: 'istanbul' }),
    ).toBe(1);
    expect(await phonesOf()).toEqual(['+4915123456789', '+905321234567']);
    expect(await engine.optOuts.remove(['0151 23456789'])).toBe(1);
    expect(await phonesOf()).toEqual(['+905321234567']);
    await expect(engine.optOuts.add(['0532 123 45 67'], { user: 'ayse', shopId: 'nope' })).rejects.toThrow(
      ConfigError,
    );
  });

  it('are refused whole, with a typed error naming each bad one, when one is too long or not a mobile number', async () => {
    const tooLong = `0532 765 43 21${' '.repeat(40)}9`; // a usable number within its first 50 characters
    const phones = ['0532 765 43 21', 'nonsense', tooLong, '0212 222 22 22'];
    for (const change of [engine.optOuts.add, engine.optOuts.remove]) {
      const refused = await change(phones, { user: 'ayse', shopId: 'istanbul' }).catch((error) => error);
      expect(refused).toMatchObject({ name: 'ValidationError', target: 'opt-outs' });
      expect(refused.issues).toEqual([
        {
          path: ['phones', 1],
          message: 'not a usable mobile number (not-a-number)',
          code: 'invalid_phone_number',
        },
        {
          path: ['phones', 2],
          message: 'not a usable mobile number (too-long)',
          code: 'invalid_phone_number',
        },
        {
          path: ['phones', 3],
          message: 'not a usable mobile number (not-mobile)',
          code: 'invalid_phone_number',
        },
      ]);
      expect(refused.message).not.toMatch(/765|2222/);
    }
    expect(await phonesOf()).toEqual([]);
    expect((await engine.audit.list({})).entries).toEqual([]);
  });
});

describe('an imported list of opt-out numbers', () => {
  it("adds the usable numbers, read in the shop's country, and reports each other one by its index", async () => {
    const tooLong = `0151 23456789${' '.repeat(40)}9`;
    const phones = ['01512 3456789', 'hallo', '+49 1512 3456789', '030 1234567', tooLong, '0176 9876543'];
    expect(await engine.optOuts.import(phones, { user: 'ayse', shopId: 'berlin' })).toEqual({
      added: 2,
      invalid: [
        { index: 1, reason: 'not-a-number' },
        { index: 3, reason: 'not-mobile' },
        { index: 4, reason: 'too-long' },
      ],
    });
    expect(await phonesOf()).toEqual(['+4915123456789', '+491769876543']);
    const { entries } = await engine.audit.list({});
    expect(entries).toEqual([
      expect.objectContaining({
        user: 'ayse',
        action: 'optOuts.import',
        shopId: 'berlin',
        details: { source: 'local', count: 2 },
      }),
    ]);
  });

  it('reads a long list a thousand numbers at a time, letting the event loop run between, with indexes kept', async () => {
    const phones = Array.from({ length: 5 * NUMBERS_PER_TURN }, (_, index) =>
      index % 1000 === 999 ? 'kein Anschluss' : `0151 ${String(20_000_000 + index)}`,
    );
    // Counts the turns of the event loop while the list is read: a read in one run would give none or one.
    let turns = 0;
    let reading = true;
    const tick = () => {
      if (!reading) return;
      turns += 1;
      setImmediate(tick);
    };
    setImmediate(tick);
    const imported = await engine.optOuts.import(phones, { user: 'ayse', shopId: 'berlin' });
    reading = false;
    expect(turns).toBeGreaterThanOrEqual(4);
    expect(imported.added).toBe(5 * NUMBERS_PER_TURN - 5);
    expect(imported.invalid).toEqual(
      [999, 1999, 2999, 3999, 4999].map((index) => ({ index, reason: 'not-a-number' })),
    );
  });

  it('changes nothing for a list without a usable number, and refuses an unknown shop', async () => {
    expect(await engine.optOuts.import(['nonsense'], { user: 'ayse' })).toEqual({
      added: 0,
      invalid: [{ index: 0, reason: 'not-a-number' }],
    });
    await expect(engine.optOuts.import(['0532 123 45 67'], { user: 'ayse', shopId: 'nope' })).rejects.toThrow(
      ConfigError,
    );
    expect(await phonesOf()).toEqual([]);
    expect((await engine.audit.list({})).entries).toEqual([]);
  });
});

describe("a provider's blacklist", () => {
  /** A provider whose blacklist lists `numbers` as it writes them. */
  const listing = (providerId: string, numbers: string[]) => ({
    ...createRecordingProvider({ providerId }),
    blacklist: { list: async () => numbers.map((number) => ({ number })) },
  });

  it('is read in the default country of the shops the provider serves, in each when they differ', async () => {
    const mirror = createNotificationEngine({
      store: await createSqliteStore({ filename: ':memory:' }),
      config: parseNotificationConfig({
        shops: {
          berlin: { name: 'Berlin', provider: 'german', defaultCountry: 'DE' },
          istanbul: { name: 'İstanbul', provider: 'shared' },
          munich: { name: 'München', provider: 'shared', defaultCountry: 'DE' },
        },
      }),
      providers: {
        german: listing('german', ['01512 3456789', '+90 532 765 43 21', 'gelöscht']),
        shared: listing('shared', ['0532 123 45 67', '0176 9876543', '+4915123456789']),
      },
    });
    try {
      expect(await mirror.optOuts.syncProviderBlacklists()).toBe(5);
      const mirrored = (await mirror.optOuts.list()).map(({ phone, source }) => `${source} ${phone}`);
      expect(mirrored.sort()).toEqual([
        'german +4915123456789',
        'german +905327654321',
        'shared +4915123456789',
        'shared +491769876543',
        'shared +905321234567',
      ]);
    } finally {
      await mirror.close();
    }
  });
});
