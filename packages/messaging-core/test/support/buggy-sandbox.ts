import type {
  CallOptionsV1,
  SendSmsRequestV1,
  SendSmsResultV1,
  SmsCapabilitiesV1,
  SmsProviderV1,
} from '../../src/index';
import { type ConformanceCheck, createConformanceContext } from '../../src/testing-context';
import { runCheck } from '../../src/testing-leaks';
import type { ConformanceSetup } from '../../src/testing-setup';
import { sandboxSetup } from './sandbox-setup';

/** What a planted bug sees of a send: the honest sandbox's `sendSms`, and a signal that ends with the test. */
export interface BugInput {
  request: SendSmsRequestV1;
  options: CallOptionsV1 | undefined;
  /** The honest sandbox's send. */
  sandboxSend: (request: SendSmsRequestV1, options?: CallOptionsV1) => Promise<SendSmsResultV1>;
  /** Aborted at teardown, so that a bug that drops the caller's signal leaves no wait behind. */
  teardownSignal: AbortSignal;
}

/** A bug planted in a sandbox-backed provider. */
export interface Bug {
  /** Replaces the provider's `sendSms`. */
  sendSms?(input: BugInput): Promise<SendSmsResultV1>;
  /** Capabilities that differ from the sandbox's. */
  capabilities?: Partial<SmsCapabilitiesV1>;
  /** Fields of the setup that differ. */
  setup?: Partial<ConformanceSetup>;
}

/** A conformance setup over the sandbox with one planted bug. */
export function buggySetup(bug: Bug): ConformanceSetup {
  const honest = sandboxSetup();
  const sandbox = honest.provider;
  const ending = new AbortController();
  const provider: SmsProviderV1 = {
    specificationVersion: 'v1',
    providerId: 'buggy',
    capabilities: { ...sandbox.capabilities, ...bug.capabilities },
    sendSms: (request, options) =>
      bug.sendSms
        ? bug.sendSms({
            request,
            options,
            sandboxSend: (next, nextOptions) => sandbox.sendSms(next, nextOptions),
            teardownSignal: ending.signal,
          })
        : sandbox.sendSms(request, options),
    getBalance: (options) => sandbox.getBalance(options),
    listSenders: (options) => sandbox.listSenders(options),
    getDeliveryReports: (query, options) => sandbox.getDeliveryReports(query, options),
    cancelScheduled: (ids, options) => sandbox.cancelScheduled(ids, options),
    blacklist: sandbox.blacklist,
    parseDeliveryWebhook: (request) => sandbox.parseDeliveryWebhook(request),
  };
  return {
    ...honest,
    provider,
    teardown: () => ending.abort(new Error('test over')),
    ...bug.setup,
  };
}

/** Runs one check of the kit (and the leak checks after it) against a setup, then tears the setup down. */
export async function runAgainst(check: ConformanceCheck, setup: ConformanceSetup): Promise<void> {
  const context = createConformanceContext(setup);
  try {
    await runCheck(check, context);
  } finally {
    await setup.teardown?.();
  }
}
