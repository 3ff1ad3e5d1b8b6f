import { type CountryCode, parsePhoneNumberDetails } from '../phone-number';
import type { CallOptionsV1, SenderV1, SendSmsMessageResultV1 } from '../sms-provider/v1/sms-provider-v1';
import { type FaultQueue, type QueuedFailure, takeFailure } from './sandbox-faults';
import type { SandboxCall, SandboxMessage, SandboxMethod, SandboxProviderOptions } from './sandbox-types';

/** Everything one sandbox holds: its settings, its account and what happened to it. */
export interface SandboxState {
  readonly providerId: string;
  readonly defaultCountry: CountryCode;
  readonly maxSegments: number;
  readonly maxRecipientsPerCall: number;
  readonly recipientsPerRequest: number;
  readonly autoDeliver: boolean;
  readonly now: () => Date;
  readonly initialBalance: number;
  readonly initialBlacklist: readonly string[];
  readonly senders: readonly SenderV1[];
  balance: number;
  /** The last id number handed out (batch and message ids share it). */
  sequence: number;
  readonly sent: SandboxMessage[];
  readonly calls: SandboxCall[];
  readonly faults: FaultQueue;
  /**
   * By idempotency key, the recipients (E.164) sent under it and their results, so that a repeated key does not
   * send to them again.
   */
  readonly sentByKey: Map<string, Map<string, SendSmsMessageResultV1>>;
  /** Blacklisted numbers (E.164) and when they were added. */
  readonly blacklisted: Map<string, Date>;
}

/** Creates a sandbox's state from its options. */
export function createSandboxState(options: SandboxProviderOptions): SandboxState {
  const defaultCountry = options.defaultCountry ?? 'TR';
  const maxRecipientsPerCall = options.maxRecipientsPerCall ?? 1000;
  const state: SandboxState = {
    providerId: options.providerId ?? 'sandbox',
    defaultCountry,
    maxSegments: options.maxSegments ?? 7,
    maxRecipientsPerCall,
    recipientsPerRequest: Math.max(1, options.recipientsPerRequest ?? maxRecipientsPerCall),
    autoDeliver: options.autoDeliver ?? false,
    now: options.now ?? (() => new Date()),
    initialBalance: options.balance ?? 10_000,
    initialBlacklist: (options.blacklist ?? []).map(
      (number) => parsePhoneNumberDetails(number, { defaultCountry }).e164,
    ),
    senders: (options.senders ?? ['SANDBOX']).map((sender, index) => {
      const name = typeof sender === 'string' ? sender : sender.name;
      const active = typeof sender === 'string' ? true : (sender.active ?? true);
      return { id: String(index + 1), name, active, state: active ? 'CONFIRMED' : 'DRAFT' };
    }),
    balance: 0,
    sequence: 0,
    sent: [],
    calls: [],
    faults: [],
    sentByKey: new Map(),
    blacklisted: new Map(),
  };
  resetSandboxState(state);
  return state;
}

/** Forgets sent messages, calls, queued failures and idempotency keys; restores balance and blacklist. */
export function resetSandboxState(state: SandboxState): void {
  state.balance = state.initialBalance;
  state.sequence = 0;
  state.sent.length = 0;
  state.calls.length = 0;
  state.faults.length = 0;
  state.sentByKey.clear();
  state.blacklisted.clear();
  for (const number of state.initialBlacklist) state.blacklisted.set(number, state.now());
}

/**
 * Starts a call (or a request of a send, with its recipients `to`): honours the signal, records it, and returns
 * the failure queued for it.
 */
export function beginCall(
  state: SandboxState,
  method: SandboxMethod,
  callOptions: CallOptionsV1 | undefined,
  to?: readonly string[],
): QueuedFailure | undefined {
  callOptions?.signal?.throwIfAborted();
  const call: SandboxCall = {
    method,
    at: state.now(),
    ...(callOptions?.idempotencyKey === undefined ? {} : { idempotencyKey: callOptions.idempotencyKey }),
    ...(to === undefined ? {} : { to }),
  };
  state.calls.push(call);
  return takeFailure(state.faults, call);
}
