import { describe, expect, it } from 'vitest';
import { createOrganik } from '../src/index';

/*
 * Against the real service, read-only, only when credentials are in the environment:
 * ORGANIK_API_KEY=… pnpm --filter @x/organik test organik-live
 */
const hasCredentials = Boolean(process.env.ORGANIK_API_KEY || process.env.ORGANIK_USERNAME);

describe.skipIf(!hasCredentials)('Organik live (read-only)', () => {
  it('reads the balance and the sender ids', async () => {
    const organik = createOrganik();
    const balance = await organik.getBalance();
    expect(typeof balance.credits).toBe('number');
    const senders = await organik.listSenders();
    expect(Array.isArray(senders)).toBe(true);
  });
});
