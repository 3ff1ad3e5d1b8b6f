import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrganik, toOrganikTrackId } from '@x/organik';
import { createOrganikFakeServer, type OrganikFakeServer } from '@x/organik/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createNotificationEngine,
  createSqliteStore,
  type NotificationEngine,
  parseNotificationConfig,
} from '../src/index';
import { CUSTOMER_E164, event } from './fixtures';

const T0 = new Date('2030-01-15T09:00:00Z');

describe('unknown outcomes with Organik (fake server)', () => {
  let directory: string;
  let server: OrganikFakeServer;
  let engine: NotificationEngine;
  let clock: Date;

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'organik-reconcile-'));
    clock = T0;
    server = createOrganikFakeServer({ now: () => clock });
    const organik = createOrganik({ apiKey: server.apiKey, fetch: server.fetch, sender: 'ORGANIK' });
    engine = createNotificationEngine({
      store: await createSqliteStore({ filename: join(directory, 'outbox.db') }),
      config: parseNotificationConfig({ shops: { demo: { name: 'Demo', provider: 'organik' } } }),
      providers: { organik },
      now: () => clock,
    });
  });

  afterEach(async () => {
    await engine.close();
    rmSync(directory, { recursive: true, force: true });
  });

  async function sendIntoLostAnswer() {
    await engine.accept(event());
    await engine.dispatchOnce();
    const [message] = await engine.messages.list({});
    expect(message).toMatchObject({ status: 'unknown', reason: 'outcome-unknown' });
    return message!;
  }

  it('finds a send whose answer was lost by its track id, and never sends it twice', async () => {
    server.failNext('reset-after-processing', { match: (request) => request.requestName === 'sendsms' });
    const message = await sendIntoLostAnswer();
    expect(server.sentMessages).toMatchObject([
      { to: CUSTOMER_E164, text: expect.stringContaining('siparişiniz alındı') },
    ]);
    // The message id (32 hex characters) travels as its track_id digest, digits only.
    expect(server.sentMessages[0]?.reference).toBe(toOrganikTrackId(message.id));
    expect(await engine.syncDeliveryReports()).toBe(1);
    const [reconciled] = await engine.messages.list({});
    expect(['sent', 'delivered']).toContain(reconciled!.status);
    expect(reconciled!.providerMessageId).toBeDefined();
    clock = new Date(T0.getTime() + 3_600_000);
    await engine.syncDeliveryReports();
    await engine.dispatchOnce();
    expect(server.sentMessages).toHaveLength(1);
  });

  it('sends again, once, when Organik never received the request', async () => {
    server.failNext('reset', { match: (request) => request.requestName === 'sendsms' });
    const message = await sendIntoLostAnswer();
    expect(server.sentMessages).toEqual([]);
    expect(await engine.syncDeliveryReports()).toBe(0);
    clock = new Date(T0.getTime() + 11 * 60_000);
    expect(await engine.syncDeliveryReports()).toBe(1);
    expect(await engine.dispatchOnce()).toBe(1);
    expect(server.sentMessages).toHaveLength(1);
    expect(server.sentMessages[0]?.reference).toBe(toOrganikTrackId(message.id));
    expect((await engine.messages.list({}))[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });
});
