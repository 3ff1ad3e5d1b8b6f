import { describe, expect, it } from 'vitest';
import type { BulutfonFakeFault } from '../src/testing';
import { setup, visible } from './helpers';

const kinds: BulutfonFakeFault[] = [
  'rate-limit',
  'server-error',
  'malformed',
  'html-error',
  'empty',
  'expired-token',
  'auth',
  'insufficient-balance',
  'invalid-number',
  'reset',
];

describe('no credential ever shows in an error or a log line', () => {
  it.each(kinds)('master token, %s, on reads, writes and downloads', async (kind) => {
    const { client, fake, logs } = setup();
    const [cdr] = (await client.cdrs.list({ limit: 1 })).cdrs;
    const calls = [
      () => client.me(),
      () => client.messages.send({ title: 'TEST', receivers: '905321234567', content: 'Gizli içerik 123' }),
      () => client.callRecords.download(cdr!.uuid),
      () => client.tokenInfo(),
    ];
    for (const call of calls) {
      fake.failNext(kind);
      const error = await call().catch((caught) => caught);
      expect(error).toBeInstanceOf(Error);
      expect(visible(error)).not.toContain(fake.token);
      expect(visible(error)).not.toContain('905321234567');
      expect(visible(error)).not.toContain('Gizli içerik');
    }
    expect(logs.length).toBeGreaterThan(0);
    expect(JSON.stringify(logs)).not.toContain(fake.token);
  });

  it('email and password never show, even when Bulutfon echoes the URL', async () => {
    const password = 'S3cret-Pass!';
    const { client, fake, logs } = setup(
      { users: [{ email: 'owner@example.com', password }] },
      { token: undefined, email: 'owner@example.com', password },
    );
    fake.failNext({
      status: 400,
      body: { error: `bad request /me?email=owner@example.com&password=${password}` },
    });
    const error = await client.me().catch((caught) => caught);
    expect(visible(error)).not.toContain(password);
    expect(visible(error)).not.toContain('owner@example.com');
    expect(JSON.stringify(logs)).not.toContain(password);
    expect(JSON.stringify(logs)).not.toContain('owner@example.com');
  });

  it('the pagination links Bulutfon builds with the token are cleaned', async () => {
    const { client, fake } = setup();
    await client.messages.send({ title: 'TEST', receivers: '905321234567', content: 'a' });
    await client.messages.send({ title: 'TEST', receivers: '905321234567', content: 'b' });
    const page = await client.messages.list({ limit: 1 });
    expect(page.pagination.nextPage).toBeDefined();
    expect(JSON.stringify(page)).not.toContain(fake.token);
  });
});
