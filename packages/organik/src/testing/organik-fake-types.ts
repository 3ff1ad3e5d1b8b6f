import type { FakeServerFault, FakeTransportFault } from '@x/messaging-core';

/** The API key the fake server accepts unless told otherwise (32 hex characters, like a real key). */
export const FAKE_ORGANIK_API_KEY = '0123456789abcdef0123456789abcdef';

/**
 * A fault the fake server can be told to inject ({@link OrganikFakeServer.failNext}). The common ones are
 * {@link FakeServerFault} and {@link FakeTransportFault}, shared with the other fake servers; here:
 * - `'auth'` is error 99 (authorization) in the envelope, `'insufficient-balance'` error 103;
 * - `'rate-limit'` answers HTTP 429 with a `Retry-After` header (seconds, from `retryAfterMs`);
 * - `'server-error'` is HTTP 500 with an HTML page;
 * - `'timeout'` records the send, then holds the answer until the client gives up (its request's signal
 *   aborts, or `listenOrganikFakeServer`'s `close()` cuts the connection);
 * - `'invalid-number'` refuses every number of the request as incorrect (error 110).
 *
 * Organik's own: a documented error code (`103`, `109`…) in the envelope (HTTP 200);
 * `'reset-after-processing'` (processed, then the connection breaks); `'truncated'` (processed, then only the
 * first half of the body); `'malformed'` (a well-formed envelope whose data has the wrong shape);
 * `'captive-portal'` (HTTP 200 with an HTML page).
 */
export type OrganikFakeFault =
  | FakeServerFault
  | FakeTransportFault
  | 'reset-after-processing'
  | 'truncated'
  | 'malformed'
  | 'captive-portal'
  | number;

/** Options of {@link OrganikFakeServer.failNext}. */
export interface OrganikFakeFailOptions {
  /** How many requests fail this way (default 1). */
  times?: number;
  /**
   * Only requests this accepts fail (default: any): `(request) => request.requestName === 'sendsms'`. The request's
   * `data` is already read, so a fault can hit one request of a split send.
   */
  match?: (request: OrganikFakeRequest) => boolean;
  /** `Retry-After` of `'rate-limit'` (default 1 s). */
  retryAfterMs?: number;
}

/** A sender id (başlık) known to the fake server. */
export interface OrganikFakeHeader {
  /** Its id. */
  id: number;
  /** Its name. */
  name: string;
  /** A disabled sender is refused with error 107. */
  disabled?: boolean;
}

/** A contact of a fake group. */
export interface OrganikFakeContact {
  /** The number, digits (`905321234567`). */
  gsm: string;
  /** First name (`#AD#`). */
  name?: string;
  /** Surname (`#SOYAD#`). */
  surname?: string;
  /** `yyyy-MM-dd`. */
  birthday?: string;
  /** Custom fields `#OZEL1#`…`#OZEL5#`. */
  custom?: string[];
}

/** A contact group of the fake server. */
export interface OrganikFakeGroup {
  /** Its id. */
  id: number;
  /** Its name. */
  name: string;
  /** Its contacts. */
  contacts: OrganikFakeContact[];
}

/** An incoming message in the fake inbox. */
export interface OrganikFakeInboxMessage {
  /** The short number. */
  recipient: string;
  /** The text. */
  message: string;
  /** The sender's number. */
  sender: string;
  /** When it arrived (default: now). */
  received?: Date;
  /** The keyword it matched. */
  rootKeyword: string;
  /** The keyword as received. */
  receiveKeyword?: string | null;
}

/** Shape quirks of the real service (or of its documentation) the fake server reproduces. */
export interface OrganikFakeQuirks {
  /** XML send responses carry `<result>` inside `<data>`, as in the documentation's examples. Default true. */
  xmlResultInsideData?: boolean;
  /** XML detailed reports are bare sibling `<item>`s without an envelope, as in the documentation. Default false. */
  xmlUnwrappedDetailedReport?: boolean;
  /** JSON numbers are sent as strings (ids, counts, amounts). Default false. */
  jsonNumbersAsStrings?: boolean;
}

/** Options of {@link createOrganikFakeServer}. */
export interface OrganikFakeServerOptions {
  /** The key to accept (default {@link FAKE_ORGANIK_API_KEY}); or give `username` and `password`. */
  apiKey?: string;
  /** API user name; with `password`, the accepted key is their MD5. */
  username?: string;
  /** API user password. */
  password?: string;
  /** The base URL the msw handlers intercept (default: the client's, `DEFAULT_ORGANIK_BASE_URL`). */
  baseUrl?: string;
  /** Starting credits (default 1000). */
  credit?: number;
  /** Starting TL balance (default 100). */
  tl?: number;
  /** TL charged per part to a foreign number (default 0.25). */
  foreignPartPrice?: number;
  /** Sender ids (default `[{ id: 1, name: 'ORGANIK' }]`). */
  headers?: OrganikFakeHeader[];
  /** Contact groups (default none). */
  groups?: OrganikFakeGroup[];
  /** The clock (default the real one); scheduled sends become due against it. */
  now?: () => Date;
  /** Delay added to every answer, in milliseconds (default 0). */
  latencyMs?: number;
  /** Shape quirks to reproduce. */
  quirks?: OrganikFakeQuirks;
}

/** One request the fake server received. */
export interface OrganikFakeRequest {
  /** The operation. */
  requestName: string;
  /** HTTP method. */
  method: string;
  /** Format of the request body. */
  requestFormat: 'json' | 'xml';
  /** Format of the response. */
  responseFormat: 'json' | 'xml';
  /** The query parameters. */
  query: Record<string, string>;
  /** The request's `data`, as parsed from JSON or XML (XML values are strings). */
  data: unknown;
  /** The raw request body. */
  body: string;
  /** The request headers. */
  headers: Record<string, string>;
}

/** An SMS the fake server accepted, as the other fake servers describe theirs. */
export interface OrganikFakeSentMessage {
  /** The recipient, E.164 (`+905321234567`). */
  to: string;
  /** The text, placeholders filled in. */
  text: string;
  /** The sender (header) as the request gave it. */
  from?: string;
  /** When it is scheduled to go out, for a scheduled send. */
  sendAt?: Date;
  /** The delivery's `track_id`, when it had one. */
  reference?: string;
}

/** One message the fake server accepted (one per number). */
export interface OrganikFakeMessage {
  /** The delivery's id. */
  transactionId: number;
  /** The message's id. */
  gsmTrackId: string;
  /** The delivery's track id (`''` when none). */
  trackId: string;
  /** The number, digits. */
  gsm: string;
  /** The number as sent. */
  requestGsm: string;
  /** The text (placeholders filled in). */
  text: string;
  /** The sender, as given. */
  header: string;
  /** The `message_format` used. */
  messageFormat: number;
  /** Parts. */
  smsCount: number;
  /** Credits charged. */
  creditAmount: number;
  /** TL charged. */
  tlAmount: number;
  /** When it was accepted. */
  createdAt: Date;
  /** When sending starts (the scheduled time, or creation). */
  startAt: Date;
  /** When it reached its final status, if it did. */
  finishedAt: Date | null;
  /** 0 queued, 1 with the operator, 2 delivered, 3 wrong number, 4 timed out. */
  status: number;
  /** Whether the scheduled send was cancelled. */
  cancelled: boolean;
  /** Hours the operator keeps trying. */
  timeoutHours: number;
  /** The `report_url` of the delivery, if any. */
  reportUrl?: string;
}

/** A delivery report the fake server would POST to a `report_url`. */
export interface OrganikFakeCallback {
  /** The `report_url`. */
  url: string;
  /** The JSON body: one detailed-report row. */
  body: string;
}
