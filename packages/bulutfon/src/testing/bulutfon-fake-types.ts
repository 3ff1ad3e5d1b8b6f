/** The public types of the fake Bulutfon server (`@x/bulutfon/testing`). */

import type { FakeServerFault, FakeTransportFault } from '@x/messaging-core';

/** Options of `createBulutfonFakeServer`. */
export interface BulutfonFakeServerOptions {
  /**
   * Origin (and optional path) the server answers on. Default: the client's default,
   * `https://api.bulutfon.com`, so a client on default settings reaches the fake through msw.
   */
  baseUrl?: string;
  /** Master token accepted as `access_token`. Default: a fixed test token (`server.token`). */
  token?: string;
  /** Email + password pairs accepted instead of a token. */
  users?: { email: string; password: string }[];
  /** OAuth 2 application the token endpoint (`/oauth/token`) serves. */
  oauth?: { clientId: string; clientSecret: string; accessTokenTtlSeconds?: number };
  /** Seed of the generated data (CDRs, recordings). Default 1. */
  seed?: number;
  /** How many CDRs `/cdrs` serves. Default 250. */
  cdrCount?: number;
  /** Size of generated call recordings in bytes. Default 4096. */
  recordingSize?: number;
  /** The clock, in ms since the epoch. Default `Date.now`. */
  now?: () => number;
  /** Answer the SMS endpoints with 404, as the real v1 API does since 2021. Default false. */
  smsDiscontinued?: boolean;
  /** Keep every request in `server.requests` (default true; a long benchmark turns it off). */
  recordRequests?: boolean;
  /** How automatic calls are dialled and where their webhooks go. */
  calls?: BulutfonFakeCallOptions;
}

/**
 * What one automatic call to a number does: `press-1` (answered, key 1 pressed; any key 0–9, `*` or `#`),
 * `answered` (answered, no key pressed), `no-answer` (rings out) or `busy`.
 */
export type BulutfonFakeCallOutcome = `press-${string}` | 'answered' | 'no-answer' | 'busy';

/** Options of the fake's automatic calls (`calls` of `createBulutfonFakeServer`). */
export interface BulutfonFakeCallOptions {
  /**
   * What calls to each number do, in order (the last one repeats), by number in any notation. Numbers without a
   * script answer and press 1. `server.scriptCalls()` adds scripts later.
   */
  outcomes?: Record<string, BulutfonFakeCallOutcome | BulutfonFakeCallOutcome[]>;
  /** The webhook URL set in Bulutfon's panel: call events are posted there. Without it, none are. */
  webhookUrl?: string;
  /** The HTTP Basic credentials set in the panel for the webhook. */
  webhookCredentials?: { username: string; password: string };
  /** How events are posted: `json` (default) or `form` (`application/x-www-form-urlencoded`). */
  webhookFormat?: 'json' | 'form';
  /** Wait before each webhook is posted, in ms (default 0). */
  webhookDelayMs?: number;
  /** How long each call takes, in ms (default 0); calls are dialled one after another. */
  callDurationMs?: number;
  /** Dial queued calls as soon as they are placed (default true); `false`: only on `server.dialCalls()`. */
  autoDial?: boolean;
  /** The `fetch` the webhooks are posted with (default `globalThis.fetch`). */
  webhookFetch?: typeof globalThis.fetch;
}

/** An automatic call the fake received, one per receiver of a campaign. */
export interface BulutfonFakePlacedCall {
  /** The campaign's id (`GET /automatic-calls/{id}`): the voice provider's `callId`. */
  callId: string;
  /** The number called, in E.164. */
  to: string;
  /** The calling PBX number, in E.164. */
  from: string;
  /** The campaign's title. */
  title: string;
  /** The announcement played, by id. */
  announcementId?: string;
  /** The sound URL played. */
  soundUrl?: string;
  /** Whether a pressed key is read. */
  gather: boolean;
  /** Ring time in seconds, when given. */
  timeout?: number;
  /** The per-day windows, when the campaign honours them (`hours_active`); a day without a window is `null`. */
  windows?: Partial<Record<string, { start: string; end: string } | null>>;
  /** `queued` until dialled, then what the call did. */
  status: 'queued' | 'answered' | 'no-answer' | 'busy';
  /** The key pressed, on `answered`. */
  pressedKey?: string;
  /** The call's uuid (its CDR and webhooks), once dialled. */
  uuid?: string;
  /** When it was placed, and when dialled (ms since the epoch). */
  at: number;
  dialledAt?: number;
}

/** A webhook the fake posted. */
export interface BulutfonFakeWebhookDelivery {
  /** `call_init`, `call_hangup`, `missing_call`. */
  eventType: string;
  /** The call's uuid. */
  uuid: string;
  /** The fields posted. */
  body: Record<string, unknown>;
  /** The HTTP status your server answered, or the error's message when the post failed. */
  status?: number;
  error?: string;
}

/** A call a customer makes to the PBX, for `server.receiveCall()`. */
export interface BulutfonFakeIncomingCall {
  /** The customer's number, in any notation. */
  from: string;
  /** The PBX number called (default the fake's first number). */
  to?: string;
  /** Whether someone answered (default false: a missed call). */
  answered?: boolean;
  /** Seconds of talk, when answered (default 30). */
  talkSeconds?: number;
}

/** A request the fake server received (credentials included: it is your test's own data). */
export interface BulutfonFakeRequest {
  method: string;
  /** The path below the base URL (`/messages`). */
  path: string;
  query: Record<string, string>;
  /** The JSON or form body, decoded. */
  body: Record<string, unknown> | undefined;
  headers: Record<string, string>;
}

/** An answer of your own to inject instead of a named fault. */
export interface BulutfonFakeAnswer {
  status: number;
  /** Objects are sent as JSON. */
  body?: string | Record<string, unknown>;
  headers?: Record<string, string>;
}

/**
 * A fault to inject with `server.failNext`: the shared {@link FakeServerFault}s and {@link FakeTransportFault}s,
 * and Bulutfon's own:
 * - `auth` (401), `expired-token` (401 `{"error":"Token expired"}`), `insufficient-balance` (422 credit
 *   refusal), `invalid-number` (422 receivers refusal), `rate-limit` (429, `Retry-After` from
 *   `retryAfterSeconds`);
 * - `server-error` (500 HTML page), `html-error` (502 proxy page), `empty` (400 without a body), `malformed`
 *   (200 with cut-off JSON);
 * - `timeout`: the request is handled (an SMS is sent) and the answer never comes, until the request is
 *   aborted; `reset`: the connection breaks before anything is handled (`fetch` rejects, msw and the real port
 *   break the connection);
 * - `slow`: the normal answer, after `delayMs`;
 * - a {@link BulutfonFakeAnswer} of your own.
 */
export type BulutfonFakeFault =
  | FakeServerFault
  | FakeTransportFault
  | 'expired-token'
  | 'malformed'
  | 'empty'
  | 'slow'
  | BulutfonFakeAnswer;

/** Options of `server.failNext`. */
export interface BulutfonFakeFaultOptions {
  /** How many matching requests get the fault (default 1). */
  times?: number;
  /**
   * Which requests get it (default: the next ones, whatever they are). A send split into several requests can
   * fail at one recipient: `{ match: (request) => request.body?.receivers === '905300000002' }`.
   */
  match?(request: BulutfonFakeRequest): boolean;
  /** Wait this long before answering (the fault's answer, or the normal one for `slow`). */
  delayMs?: number;
  /** For `rate-limit`: the `Retry-After` seconds. Omit for no header. */
  retryAfterSeconds?: number;
}

/** An SMS the fake server accepted. */
export interface BulutfonFakeSms {
  /** The recipient, in E.164 (`+905321234567`). */
  to: string;
  text: string;
  /** The message title it was sent with. */
  from?: string;
  /** When it is scheduled for, for a scheduled send. */
  sendAt?: Date;
  /** The id of the message in `GET /messages`. */
  messageId: number;
  /** When the fake accepted it (ms since the epoch). */
  at: number;
}

/** A file the fake serves. */
export interface BulutfonFakeFile {
  /** The bytes; generated from the seed when left out. */
  bytes?: Uint8Array;
  size: number;
  contentType: string;
  fileName: string;
}

/** An extension as the API sends it. */
export interface BulutfonFakeExtension {
  id: number;
  number: number;
  registered: boolean;
  caller_name: string;
  email: string;
  did: string;
  voice_mail: boolean;
  redirection_type: string;
  destination_type: string | null;
  destination_number: number | null;
  external_number: string | null;
  acl: string[];
}

/** A number on a title's opt-out list, as `GET /message-titles/{title}/sms-rejections` sends it. */
export interface BulutfonFakeOptOut {
  id: number;
  number: string;
  sms_sent_at: string;
  rejected_at: string;
}

/** An SMS as `GET /messages/{id}` sends it. */
export interface BulutfonFakeMessage {
  id: number;
  title: string;
  content: string;
  created_at: string;
  is_planned_sms: boolean;
  send_date: string | null;
  sent_as_single_sms: boolean;
  recipients: { number: string; state: string }[];
}

/** The fake server's data, exposed for assertions and set-up. Mutate it freely in tests. */
export interface BulutfonFakeState {
  tokens: Map<string, { expiresAt?: number; refreshToken?: string }>;
  refreshTokens: Map<string, { revoked: boolean }>;
  authorizationCodes: Map<string, { redirectUri: string; used: boolean }>;
  dids: Record<string, unknown>[];
  extensions: Map<number, BulutfonFakeExtension>;
  groups: Record<string, unknown>[];
  recordings: Map<string, BulutfonFakeFile>;
  deletedRecordings: Set<string>;
  incomingFaxes: {
    uuid: string;
    sender: number;
    receiver: number;
    created_at: string;
    file: BulutfonFakeFile;
  }[];
  outgoingFaxes: {
    id: number;
    title: string;
    did: string;
    created_at: string;
    file: BulutfonFakeFile;
    recipients: { number: string; state: string; hangup_cause: string | null; hangup_state: string | null }[];
  }[];
  announcements: {
    id: number;
    name: string;
    file_name: string;
    is_on_hold_music: boolean;
    created_at: string;
    file: BulutfonFakeFile;
  }[];
  automaticCalls: Record<string, unknown>[];
  /** Every receiver of every automatic call, oldest first. */
  placedCalls: BulutfonFakePlacedCall[];
  /** What the next calls to a number (international digits) do. */
  callScripts: Map<string, BulutfonFakeCallOutcome[]>;
  /** The CDRs of the calls the fake made or received, by uuid. */
  callCdrs: Map<string, Record<string, unknown>>;
  /** The webhooks posted, oldest first. */
  webhookDeliveries: BulutfonFakeWebhookDelivery[];
  bridgedCalls: { caller: string; callee: string; destination: string; timeout?: number }[];
  messageTitles: { id: number; name: string; state: string }[];
  /** The opt-out lists, by title name. */
  smsRejections: Map<string, BulutfonFakeOptOut[]>;
  messages: BulutfonFakeMessage[];
  /** The SMS accepted, in order, one per recipient (the anti-spam rule's drops are not here). */
  sentMessages: BulutfonFakeSms[];
  /** The SMS dropped by the anti-spam rule (more than 6 identical or 20 different per number per hour). */
  droppedMessages: BulutfonFakeSms[];
  /** What the anti-spam rule remembers per number (international digits). */
  smsHistory: Map<string, { at: number; text: string }[]>;
  /** Numbers the anti-spam rule blocks, until when (ms since the epoch). */
  smsBlockedUntil: Map<string, number>;
  smsCredits: number;
  balance: string;
}

/** A stateful fake of the Bulutfon API. See `createBulutfonFakeServer`. */
export interface BulutfonFakeServer {
  /** The base URL the server answers on. */
  readonly baseUrl: string;
  /** The master token it accepts. */
  readonly token: string;
  /** The data behind the answers. */
  readonly state: BulutfonFakeState;
  /** The SMS the fake accepted, in order, one per recipient. */
  readonly sentMessages: readonly BulutfonFakeSms[];
  /** The automatic calls placed, in order, one per receiver, with what each did once dialled. */
  readonly placedCalls: readonly BulutfonFakePlacedCall[];
  /** The call webhooks posted, in order. */
  readonly webhookDeliveries: readonly BulutfonFakeWebhookDelivery[];
  /**
   * What the next calls to `number` (any notation) do, in order; the last one repeats.
   * @example fake.scriptCalls('0532 123 45 67', 'no-answer', 'busy', 'press-2');
   */
  scriptCalls(number: string, ...outcomes: BulutfonFakeCallOutcome[]): void;
  /**
   * Dials every queued call whose window is open now, one after another as Bulutfon does, posting their webhooks;
   * resolves when they are done (calls already being dialled included).
   */
  dialCalls(): Promise<void>;
  /** A customer calls the PBX: its webhooks are posted (`missing_call` when unanswered). Resolves with the uuid. */
  receiveCall(call: BulutfonFakeIncomingCall): Promise<string>;
  /** Every request received, oldest first. */
  readonly requests: readonly BulutfonFakeRequest[];
  /** Answers one web `Request`; `Response.error()` when a broken connection (`reset`) was injected. */
  handle(request: Request): Promise<Response>;
  /** A `fetch` that answers from this server without any network (pass it as the client's `fetch`). */
  fetch: typeof globalThis.fetch;
  /** Makes the next matching request(s) fail with `fault`. */
  failNext(fault: BulutfonFakeFault, options?: BulutfonFakeFaultOptions): void;
  /** Removes the faults not used yet. */
  clearFaults(): void;
  /** Expires every access token (OAuth and master) now. */
  expireTokens(): void;
  /** Issues an OAuth authorization code, as the consent screen would. */
  issueAuthorizationCode(redirectUri: string): string;
  /** Issues an OAuth access + refresh token pair directly. */
  issueOAuthTokens(): { accessToken: string; refreshToken: string };
  /** Sets a recording for a CDR (otherwise generated for CDRs with `call_record: YES`). */
  setRecording(uuid: string, file: { bytes?: Uint8Array; size?: number; contentType?: string }): void;
  /** Restores the initial data and forgets requests and faults. */
  reset(): void;
}
