import { ValidationError } from '../errors';
import { parsePhoneNumberDetails } from '../phone-number';
import type { BlacklistEntryV1, CallOptionsV1, SmsCapabilitiesV1 } from '../sms-provider/v1/sms-provider-v1';
import { queueFailure, raiseFailure } from './sandbox-faults';
import { cancelScheduledSends, deliverAll, findReports, setDeliveryStatus } from './sandbox-reports';
import { sandboxSendSms } from './sandbox-send';
import { beginCall, createSandboxState, resetSandboxState, type SandboxState } from './sandbox-state';
import type { SandboxMethod, SandboxProvider, SandboxProviderOptions } from './sandbox-types';
import { createDeliveryWebhookRequest, parseDeliveryWebhook } from './sandbox-webhooks';

/** Starts a call and throws the failure queued for it, if any. */
async function failIfQueued(
  state: SandboxState,
  method: SandboxMethod,
  callOptions: CallOptionsV1 | undefined,
): Promise<void> {
  const queued = beginCall(state, method, callOptions);
  if (queued) await raiseFailure(state.providerId, queued, method, callOptions);
}

function normalizeList(state: SandboxState, numbers: string[]): string[] {
  if (!Array.isArray(numbers)) {
    throw new ValidationError({
      message: 'Invalid request: numbers must be an array.',
      target: 'request',
      issues: [{ path: [], message: 'numbers must be an array', code: 'invalid_type' }],
    });
  }
  return numbers.map(
    (number) => parsePhoneNumberDetails(number, { defaultCountry: state.defaultCountry }).e164,
  );
}

function sandboxCapabilities(state: SandboxState): SmsCapabilitiesV1 {
  return {
    balance: true,
    senders: true,
    deliveryReports: true,
    deliveryWebhooks: true,
    cancelScheduled: true,
    blacklist: true,
    blacklistAdd: true,
    blacklistRemove: true,
    scheduling: true,
    messageTypes: ['normal', 'turkish', 'unicode'],
    maxSegments: state.maxSegments,
    maxRecipientsPerCall: state.maxRecipientsPerCall,
    references: true,
    idempotency: true,
  };
}

/**
 * Creates an in-memory SMS provider for demos and tests; see {@link SandboxProvider}. Its sends go through
 * `sendInBatches`, `recipientsPerRequest` numbers per simulated request, so a failure injected with
 * {@link SandboxProvider.failNext} on a request in the middle of a send shows what a real provider reports.
 *
 * @param options - balance, senders, blacklist, limits and clock; see {@link SandboxProviderOptions}
 *
 * @example
 * import { createSandboxProvider } from '@x/messaging-core/sandbox';
 *
 * const sms = createSandboxProvider({ balance: 100 });
 * const result = await sms.sendSms({ to: '0532 123 45 67', text: 'Siparişiniz kargoda.' });
 * sms.sent[0]?.to; // '+905321234567'
 */
export function createSandboxProvider(options: SandboxProviderOptions = {}): SandboxProvider {
  const state = createSandboxState(options);
  const capabilities = sandboxCapabilities(state);
  return {
    specificationVersion: 'v1',
    providerId: state.providerId,
    capabilities,
    sendSms: (request, callOptions) => sandboxSendSms(state, capabilities, request, callOptions),
    async getBalance(callOptions) {
      await failIfQueued(state, 'getBalance', callOptions);
      return { credits: state.balance, raw: { credits: state.balance } };
    },
    async listSenders(callOptions) {
      await failIfQueued(state, 'listSenders', callOptions);
      return state.senders.map((sender) => ({ ...sender }));
    },
    async getDeliveryReports(query, callOptions) {
      await failIfQueued(state, 'getDeliveryReports', callOptions);
      return findReports(state, query);
    },
    async cancelScheduled(ids, callOptions) {
      await failIfQueued(state, 'cancelScheduled', callOptions);
      return cancelScheduledSends(state, ids);
    },
    blacklist: {
      async list(callOptions) {
        await failIfQueued(state, 'blacklist.list', callOptions);
        return [...state.blacklisted].map(([number, addedAt]): BlacklistEntryV1 => ({ number, addedAt }));
      },
      async add(numbers, callOptions) {
        await failIfQueued(state, 'blacklist.add', callOptions);
        for (const number of normalizeList(state, numbers)) {
          if (!state.blacklisted.has(number)) state.blacklisted.set(number, state.now());
        }
      },
      async remove(numbers, callOptions) {
        await failIfQueued(state, 'blacklist.remove', callOptions);
        for (const number of normalizeList(state, numbers)) state.blacklisted.delete(number);
      },
    },
    async parseDeliveryWebhook(request) {
      await failIfQueued(state, 'parseDeliveryWebhook', undefined);
      return parseDeliveryWebhook(state.providerId, request);
    },
    get sent() {
      return state.sent;
    },
    get calls() {
      return state.calls;
    },
    get balance() {
      return state.balance;
    },
    failNext: (failure, failOptions = {}) => queueFailure(state.faults, failure, failOptions),
    deliverAll: () => deliverAll(state),
    setDeliveryStatus: (providerMessageId, status) => setDeliveryStatus(state, providerMessageId, status),
    setBalance: (credits) => {
      state.balance = credits;
    },
    createDeliveryWebhookRequest: (providerMessageIds) =>
      createDeliveryWebhookRequest(state, providerMessageIds),
    reset: () => resetSandboxState(state),
  };
}
