import { describe, expect, it } from 'vitest';
import { createBulutfonClient } from '../src/bulutfon-client';

// Read-only calls against the real API, run only when a token is provided (BULUTFON_TOKEN).
describe.skipIf(!process.env.BULUTFON_TOKEN)('live Bulutfon API (read-only)', () => {
  const client = createBulutfonClient({ baseUrl: process.env.BULUTFON_BASE_URL });

  it('reads the account and the PBX numbers', async () => {
    const me = await client.me();
    expect(typeof me.pbx.name).toBe('string');
    const dids = await client.dids.list();
    expect(Array.isArray(dids)).toBe(true);
  });

  it('reads one page of CDRs', async () => {
    const page = await client.cdrs.list({ limit: 5 });
    expect(page.cdrs.length).toBeLessThanOrEqual(5);
    expect(page.pagination.page).toBe(1);
  });
});
