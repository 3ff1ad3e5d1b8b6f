import type { CallOptionsV1 } from './sms-provider/v1/sms-provider-v1';
import { type CallOutcome, type ConformanceContext, record } from './testing-context';
import type {
  CallWindowsV1,
  PlaceCallRequestV1,
  PlaceCallResultV1,
  VoiceProviderV1,
} from './voice-provider/v1/voice-provider-v1';

/** A failure the voice provider's fake server must produce for the next request. */
export type VoiceConformanceFailure = 'auth' | 'server-error' | 'timeout' | 'invalid-number' | 'none';

/**
 * One automated call your fake server received, decoded. Report every field your fake server can see; the kit
 * checks that a setting given to `placeCall` arrived here (or that the provider warned it was not supported).
 */
export interface ConformancePlacedCall {
  /** The number called, in any notation. */
  to: string;
  /** The announcement played, by the provider's id. */
  announcementId?: string;
  /** The sound URL played. */
  soundUrl?: string;
  /** Whether a pressed key is read. */
  gatherKey?: boolean;
  /** The windows the call may be dialled in; a day without a window `null` or left out. */
  windows?: CallWindowsV1;
  /** Your reference, as the call carries it. */
  reference?: string;
}

/** What a voice provider package gives the kit for each test. */
export interface VoiceConformanceSetup {
  /** The voice provider under test, talking to your fake server. */
  provider: VoiceProviderV1;
  /** Credentials the provider uses: none may appear in an error or a logged value, in any encoding. */
  secrets: string[];
  /** Everything the provider's hooks logged during the test. */
  logs: unknown[];
  /**
   * Makes the fake server answer the next request with this failure: `'timeout'` accepts the call and never
   * answers (the kit passes a short `timeoutMs`); `'invalid-number'` refuses the number; `'none'` clears.
   */
  simulate(failure: VoiceConformanceFailure): void;
  /** A number the fake server calls, in any notation. */
  validRecipient: string;
  /** A number the provider refuses (after `simulate('invalid-number')`). */
  invalidRecipient: string;
  /** The calling number (a PBX number of the account). */
  from: string;
  /** An announcement the fake server knows (when `capabilities.announcements`). */
  announcementId?: string;
  /** Who takes a bridged call: an extension, a group or a menu (when `capabilities.bridgeCalls`). */
  bridgeDestination?: string;
  /** The calls your fake server received so far, decoded. */
  placedCalls(): ConformancePlacedCall[];
  /**
   * A call event as the PBX posts it (when `capabilities.callEvents`): the body and its content type. The kit sends
   * it with and without the right HTTP Basic credentials, and sends malformed bodies of its own.
   */
  callEvent?(): { body: string; contentType: string };
  /** The `timeoutMs` the kit passes when it expects a timeout (default 300). */
  timeoutMs?: number;
  /** Stops servers, restores fetch... */
  teardown?(): void | Promise<void>;
}

/** The context of a voice check. */
export type VoiceConformanceContext = ConformanceContext<VoiceConformanceSetup>;

/** The kit's sound URL, for providers that play one. */
export const KIT_SOUND_URL = 'https://audio.example.com/conformance-kit.mp3';

/** The kit's call reference. */
export const KIT_CALL_REFERENCE = 'kit-order-1001';

/**
 * The audio the kit plays: the setup's announcement when the provider plays announcements, else the kit's URL.
 * @param setup - the provider package's setup
 */
export function kitAudio(setup: VoiceConformanceSetup): PlaceCallRequestV1['audio'] {
  return setup.provider.capabilities.announcements && setup.announcementId !== undefined
    ? { announcementId: setup.announcementId }
    : { url: KIT_SOUND_URL };
}

/**
 * Places a call with the provider under test, keeping the number for the leak checks and what the call threw.
 * @param context - the check's context
 * @param request - what differs from the kit's call to `setup.validRecipient`
 * @param options - the call options
 */
export function place(
  context: VoiceConformanceContext,
  request: Partial<PlaceCallRequestV1> = {},
  options?: CallOptionsV1,
): Promise<CallOutcome<PlaceCallResultV1>> {
  const { setup } = context;
  const full: PlaceCallRequestV1 = {
    to: setup.validRecipient,
    from: setup.from,
    audio: kitAudio(setup),
    ...request,
  };
  context.recipients.push(full.to);
  return record(context, setup.provider.placeCall(full, options));
}
