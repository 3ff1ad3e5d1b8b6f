import type { CallOptionsV1, WarningV1 } from '../../sms-provider/v1/sms-provider-v1';

/** The days of the week, for {@link CallWindowsV1}. */
export type WeekdayV1 = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

/** Every {@link WeekdayV1}, Monday first. */
export const WEEKDAYS_V1: readonly WeekdayV1[] = Object.freeze([
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
]);

/** When calls may be placed on one day: `HH:MM` to `HH:MM`, in the provider's local time (Europe/Istanbul). */
export interface CallWindowV1 {
  /** First minute calls may start (`'09:00'`). */
  start: string;
  /** Minute after which no call starts (`'18:00'`). */
  end: string;
}

/** Calling windows per weekday; a day that is missing or `null` has no window (no calls that day). */
export type CallWindowsV1 = Partial<Record<WeekdayV1, CallWindowV1 | null>>;

/** What the callee hears: an announcement stored at the provider, or a sound file the provider fetches. */
export type CallAudioV1 = { announcementId: string } | { url: string };

/** An automated call to one number: play audio, optionally read one pressed key. */
export interface PlaceCallRequestV1 {
  /** The number to call, in any common notation; providers normalise to E.164. */
  to: string;
  /** The calling number: a PBX number (DID) of the account. */
  from: string;
  /** What the callee hears. */
  audio: CallAudioV1;
  /** Read one key the callee presses (default true). */
  gatherKey?: boolean;
  /** Seconds to ring before giving up; the provider's default when omitted. */
  ringTimeoutSeconds?: number;
  /**
   * When the provider may dial. Providers that cannot hold a call for a window say so with
   * `capabilities.callWindows: false`; the caller then waits for the window itself.
   */
  windows?: CallWindowsV1;
  /**
   * Your reference for this call (an outbox id). It travels with the call, comes back in its events, and lets
   * {@link VoiceProviderV1.findCall} find a call whose placing had an unknown outcome.
   */
  reference?: string;
  /** A title for the provider's panel. */
  title?: string;
  /** Provider-specific settings under the provider's id. */
  providerOptions?: Record<string, unknown>;
}

/** The outcome of {@link VoiceProviderV1.placeCall}: the call is queued at the provider. */
export interface PlaceCallResultV1 {
  /** The provider's id of the call, for {@link VoiceProviderV1.getCall}. */
  callId: string;
  /** Settings that were ignored or adjusted. */
  warnings: WarningV1[];
}

/**
 * Where an automated call stands:
 * - `queued`: not dialled yet (waiting for its turn or its window);
 * - `answered`: the callee picked up (see `pressedKey`);
 * - `no-answer`: it rang out, or was rejected;
 * - `busy`: the line was busy;
 * - `failed`: it could not be placed (an invalid number, a provider error).
 */
export type CallOutcomeV1 = 'queued' | 'answered' | 'no-answer' | 'busy' | 'failed';

/** The state of one automated call, read from the provider (never from a webhook's word alone). */
export interface CallStatusV1 {
  /** The provider's id of the call. */
  callId: string;
  /** The number called, in E.164. */
  to: string;
  /** See {@link CallOutcomeV1}. */
  outcome: CallOutcomeV1;
  /** The key the callee pressed (`'1'`), when the call was answered and a key was read. */
  pressedKey?: string;
  /** The id of the telephone call itself (a CDR uuid), once dialled. */
  callUuid?: string;
  /** When the callee picked up, when the provider says. */
  answeredAt?: Date;
  /** Why the call ended, when the provider says (a Q.850 cause name such as `USER_BUSY`). */
  hangupCause?: string;
  /** Your reference, when the provider keeps it. */
  reference?: string;
  /** The provider's record, for fields this shape does not model. */
  raw: unknown;
}

/** Connects a PBX number's extension (or group, or menu) with a customer: click-to-call. */
export interface BridgeCallRequestV1 {
  /** The PBX number (DID) the customer sees. */
  from: string;
  /** The customer's number, in any common notation. */
  to: string;
  /** Who takes the call on the PBX side: an extension, a group or a menu number. */
  destination: string;
  /** Seconds to ring; the provider's default when omitted. */
  ringTimeoutSeconds?: number;
}

/** What a call event says happened. */
export type CallEventTypeV1 =
  | 'call-started'
  | 'call-ended'
  | 'missed-call'
  | 'call-routed'
  | 'fax-received'
  | 'other';

/** One event a PBX pushed to your server, normalised. Treat it as a hint: confirm with the provider's API. */
export interface CallEventV1 {
  /** See {@link CallEventTypeV1}. */
  type: CallEventTypeV1;
  /** The provider's own name of the event (`call_hangup`), for what the type does not tell. */
  eventName: string;
  /** The call's id (a CDR uuid). */
  uuid: string;
  /** `inbound` (a customer called the PBX), `outbound`, `internal`, or `unknown`. */
  direction: 'inbound' | 'outbound' | 'internal' | 'unknown';
  /** The calling number, in E.164 when it could be read. */
  caller: string;
  /** The called number, in E.164 when it could be read. */
  callee: string;
  /** When it happened; the time it was read when the PBX sent none. */
  at: Date;
  /** Whether the call was placed through the API (an automated call). */
  automatic: boolean;
  /** Your reference of an automated call, when the provider echoes it. */
  reference?: string;
  /** Seconds of conversation, on `call-ended`. */
  talkSeconds?: number;
  /** Why the call ended (a Q.850 cause name such as `NORMAL_CLEARING`), on `call-ended`. */
  hangupCause?: string;
  /** The extension, group or menu reached, on `call-routed`. */
  destination?: string;
  /** The pushed body, for fields this shape does not model. */
  raw: unknown;
}

/** What a voice provider can do. Optional methods exist exactly when their flag is true. */
export interface VoiceCapabilitiesV1 {
  /** `getCall` exists. */
  callStatus: boolean;
  /** `findCall` exists: a call can be found again by its reference. */
  findByReference: boolean;
  /** `bridgeCall` exists. */
  bridgeCalls: boolean;
  /** `parseCallEvent` exists. */
  callEvents: boolean;
  /** `audio: { announcementId }` is supported. */
  announcements: boolean;
  /** `audio: { url }` is supported. */
  soundUrls: boolean;
  /** A pressed key can be read. */
  gatherKey: boolean;
  /** `windows` is honoured by the provider. */
  callWindows: boolean;
}

/** Options of {@link VoiceProviderV1.parseCallEvent}. */
export interface ParseCallEventOptionsV1 {
  /**
   * The HTTP Basic credentials the PBX was told to send; a request without them is refused. Compared in constant
   * time; neither value ever appears in an error.
   */
  credentials?: { username: string; password: string };
}

/**
 * The provider-neutral voice contract, version 1: automated calls that play audio and read one key, their
 * outcome, click-to-call, and call events pushed by the PBX. Providers make exactly one attempt per call;
 * placing a call is not idempotent, so an error with `maybeDelivered: true` means the call may have been
 * queued: look it up with `findCall(reference)` before placing it again.
 */
export interface VoiceProviderV1 {
  /** The version of this contract the provider implements. */
  readonly specificationVersion: 'v1';
  /** Short, stable id: `'bulutfon'`, `'sandbox'`... */
  readonly providerId: string;
  /** What the provider can do. */
  readonly capabilities: VoiceCapabilitiesV1;
  /**
   * Queues an automated call. Settings the provider cannot honour come back as `warnings`; audio the provider
   * cannot play (see `capabilities`) is refused with `UnsupportedFunctionalityError` before anything is sent.
   * @throws InvalidPhoneNumberError or InvalidRecipientError for a number that cannot be called (masked)
   * @throws MessagingError (typed, with `maybeDelivered`)
   */
  placeCall(request: PlaceCallRequestV1, options?: CallOptionsV1): Promise<PlaceCallResultV1>;
  /** Reads where a call stands (present when `capabilities.callStatus`). */
  getCall?(callId: string, options?: CallOptionsV1): Promise<CallStatusV1>;
  /** Finds a call by your reference; `undefined` when the provider has none (present when `findByReference`). */
  findCall?(reference: string, options?: CallOptionsV1): Promise<CallStatusV1 | undefined>;
  /** Rings `to` and connects it with `destination` (present when `capabilities.bridgeCalls`). */
  bridgeCall?(request: BridgeCallRequestV1, options?: CallOptionsV1): Promise<void>;
  /**
   * Reads an event the PBX pushed to your server (present when `capabilities.callEvents`).
   * @throws AuthenticationError when `credentials` are configured and the request does not carry them
   * @throws ValidationError for a body that is not a call event
   */
  parseCallEvent?(request: Request, options?: ParseCallEventOptionsV1): Promise<CallEventV1>;
}
