import {
  ApiCallError,
  AuthenticationError,
  type CallOptionsV1,
  type CallStatusV1,
  InvalidRecipientError,
  normalizePhoneNumber,
  type PlaceCallRequestV1,
  type PlaceCallResultV1,
  TimeoutError,
  ValidationError,
  type VoiceCapabilitiesV1,
  type VoiceProviderV1,
} from '../../src/index';
import { type ConformanceCheck, createConformanceContext } from '../../src/testing-context';
import { runCheck } from '../../src/testing-leaks';
import type {
  ConformancePlacedCall,
  VoiceConformanceFailure,
  VoiceConformanceSetup,
} from '../../src/testing-voice-setup';

/**
 * An honest in-memory voice provider for the kit's own tests, and the same with one planted bug: every check of
 * the voice kit passes on the first and fails on a provider with the bug it looks for.
 */

const URL = 'https://voice.example/v1/calls';
const API_KEY = 'voice-api-key-0123456789';

const CAPABILITIES: VoiceCapabilitiesV1 = {
  callStatus: true,
  findByReference: true,
  bridgeCalls: true,
  callEvents: true,
  announcements: true,
  soundUrls: true,
  gatherKey: true,
  callWindows: true,
};

/** A call the honest provider placed. */
interface FakeCall extends ConformancePlacedCall {
  callId: string;
}

/** What a planted bug sees of a call: the honest provider's `placeCall`. */
export interface VoiceBugInput {
  request: PlaceCallRequestV1;
  options: CallOptionsV1 | undefined;
  honestPlace: (request: PlaceCallRequestV1, options?: CallOptionsV1) => Promise<PlaceCallResultV1>;
  /** Aborted at teardown, so that a bug that drops the caller's signal leaves no wait behind. */
  teardownSignal: AbortSignal;
}

/** A bug planted in the honest provider. */
export interface VoiceBug {
  placeCall?(input: VoiceBugInput): Promise<PlaceCallResultV1>;
  /** Methods and fields of the provider that differ. */
  provider?: Partial<VoiceProviderV1>;
  capabilities?: Partial<VoiceCapabilitiesV1>;
  setup?: Partial<VoiceConformanceSetup>;
}

function waitForAbort(signals: (AbortSignal | undefined)[]): Promise<never> {
  return new Promise((_, reject) => {
    for (const signal of signals)
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** The honest provider's `parseCallEvent`: JSON bodies, Basic credentials compared in full. */
async function parseCallEvent(
  request: Request,
  options: Parameters<NonNullable<VoiceProviderV1['parseCallEvent']>>[1],
) {
  const expected = options?.credentials;
  const header = request.headers.get('authorization') ?? '';
  if (
    expected &&
    header !== `Basic ${btoa(unescape(encodeURIComponent(`${expected.username}:${expected.password}`)))}`
  ) {
    throw new AuthenticationError({
      message: 'voice: wrong webhook credentials',
      url: request.url,
      statusCode: 401,
    });
  }
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    body = undefined;
  }
  const fields = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<
    string,
    unknown
  >;
  if (typeof fields.uuid !== 'string') {
    throw new ValidationError({ message: 'voice: not a call event', issues: [], target: 'webhook' });
  }
  return {
    type: 'call-ended' as const,
    eventName: 'hangup',
    uuid: fields.uuid,
    direction: 'outbound' as const,
    caller: '+902122222222',
    callee: '+905321234567',
    at: new Date(),
    automatic: true,
    raw: fields,
  };
}

/** The honest setup. */
export function honestVoiceSetup(bug: VoiceBug = {}): VoiceConformanceSetup {
  const calls: FakeCall[] = [];
  let failure: VoiceConformanceFailure = 'none';
  const ending = new AbortController();

  async function honestPlace(
    request: PlaceCallRequestV1,
    options?: CallOptionsV1,
  ): Promise<PlaceCallResultV1> {
    options?.signal?.throwIfAborted();
    const to = normalizePhoneNumber(request.to);
    const next = failure;
    failure = 'none';
    if (next === 'auth')
      throw new AuthenticationError({ message: 'voice: key refused', url: URL, statusCode: 401 });
    if (next === 'invalid-number') {
      throw new InvalidRecipientError({ message: 'voice: number refused', url: URL, statusCode: 422 });
    }
    if (next === 'server-error') {
      throw new ApiCallError({ message: 'voice: 500', url: URL, statusCode: 500, maybeDelivered: true });
    }
    const audio = request.audio as { announcementId?: string; url?: string };
    const call: FakeCall = {
      callId: String(calls.length + 1),
      to,
      ...(audio.announcementId ? { announcementId: audio.announcementId } : {}),
      ...(audio.url ? { soundUrl: audio.url } : {}),
      gatherKey: request.gatherKey ?? true,
      ...(request.windows ? { windows: request.windows } : {}),
      ...(request.reference ? { reference: request.reference } : {}),
    };
    calls.push(call);
    if (next === 'timeout') {
      const timeoutMs = options?.timeoutMs ?? 30_000;
      const timer = new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new TimeoutError({ message: 'voice: timed out', timeoutMs, maybeDelivered: true })),
          timeoutMs,
        ),
      );
      await Promise.race([timer, waitForAbort([options?.signal, ending.signal])]);
    }
    return { callId: call.callId, warnings: [] };
  }

  const status = (call: FakeCall): CallStatusV1 => ({
    callId: call.callId,
    to: call.to,
    outcome: 'queued',
    raw: call,
  });
  const provider: VoiceProviderV1 = {
    specificationVersion: 'v1',
    providerId: 'voice-fake',
    capabilities: { ...CAPABILITIES, ...bug.capabilities },
    placeCall: (request, options) =>
      bug.placeCall
        ? bug.placeCall({ request, options, honestPlace, teardownSignal: ending.signal })
        : honestPlace(request, options),
    async getCall(callId) {
      const call = calls.find((item) => item.callId === callId);
      if (!call) throw new ValidationError({ message: 'voice: unknown call', issues: [], target: 'request' });
      return status(call);
    },
    async findCall(reference) {
      const call = calls.findLast((item) => item.reference === reference);
      return call ? status(call) : undefined;
    },
    async bridgeCall(request) {
      normalizePhoneNumber(request.to);
    },
    parseCallEvent,
    ...bug.provider,
  };
  return {
    provider,
    secrets: [API_KEY],
    logs: [],
    simulate(next) {
      failure = next;
    },
    validRecipient: '0532 123 45 67',
    invalidRecipient: '+90 532 999 99 99',
    from: '902122222222',
    announcementId: '22',
    bridgeDestination: '1001',
    placedCalls: () => calls.map(({ callId: _id, ...call }) => call),
    callEvent: () => ({ body: JSON.stringify({ uuid: 'kit-uuid-1' }), contentType: 'application/json' }),
    teardown: () => ending.abort(new Error('test over')),
    ...bug.setup,
  };
}

/** Runs one check of the voice kit (and the leak checks after it), then tears the setup down. */
export async function runVoiceCheck(
  check: ConformanceCheck<VoiceConformanceSetup>,
  setup: VoiceConformanceSetup,
): Promise<void> {
  const context = createConformanceContext(setup);
  try {
    await runCheck(check, context);
  } finally {
    await setup.teardown?.();
  }
}
