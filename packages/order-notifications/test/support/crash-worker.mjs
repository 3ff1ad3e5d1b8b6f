// One app instance that is killed while it sends: it accepts one order event into a SQLite outbox and starts
// the dispatcher, which claims the message and calls the provider. The parent kills this process (SIGKILL)
// while the call is in flight, leaving the message `sending`. Imports the BUILT package (dist), as an app would.
//
// argv[2]: JSON { filename, mode, baseUrl, apiKey }
// - mode 'provider': sends through Organik at baseUrl (the parent's fake, which holds its answer);
// - mode 'hang': the provider never answers and never passes the message on; it tells the parent 'sending'.
import { createCapabilities } from '@x/messaging-core';
import { createOrganik } from '@x/organik';
import { createNotificationEngine, createSqliteStore, parseNotificationConfig } from '../../dist/index.js';

const options = JSON.parse(process.argv[2]);

const hangingProvider = {
  specificationVersion: 'v1',
  providerId: 'hanging',
  capabilities: createCapabilities({ references: true }),
  sendSms() {
    process.send?.('sending');
    return new Promise(() => {});
  },
};

const provider =
  options.mode === 'provider'
    ? createOrganik({ apiKey: options.apiKey, baseUrl: options.baseUrl, sender: 'ORGANIK' })
    : hangingProvider;

const engine = createNotificationEngine({
  store: await createSqliteStore({ filename: options.filename }),
  config: parseNotificationConfig({ shops: { demo: { name: 'Demo', provider: 'organik' } } }),
  providers: { organik: provider },
  // The send outlives the lease on purpose: the process is killed mid-send, and only the lease decides when
  // the next instance takes the message for lost.
  sendTimeoutMs: 60_000,
  leaseMs: 1500,
  groupCommit: false,
});
await engine.accept({
  type: 'order.created',
  shopId: 'demo',
  occurredAt: new Date('2026-11-23T11:05:00Z'),
  order: { id: '1001', number: '1001', status: 'processing', total: '10', currency: 'TRY', items: [] },
  customer: { firstName: 'Ayşe', phone: '0532 123 45 67' },
  raw: {},
});
// This instance never releases its own claim (no maintenance pass after the first): on a loaded machine the
// kill may come after the lease, and only the next instance may take the message for lost.
engine.startDispatcher({ pollIntervalMs: 10, maintenanceIntervalMs: 3_600_000 });
process.send?.('started');
