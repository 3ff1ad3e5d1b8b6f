import { organikApiKey } from '../organik-md5';
import { DEFAULT_ORGANIK_BASE_URL } from '../organik-settings';
import {
  FAKE_ORGANIK_API_KEY,
  type OrganikFakeCallback,
  type OrganikFakeFailOptions,
  type OrganikFakeFault,
  type OrganikFakeGroup,
  type OrganikFakeHeader,
  type OrganikFakeInboxMessage,
  type OrganikFakeMessage,
  type OrganikFakeRequest,
  type OrganikFakeServerOptions,
} from './organik-fake-types';

/** A fault waiting for the next matching request. */
export interface QueuedFault extends OrganikFakeFailOptions {
  fault: OrganikFakeFault;
  remaining: number;
}

/** Everything the fake server remembers; the resource modules read and change it. */
export interface OrganikFakeState {
  readonly options: OrganikFakeServerOptions;
  readonly apiKey: string;
  readonly baseUrl: string;
  readonly now: () => Date;
  readonly requests: OrganikFakeRequest[];
  readonly messages: OrganikFakeMessage[];
  readonly callbacks: OrganikFakeCallback[];
  readonly blacklist: Map<string, string>;
  readonly inbox: (OrganikFakeInboxMessage & { id: number })[];
  faults: QueuedFault[];
  credit: number;
  tl: number;
  headers: OrganikFakeHeader[];
  groups: OrganikFakeGroup[];
  latencyMs: number;
  nextTransactionId: number;
  nextMessageSerial: number;
  nextGroupId: number;
  nextContactId: number;
  nextInboxId: number;
}

/** Creates the state of a fake server from its options. */
export function createFakeState(options: OrganikFakeServerOptions): OrganikFakeState {
  const apiKey =
    options.apiKey ??
    (options.username !== undefined && options.password !== undefined
      ? organikApiKey(options.username, options.password)
      : FAKE_ORGANIK_API_KEY);
  const state: OrganikFakeState = {
    options,
    apiKey,
    baseUrl: (options.baseUrl ?? DEFAULT_ORGANIK_BASE_URL).replace(/\/+$/, ''),
    now: options.now ?? (() => new Date()),
    requests: [],
    messages: [],
    callbacks: [],
    blacklist: new Map(),
    inbox: [],
    faults: [],
    credit: 0,
    tl: 0,
    headers: [],
    groups: [],
    latencyMs: 0,
    nextTransactionId: 16502030,
    nextMessageSerial: 63032793,
    nextGroupId: 100,
    nextContactId: 5000,
    nextInboxId: 1,
  };
  resetFakeState(state);
  return state;
}

/** Forgets requests, messages, callbacks, blacklist, inbox and faults; restores balances, senders and groups. */
export function resetFakeState(state: OrganikFakeState): void {
  const { options } = state;
  state.requests.length = 0;
  state.messages.length = 0;
  state.callbacks.length = 0;
  state.blacklist.clear();
  state.inbox.length = 0;
  state.faults = [];
  state.credit = options.credit ?? 1000;
  state.tl = options.tl ?? 100;
  state.headers = structuredClone(options.headers ?? [{ id: 1, name: 'ORGANIK' }]);
  state.groups = structuredClone(options.groups ?? []);
  state.latencyMs = options.latencyMs ?? 0;
  for (const group of state.groups) state.nextGroupId = Math.max(state.nextGroupId, group.id + 1);
}
