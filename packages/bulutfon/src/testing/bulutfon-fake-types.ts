/** The public types of the fake Bulutfon server (`@x/bulutfon/testing`). */

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
 * A fault to inject with `server.failNext`:
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
  | 'auth'
  | 'insufficient-balance'
  | 'rate-limit'
  | 'server-error'
  | 'timeout'
  | 'invalid-number'
  | 'html-error'
  | 'reset'
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
