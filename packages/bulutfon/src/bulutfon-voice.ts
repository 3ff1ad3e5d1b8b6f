import type {
  BridgeCallRequestV1,
  CallEventV1,
  CallOptionsV1,
  CallStatusV1,
  ParseCallEventOptionsV1,
  PlaceCallRequestV1,
  PlaceCallResultV1,
  VoiceCapabilitiesV1,
  VoiceProviderV1,
} from '@x/messaging-core';
import { parseBulutfonCallEvent } from './bulutfon-call-event';
import { createBulutfonCallStatus } from './bulutfon-call-status';
import { BulutfonClient } from './bulutfon-client';
import { BULUTFON_PROVIDER_ID } from './bulutfon-error';
import { createBulutfonPlaceCall } from './bulutfon-place-call';
import { toBulutfonCallOptions } from './bulutfon-send-sms';
import type { BulutfonSettings } from './bulutfon-settings';

/** The Bulutfon voice provider: the v1 voice contract plus the underlying client for everything else. */
export interface BulutfonVoice extends VoiceProviderV1 {
  /** Always `'bulutfon'`. */
  readonly providerId: 'bulutfon';
  /** The low-level client (CDRs, recordings, announcements...). */
  readonly client: BulutfonClient;
  /** Reads an automatic call from the API: queued, answered (with the pressed key), no answer, busy. */
  getCall(callId: string, options?: CallOptionsV1): Promise<CallStatusV1>;
  /** The newest call placed with `reference`, or `undefined`. */
  findCall(reference: string, options?: CallOptionsV1): Promise<CallStatusV1 | undefined>;
  /** Click-to-call (`POST /call_and_bridge`): rings `destination` and connects it with `to`. */
  bridgeCall(request: BridgeCallRequestV1, options?: CallOptionsV1): Promise<void>;
  /** Reads a call webhook (JSON or form data), checking the panel's HTTP Basic credentials. */
  parseCallEvent(request: Request, options?: ParseCallEventOptionsV1): Promise<CallEventV1>;
}

/**
 * What the Bulutfon voice provider can do: every optional method. Calls play an announcement of the PBX or a
 * sound URL, read one key, and wait for their window at Bulutfon (`hours_active` and the per-day hours).
 */
export const BULUTFON_VOICE_CAPABILITIES: VoiceCapabilitiesV1 = Object.freeze({
  callStatus: true,
  findByReference: true,
  bridgeCalls: true,
  callEvents: true,
  announcements: true,
  soundUrls: true,
  gatherKey: true,
  callWindows: true,
});

/**
 * Creates the Bulutfon voice provider (`VoiceProviderV1`) over the v1 API: `placeCall` starts an automatic call
 * campaign with one receiver (Bulutfon dials its campaigns one after another), `getCall` and `findCall` read it
 * back (with the call's CDR to tell a busy line from no answer), `bridgeCall` is click-to-call, and
 * `parseCallEvent` reads the PBX's webhooks.
 *
 * Each method makes one attempt. Placing a call is not idempotent: after an error with `maybeDelivered: true`,
 * call `findCall(reference)` before placing it again.
 * @param settings - credentials (`token` / `BULUTFON_TOKEN`, `email` + `password`, or `oauth`), `baseUrl`,
 *   `fetch`, `timeoutMs`, `hooks`; see {@link BulutfonSettings}
 * @example
 * const voice = createBulutfonVoice({ token: process.env.BULUTFON_TOKEN });
 * const { callId } = await voice.placeCall({
 *   to: '0532 123 45 67',
 *   from: '902122222222',
 *   audio: { announcementId: '22' },
 *   reference: 'order-1001',
 * });
 */
export function createBulutfonVoice(settings: BulutfonSettings = {}): BulutfonVoice {
  const client = new BulutfonClient(settings);
  const status = createBulutfonCallStatus(client);
  const placeCall: (request: PlaceCallRequestV1, options?: CallOptionsV1) => Promise<PlaceCallResultV1> =
    createBulutfonPlaceCall(client);
  return {
    specificationVersion: 'v1',
    providerId: BULUTFON_PROVIDER_ID,
    capabilities: BULUTFON_VOICE_CAPABILITIES,
    client,
    placeCall,
    getCall: status.getCall,
    findCall: status.findCall,
    async bridgeCall(request, options) {
      options?.signal?.throwIfAborted();
      await client.callAndBridge(
        {
          caller: request.from,
          callee: request.to,
          destination: request.destination,
          timeout: request.ringTimeoutSeconds,
        },
        toBulutfonCallOptions(options),
      );
    },
    parseCallEvent: parseBulutfonCallEvent,
  };
}
