import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOrganik, toOrganikTrackId } from '@x/organik';
import {
  createOrganikFakeServer,
  listenOrganikFakeServer,
  type OrganikFakeHttpServer,
  type OrganikFakeServer,
} from '@x/organik/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createNotificationEngine,
  createSqliteStore,
  type NotificationEngine,
  type OutboxMessage,
  parseNotificationConfig,
} from '../src/index';

const worker = fileURLToPath(new URL('./support/crash-worker.mjs', import.meta.url));
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

describe('a send cut short by a crash (the process killed with the message sending)', () => {
  let directory: string;
  let server: OrganikFakeServer;
  let http: OrganikFakeHttpServer;
  let child: ChildProcess | undefined;
  let engine: NotificationEngine | undefined;

  beforeEach(async () => {
    expect(existsSync(dist), 'build the package first (pnpm turbo run build)').toBe(true);
    directory = mkdtempSync(join(tmpdir(), 'crash-recovery-'));
    server = createOrganikFakeServer();
    http = await listenOrganikFakeServer(server);
  });

  afterEach(async () => {
    child?.kill('SIGKILL');
    await engine?.close();
    await http.close();
    rmSync(directory, { recursive: true, force: true });
  });

  /** Starts the instance that will crash; resolves once it is killed mid-send. */
  async function crashDuringSend(mode: 'provider' | 'hang'): Promise<void> {
    const filename = join(directory, 'outbox.db');
    const running = fork(
      worker,
      [JSON.stringify({ filename, mode, baseUrl: http.url, apiKey: server.apiKey })],
      {
        stdio: 'inherit',
      },
    );
    child = running;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    if (mode === 'hang') {
      await new Promise<void>((resolve) =>
        running.on('message', (message) => message === 'sending' && resolve()),
      );
    } else {
      // The request reached the provider, which holds its answer: the crash loses the outcome, not the send.
      await vi.waitFor(() => expect(server.sentMessages).toHaveLength(1), { timeout: 20_000, interval: 20 });
    }
    running.kill('SIGKILL');
    await exited;
  }

  /** The restarted instance, with short timings: it sends through the same Organik (the fake server). */
  async function restart(): Promise<NotificationEngine> {
    engine = createNotificationEngine({
      store: await createSqliteStore({ filename: join(directory, 'outbox.db') }),
      config: parseNotificationConfig({ shops: { demo: { name: 'Demo', provider: 'organik' } } }),
      providers: {
        organik: createOrganik({ apiKey: server.apiKey, fetch: server.fetch, sender: 'ORGANIK' }),
      },
      sendTimeoutMs: 500,
      leaseMs: 1500,
      reconcileAfterMs: 2000,
    });
    const [orphan] = await engine.messages.list({});
    expect(orphan).toMatchObject({ status: 'sending', attempts: 1 });
    engine.startDispatcher({ pollIntervalMs: 20, reportIntervalMs: 0 });
    return engine;
  }

  async function settled(restarted: NotificationEngine, statuses: string[]): Promise<OutboxMessage> {
    let message: OutboxMessage | undefined;
    await vi.waitFor(
      async () => {
        [message] = await restarted.messages.list({});
        expect(statuses).toContain(message?.status);
      },
      { timeout: 20_000, interval: 50 },
    );
    return message!;
  }

  it('is found at the provider by its reference, and not sent again', async () => {
    server.failNext('timeout', { match: (request) => request.requestName === 'sendsms' });
    await crashDuringSend('provider');
    const restarted = await restart();
    const message = await settled(restarted, ['sent', 'delivered']);
    expect(message.reason).toMatch(/^report:/);
    expect(message.attempts).toBe(1);
    expect(message.providerMessageId).toBeDefined();
    // Another pass and a report sync after it change nothing: the provider has it once.
    await restarted.syncDeliveryReports();
    expect(server.sentMessages).toHaveLength(1);
    expect(server.sentMessages[0]?.reference).toBe(toOrganikTrackId(message.id));
  });

  it('is sent again, once, when the provider never received it', async () => {
    await crashDuringSend('hang');
    expect(server.sentMessages).toEqual([]);
    const restarted = await restart();
    const message = await settled(restarted, ['sent']);
    expect(message.attempts).toBe(2);
    await restarted.syncDeliveryReports();
    expect(server.sentMessages).toHaveLength(1);
    expect(server.sentMessages[0]?.reference).toBe(toOrganikTrackId(message.id));
  });
});
