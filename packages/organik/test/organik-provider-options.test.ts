import { ValidationError } from '@x/messaging-core';
import { describe, expect, it } from 'vitest';
import { createOrganik, type OrganikProviderOptions } from '../src/index';
import { createOrganikFakeServer } from '../src/testing';

describe('providerOptions.organik', () => {
  it('is typed for satisfies: known keys pass, a misspelt key is a type error', () => {
    const good = { organik: { timeoutHours: 24 } } satisfies OrganikProviderOptions;
    // @ts-expect-error a misspelt key does not typecheck
    const misspelt = { organik: { timeoutHour: 24 } } satisfies OrganikProviderOptions;
    expect([good, misspelt]).toHaveLength(2);
  });

  it('refuses a misspelt key at run time with a ValidationError naming it, and sends nothing', async () => {
    const server = createOrganikFakeServer();
    const organik = createOrganik({ apiKey: server.apiKey, fetch: server.fetch, sender: 'ORGANIK' });
    const error = await organik
      .sendSms({ to: '05321234567', text: 'Hi', providerOptions: { organik: { timeoutHour: 24 } } })
      .catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('timeoutHour');
    expect((error as ValidationError).issues[0]?.path).toEqual(['providerOptions', 'organik']);
    expect(server.requests).toEqual([]);
  });

  it('refuses a value out of range, and leaves other providers’ options alone', async () => {
    const server = createOrganikFakeServer();
    const organik = createOrganik({ apiKey: server.apiKey, fetch: server.fetch, sender: 'ORGANIK' });
    await expect(
      organik.sendSms({ to: '05321234567', text: 'Hi', providerOptions: { organik: { timeoutHours: 49 } } }),
    ).rejects.toMatchObject({ kind: 'validation', message: expect.stringContaining('timeoutHours') });
    const sent = await organik.sendSms({
      to: '05321234567',
      text: 'Hi',
      providerOptions: { organik: { timeoutHours: 12 }, bulutfon: { anything: true } },
    });
    expect(sent.messages[0]?.status).toBe('accepted');
    expect(server.messages[0]?.timeoutHours).toBe(12);
  });
});
