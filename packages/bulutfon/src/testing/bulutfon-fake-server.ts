import { delay } from '@x/messaging-core';
import { BULUTFON_FAX_CONTENT_TYPES, decodeBulutfonAttachment } from '../bulutfon-attachment';
import { sha1Hex } from '../bulutfon-sha1';
import {
  cdrIndexOf,
  generateCdr,
  generatedBytes,
  generatedBytesStream,
  type RawCdr,
  toIstanbulIso,
} from './bulutfon-fake-data';

/** Base URL the fake server answers on by default. */
export const FAKE_BASE_URL = 'https://api.bulutfon.test';
/** Master token the fake server accepts by default. */
export const FAKE_MASTER_TOKEN = 'fake-master-token-0123456789abcdef';

/** Options of {@link createBulutfonFakeServer}. */
export interface BulutfonFakeServerOptions {
  /** Origin (and optional path) the server answers on. Default {@link FAKE_BASE_URL}. */
  baseUrl?: string;
  /** Master token accepted as `access_token`. Default {@link FAKE_MASTER_TOKEN}. */
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
}

/** A request the fake server received (credentials included: it is your test's own data). */
export interface BulutfonFakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown> | undefined;
  headers: Record<string, string>;
}

/** A fault to inject into the next matching requests. */
export interface BulutfonFakeFault {
  /** Only requests whose path (without the base path) matches. Default: every request. */
  path?: string | RegExp;
  /** Only requests with this method. */
  method?: string;
  /** How many requests it applies to. Default 1. */
  times?: number;
  /**
   * A canned failure: `rate-limit` (429, `Retry-After` from `retryAfterSeconds`), `server-error` (500 HTML),
   * `malformed` (200 with truncated JSON), `html` (502 HTML page), `empty` (400 with no body),
   * `expired-token` (401 `{"error":"Token expired"}`), `auth` (401), `insufficient-balance` (402-like 400),
   * `invalid-number` (422), `timeout` (never answers until the request is aborted), `reset` (the
   * connection breaks). Omit to use `status`/`body`.
   */
  kind?:
    | 'rate-limit'
    | 'server-error'
    | 'malformed'
    | 'html'
    | 'empty'
    | 'expired-token'
    | 'auth'
    | 'insufficient-balance'
    | 'invalid-number'
    | 'timeout'
    | 'reset';
  /** Status of a custom answer. */
  status?: number;
  /** Body of a custom answer (objects are sent as JSON). */
  body?: string | Record<string, unknown>;
  /** Headers of a custom answer. */
  headers?: Record<string, string>;
  /** Wait this long before answering (the real answer, or the fault's). */
  delayMs?: number;
  /** For `rate-limit`: the `Retry-After` seconds. Omit for no header. */
  retryAfterSeconds?: number;
  /** Let the request through (after `delayMs`) instead of failing it. */
  passThrough?: boolean;
}

interface StoredFile {
  bytes?: Uint8Array;
  size: number;
  contentType: string;
  fileName: string;
}

interface RawExtension {
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

interface RawMessage {
  id: number;
  title: string;
  content: string;
  created_at: string;
  is_planned_sms: boolean;
  send_date: string | null;
  sent_as_single_sms: boolean;
  recipients: { number: string; state: string }[];
}

/** An SMS the fake server delivered (not dropped by the anti-spam rule). */
export interface BulutfonFakeSms {
  messageId: number;
  to: string;
  text: string;
  title: string;
  at: number;
}

/** The fake server's data, exposed for assertions and set-up. Mutate it freely in tests. */
export interface BulutfonFakeState {
  tokens: Map<string, { expiresAt?: number; refreshToken?: string }>;
  refreshTokens: Map<string, { revoked: boolean }>;
  authorizationCodes: Map<string, { redirectUri: string; used: boolean }>;
  dids: Record<string, unknown>[];
  extensions: Map<number, RawExtension>;
  groups: Record<string, unknown>[];
  recordings: Map<string, StoredFile>;
  deletedRecordings: Set<string>;
  incomingFaxes: { uuid: string; sender: number; receiver: number; created_at: string; file: StoredFile }[];
  outgoingFaxes: {
    id: number;
    title: string;
    did: string;
    created_at: string;
    file: StoredFile;
    recipients: { number: string; state: string; hangup_cause: string | null; hangup_state: string | null }[];
  }[];
  announcements: {
    id: number;
    name: string;
    file_name: string;
    is_on_hold_music: boolean;
    created_at: string;
    file: StoredFile;
  }[];
  automaticCalls: Record<string, unknown>[];
  bridgedCalls: { caller: string; callee: string; destination: string; timeout?: number }[];
  messageTitles: { id: number; name: string; state: string }[];
  smsRejections: Map<string, { id: number; number: string; sms_sent_at: string; rejected_at: string }[]>;
  messages: RawMessage[];
  /** SMS actually delivered, in order (dropped spam is not here). */
  deliveredSms: BulutfonFakeSms[];
  /** SMS dropped by the anti-spam rule. */
  droppedSms: BulutfonFakeSms[];
  smsCredits: number;
  balance: string;
}

/** A stateful fake of the Bulutfon API. See {@link createBulutfonFakeServer}. */
export interface BulutfonFakeServer {
  /** The base URL the server answers on. */
  readonly baseUrl: string;
  /** The master token it accepts. */
  readonly token: string;
  /** The data behind the answers. */
  readonly state: BulutfonFakeState;
  /** Every request received, oldest first. */
  readonly requests: BulutfonFakeRequest[];
  /** Answers one web `Request`. */
  handle(request: Request): Promise<Response>;
  /** A `fetch` that answers from this server without any network (pass it as the client's `fetch`). */
  fetch: typeof globalThis.fetch;
  /** Queues a fault for the next matching request(s). */
  inject(fault: BulutfonFakeFault): void;
  /** Removes queued faults. */
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

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const DAY_PREFIX = {
  monday: 'mon',
  tuesday: 'tue',
  wednesday: 'wed',
  thursday: 'thu',
  friday: 'fri',
  saturday: 'sat',
  sunday: 'sun',
};
const PBX_NUMBER = '902122222222';

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

function error(status: number, message: string): Response {
  return json({ error: message }, status);
}

function randomToken(prefix: string, counter: number): string {
  return `${prefix}-${counter.toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

function fileResponse(file: StoredFile, seed: number): Response {
  const body = file.bytes ?? generatedBytesStream(file.size, seed);
  return new Response(body as BodyInit, {
    status: 200,
    headers: {
      'content-type': file.contentType,
      'content-length': String(file.bytes?.length ?? file.size),
      'content-disposition': `attachment; filename="${file.fileName}"`,
    },
  });
}

async function readBody(request: Request): Promise<Record<string, unknown> | undefined> {
  if (request.method === 'GET' || request.method === 'HEAD') return undefined;
  const text = await request.text();
  if (!text) return undefined;
  const contentType = request.headers.get('content-type') ?? '';
  if (contentType.includes('json')) {
    try {
      const value = JSON.parse(text) as unknown;
      return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
    } catch {
      return { __malformed: true };
    }
  }
  const result: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    if (key.endsWith('[]')) {
      const name = key.slice(0, -2);
      result[name] = [...((result[name] as string[] | undefined) ?? []), value];
    } else result[key] = value;
  }
  return result;
}

function field(
  query: Record<string, string>,
  body: Record<string, unknown> | undefined,
  name: string,
): unknown {
  return body?.[name] ?? query[name];
}

function asString(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return String(value);
}

function asBool(value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null || value === '') return fallback;
  return value === true || value === 'true' || value === '1' || value === 1;
}

function splitNumbers(value: unknown): string[] | undefined {
  const text = asString(value);
  if (!text) return undefined;
  const numbers = text.split(',').map((item) => item.trim());
  return numbers.every((number) => /^\d{10,15}$/.test(number)) ? numbers : undefined;
}

/**
 * Creates a stateful fake of the Bulutfon REST API for tests: token checks and expiry, OAuth code and
 * refresh grants, extensions CRUD, paginated CDRs generated from a seed, downloadable recordings and faxes,
 * fax and announcement uploads that validate Bulutfon's attachment format, automatic calls, click-to-call,
 * SMS with the anti-spam rule, and fault injection. Use it through {@link BulutfonFakeServer.fetch}, the msw
 * handlers ({@link createBulutfonMswHandlers}) or a real port ({@link startBulutfonFakeHttpServer}).
 * @param options - see {@link BulutfonFakeServerOptions}
 */
export function createBulutfonFakeServer(options: BulutfonFakeServerOptions = {}): BulutfonFakeServer {
  const baseUrl = (options.baseUrl ?? FAKE_BASE_URL).replace(/\/+$/, '');
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, '');
  const token = options.token ?? FAKE_MASTER_TOKEN;
  const seed = options.seed ?? 1;
  const cdrCount = options.cdrCount ?? 250;
  const recordingSize = options.recordingSize ?? 4096;
  const now = options.now ?? Date.now;
  const accessTokenTtl = options.oauth?.accessTokenTtlSeconds ?? 7200;
  const epoch = now();
  let counter = 0;
  let faults: (BulutfonFakeFault & { remaining: number })[] = [];
  const requests: BulutfonFakeRequest[] = [];
  const smsHistory = new Map<string, { at: number; text: string }[]>();
  const smsBlockedUntil = new Map<string, number>();

  function initialState(): BulutfonFakeState {
    const created = toIstanbulIso(epoch - 86_400_000);
    return {
      tokens: new Map([[token, {}]]),
      refreshTokens: new Map(),
      authorizationCodes: new Map(),
      dids: [
        {
          id: 1,
          number: PBX_NUMBER,
          state: 'CONFIRMED',
          destination_type: 'Auto attendant',
          destination_id: 3,
          destination_number: 10,
          working_hour: true,
        },
        {
          id: 2,
          number: '908502222222',
          state: 'CONFIRMED',
          destination_type: 'Group',
          destination_id: 1,
          destination_number: 601,
          working_hour: false,
        },
      ],
      extensions: new Map(
        [
          {
            id: 11,
            number: 1001,
            registered: true,
            caller_name: 'Ayşe Yılmaz',
            email: 'ayse@example.com',
            did: PBX_NUMBER,
            voice_mail: true,
            redirection_type: 'NONE',
            destination_type: null,
            destination_number: null,
            external_number: null,
            acl: ['domestic', 'gsm'],
          },
          {
            id: 12,
            number: 1002,
            registered: false,
            caller_name: 'Mehmet Demir',
            email: 'mehmet@example.com',
            did: PBX_NUMBER,
            voice_mail: false,
            redirection_type: 'UNREACHABLE',
            destination_type: 'EXTENSION',
            destination_number: 1001,
            external_number: null,
            acl: ['domestic'],
          },
        ].map((extension) => [extension.id, extension]),
      ),
      groups: [
        {
          id: 1,
          number: 601,
          name: 'Satış',
          timeout: 30,
          delay_time: 0,
          ring_duration: 20,
          members: [11, 12],
        },
      ],
      recordings: new Map(),
      deletedRecordings: new Set(),
      incomingFaxes: [
        {
          uuid: '5f6c9a53-8c1e-4a8e-9c35-0f1b5e7e4b11',
          sender: 903122222222,
          receiver: Number(PBX_NUMBER),
          created_at: created,
          file: {
            bytes: generatedBytes(2048, seed + 7),
            size: 2048,
            contentType: 'image/tiff',
            fileName: 'fax.tiff',
          },
        },
      ],
      outgoingFaxes: [],
      announcements: [
        {
          id: 22,
          name: 'Karşılama',
          file_name: '22.wav',
          is_on_hold_music: false,
          created_at: created,
          file: {
            bytes: generatedBytes(1024, seed + 9),
            size: 1024,
            contentType: 'audio/x-wav',
            fileName: '22.wav',
          },
        },
      ],
      automaticCalls: [],
      bridgedCalls: [],
      messageTitles: [
        { id: 1, name: 'TEST', state: 'CONFIRMED' },
        { id: 2, name: 'BEKLEYEN', state: 'DRAFT' },
      ],
      smsRejections: new Map([
        ['TEST', [{ id: 1, number: '905559998877', sms_sent_at: created, rejected_at: created }]],
      ]),
      messages: [],
      deliveredSms: [],
      droppedSms: [],
      smsCredits: 1000,
      balance: '300.06',
    };
  }

  let state = initialState();

  function authorize(
    path: string,
    query: Record<string, string>,
    body: Record<string, unknown> | undefined,
  ): Response | undefined {
    const accessToken = asString(field(query, body, 'access_token'));
    const email = asString(field(query, body, 'email'));
    const password = asString(field(query, body, 'password'));
    if (accessToken) {
      const known = state.tokens.get(accessToken);
      if (known)
        return known.expiresAt !== undefined && known.expiresAt <= now()
          ? error(401, 'Token expired')
          : undefined;
      const recording = /^\/call-records\/([^/]+)(?:\/stream)?$/.exec(path);
      if (recording) {
        for (const [candidate, info] of state.tokens) {
          if (sha1Hex(candidate + decodeURIComponent(recording[1]!)) === accessToken) {
            return info.expiresAt !== undefined && info.expiresAt <= now()
              ? error(401, 'Token expired')
              : undefined;
          }
        }
      }
      return error(401, 'Invalid access token');
    }
    if (email && password) {
      const ok = (options.users ?? []).some((user) => user.email === email && user.password === password);
      return ok ? undefined : error(401, 'Invalid email or password');
    }
    return error(401, 'Unauthorized');
  }

  function issueOAuthTokens(): { accessToken: string; refreshToken: string } {
    counter++;
    const accessToken = randomToken('oauth-access', counter);
    const refreshToken = randomToken('oauth-refresh', counter);
    state.tokens.set(accessToken, { expiresAt: now() + accessTokenTtl * 1000, refreshToken });
    state.refreshTokens.set(refreshToken, { revoked: false });
    return { accessToken, refreshToken };
  }

  function tokenResponse(): Response {
    const issued = issueOAuthTokens();
    return json({
      access_token: issued.accessToken,
      token_type: 'bearer',
      expires_in: accessTokenTtl,
      refresh_token: issued.refreshToken,
      scope: 'cdr call_record',
      created_at: Math.floor(now() / 1000),
    });
  }

  function oauthToken(body: Record<string, unknown> | undefined): Response {
    const oauth = options.oauth;
    if (!oauth) return error(404, 'Not found');
    if (body?.client_id !== oauth.clientId || body?.client_secret !== oauth.clientSecret) {
      return json({ error: 'invalid_client', error_description: 'Client authentication failed' }, 401);
    }
    if (body.grant_type === 'authorization_code') {
      const code = state.authorizationCodes.get(String(body.code ?? ''));
      if (!code || code.used || code.redirectUri !== body.redirect_uri) {
        return json({ error: 'invalid_grant', error_description: 'The authorization code is invalid' }, 400);
      }
      code.used = true;
      return tokenResponse();
    }
    if (body.grant_type === 'refresh_token') {
      const refresh = state.refreshTokens.get(String(body.refresh_token ?? ''));
      if (!refresh || refresh.revoked) {
        return json({ error: 'invalid_grant', error_description: 'The refresh token is invalid' }, 400);
      }
      refresh.revoked = true;
      return tokenResponse();
    }
    return json({ error: 'unsupported_grant_type' }, 400);
  }

  function cdrMatches(cdr: RawCdr, query: Record<string, string>): boolean {
    const list = (value: string | undefined) => value?.split(',').map((item) => item.trim());
    const callers = list(query.caller);
    const callees = list(query.callee);
    const either = list(query.caller_or_callee);
    if (callers && !callers.includes(String(cdr.caller))) return false;
    if (callees && !callees.includes(String(cdr.callee))) return false;
    if (either && !either.includes(String(cdr.caller)) && !either.includes(String(cdr.callee))) return false;
    if (query.missing_call !== undefined && asBool(query.missing_call, false) !== cdr.missing_call)
      return false;
    return true;
  }

  function listCdrs(query: Record<string, string>): Response {
    const page = Math.max(1, Number(query.page ?? 1) || 1);
    const limit = Math.min(1000, Math.max(1, Number(query.limit ?? 100) || 100));
    const windowMs = { hour: 3_600_000, day: 86_400_000, month: 31 * 86_400_000 }[query.time_limit ?? ''];
    const available =
      windowMs === undefined
        ? cdrCount
        : Math.min(cdrCount, Math.floor((now() - (epoch - windowMs)) / 60_000) + 1);
    const descending = /,\s*desc$/i.test(query.order ?? '');
    const filtered =
      query.caller || query.callee || query.caller_or_callee || query.missing_call !== undefined;
    let items: RawCdr[];
    let total: number;
    const at = (position: number) =>
      generateCdr(seed, descending ? available - 1 - position : position, epoch, PBX_NUMBER);
    if (filtered) {
      const all: RawCdr[] = [];
      for (let position = 0; position < available; position++) {
        const cdr = at(position);
        if (cdrMatches(cdr, query)) all.push(cdr);
      }
      total = all.length;
      items = all.slice((page - 1) * limit, page * limit);
    } else {
      total = Math.max(0, available);
      items = [];
      for (let position = (page - 1) * limit; position < Math.min(total, page * limit); position++)
        items.push(at(position));
    }
    const totalPages = Math.max(1, Math.ceil(total / limit));
    const pageUrl = (target: number) => `${baseUrl}/cdrs?page=${target}`;
    return json({
      cdrs: items,
      pagination: {
        page,
        total_count: total,
        total_pages: totalPages,
        limit,
        previous_page: page > 1 ? pageUrl(page - 1) : null,
        next_page: page < totalPages ? pageUrl(page + 1) : null,
      },
    });
  }

  function findCdr(uuid: string): RawCdr | undefined {
    const index = cdrIndexOf(seed, uuid);
    return index === undefined || index >= cdrCount ? undefined : generateCdr(seed, index, epoch, PBX_NUMBER);
  }

  function recording(uuid: string): Response {
    const stored = state.recordings.get(uuid);
    if (stored) return fileResponse(stored, seed);
    const cdr = findCdr(uuid);
    if (cdr?.call_record !== 'YES' || state.deletedRecordings.has(uuid))
      return error(404, 'Call record not found');
    return fileResponse({ size: recordingSize, contentType: 'audio/ogg', fileName: `${uuid}.ogg` }, seed);
  }

  function extensionFrom(body: Record<string, unknown>, existing?: RawExtension): RawExtension | string {
    const merged = { ...existing };
    const fullName = asString(body.full_name) ?? existing?.caller_name;
    const email = asString(body.email) ?? existing?.email;
    const did = asString(body.did) ?? existing?.did;
    const numberText = asString(body.number);
    const number = numberText === undefined ? existing?.number : Number(numberText);
    const redirectionType = asString(body.redirection_type) ?? existing?.redirection_type;
    if (!fullName) return 'full_name is required';
    if (!email?.includes('@')) return 'email is invalid';
    if (!did) return 'did is required';
    if (number === undefined || !/^\d{4}$/.test(String(number))) return 'number must have 4 digits';
    if (!redirectionType || !['NONE', 'UNREACHABLE', 'ALWAYS'].includes(redirectionType))
      return 'redirection_type is invalid';
    for (const other of state.extensions.values()) {
      if (other.number === number && other.id !== existing?.id) return 'number is already taken';
    }
    const destinationType =
      asString(body.destination_type) ??
      (redirectionType === 'NONE' ? undefined : (existing?.destination_type ?? undefined));
    if (redirectionType !== 'NONE') {
      if (
        !destinationType ||
        !['EXTENSION', 'GROUP', 'AUTOATTENDANT', 'EXTERNAL'].includes(destinationType)
      ) {
        return 'destination_type is required when redirecting';
      }
    }
    const acl = body.acl === undefined ? (existing?.acl ?? []) : (body.acl as unknown[]).map(String);
    if (!Array.isArray(acl) || acl.some((item) => !['domestic', 'gsm', 'international'].includes(item)))
      return 'acl is invalid';
    const destinationNumberText = asString(body.destination_number);
    return {
      ...merged,
      id: existing?.id ?? 100 + ++counter,
      number,
      registered: existing?.registered ?? false,
      caller_name: fullName,
      email,
      did,
      voice_mail: asBool(body.voicemail, existing?.voice_mail ?? false),
      redirection_type: redirectionType,
      destination_type: redirectionType === 'NONE' ? null : (destinationType ?? null),
      destination_number:
        destinationNumberText === undefined
          ? (existing?.destination_number ?? null)
          : Number(destinationNumberText),
      external_number: asString(body.external_number) ?? existing?.external_number ?? null,
      acl,
    } as RawExtension;
  }

  function sendMessages(body: Record<string, unknown>): Response {
    const title = asString(body.title);
    const content = asString(body.content);
    const receivers = splitNumbers(body.receivers);
    const known = state.messageTitles.find((item) => item.name === title);
    if (!title || !known) return error(422, 'Title not found');
    if (known.state !== 'CONFIRMED') return error(422, 'Title is not confirmed');
    if (!content) return error(422, 'Content is required');
    if (!receivers) return error(422, 'Receivers are invalid');
    const future = asBool(body.is_future_sms, false);
    const sendDate = asString(body.send_date);
    if (future && (!sendDate || !/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/.test(sendDate))) {
      return error(422, 'send_date must be dd/mm/yyyy HH:MM');
    }
    const segments = Math.max(1, Math.ceil(content.length / 153));
    if (state.smsCredits < segments * receivers.length) return error(422, 'Insufficient SMS credit');
    state.smsCredits -= segments * receivers.length;
    const at = now();
    const id = state.messages.length + 1;
    const recipients = receivers.map((number) => {
      const history = (smsHistory.get(number) ?? []).filter((entry) => entry.at > at - 3_600_000);
      const identical = history.filter((entry) => entry.text === content).length;
      const blocked = (smsBlockedUntil.get(number) ?? 0) > at;
      const record = { messageId: id, to: number, text: content, title, at };
      if (blocked || identical >= 6 || history.length >= 20) {
        smsBlockedUntil.set(number, at + 3_600_000);
        state.droppedSms.push(record);
        return { number, state: 'FAILED' };
      }
      history.push({ at, text: content });
      smsHistory.set(number, history);
      state.deliveredSms.push(record);
      return { number, state: future ? 'WAITING' : 'SENT' };
    });
    state.messages.push({
      id,
      title,
      content,
      created_at: toIstanbulIso(at, true),
      is_planned_sms: future,
      send_date: future ? (sendDate ?? null) : null,
      sent_as_single_sms: asBool(body.is_single_sms, false),
      recipients,
    });
    return json({ message: 'Messages created successfully' }, 201);
  }

  function createAutomaticCall(body: Record<string, unknown>): Response {
    const title = asString(body.title);
    const receivers = splitNumbers(body.receivers);
    const did = asString(body.did);
    if (!title) return error(422, 'title is required');
    if (!receivers) return error(422, 'receivers are invalid');
    if (!did) return error(422, 'did is required');
    const announcementId = asString(body.announcement_id);
    const soundUrl = asString(body.sound_url);
    const xmId = asString(body.bulutfon_xm_id);
    if ([announcementId, soundUrl, xmId].filter(Boolean).length !== 1) {
      return error(422, 'exactly one of announcement_id, sound_url, bulutfon_xm_id is required');
    }
    const announcement = announcementId
      ? state.announcements.find((item) => String(item.id) === announcementId)
      : undefined;
    if (announcementId && !announcement) return error(422, 'announcement not found');
    const timeoutText = asString(body.timeout);
    if (timeoutText !== undefined && !(Number(timeoutText) >= 0 && Number(timeoutText) <= 60)) {
      return error(422, 'timeout must be between 0 and 60');
    }
    const callRange: Record<string, unknown> = {};
    for (const day of DAYS) {
      const prefix = DAY_PREFIX[day];
      const start = asString(body[`${prefix}_start`]) ?? '09:00';
      const finish = asString(body[`${prefix}_finish`]) ?? '18:00';
      if (!/^\d{2}:\d{2}$/.test(start) || !/^\d{2}:\d{2}$/.test(finish))
        return error(422, `${prefix} hours are invalid`);
      callRange[day] = { active: asBool(body[`${prefix}_active`], true), start, finish };
    }
    const id = state.automaticCalls.length + 1;
    state.automaticCalls.push({
      id,
      title,
      did: Number(did),
      announcement: announcement?.name ?? null,
      gather: asBool(body.gather, true),
      created_at: toIstanbulIso(now()),
      sound_url: soundUrl ?? null,
      hours_active: asBool(body.hours_active, false),
      bulutfon_xm_data: asString(body.bulutfon_xm_data) ?? null,
      timeout: timeoutText === undefined ? null : Number(timeoutText),
      call_range: callRange,
      recipients: receivers.map((number) => ({ number, has_called: false, answer: false, gather: null })),
    });
    return json({ message: 'Automatic call created' }, 201);
  }

  async function route(
    request: Request,
    path: string,
    query: Record<string, string>,
    body: Record<string, unknown> | undefined,
  ): Promise<Response> {
    const method = request.method.toUpperCase();
    if (path === '/oauth/token' && method === 'POST') return oauthToken(body);
    if (path === '/oauth/authorize' && method === 'GET') {
      const redirectUri = query.redirect_uri ?? '';
      if (query.client_id !== options.oauth?.clientId) return new Response('Unknown client', { status: 400 });
      const code = fakeServer.issueAuthorizationCode(redirectUri);
      if (redirectUri === 'urn:ietf:wg:oauth:2.0:oob') {
        return new Response(
          `<html><body><h1>Yetkilendirme kodu</h1><code id="code">${code}</code></body></html>`,
          {
            headers: { 'content-type': 'text/html; charset=utf-8' },
          },
        );
      }
      const target = new URL(redirectUri);
      target.searchParams.set('code', code);
      if (query.state) target.searchParams.set('state', query.state);
      return new Response(null, { status: 302, headers: { location: target.toString() } });
    }
    const tokenInfo = /^\/token-info\/([^/]+)$/.exec(path);
    if (tokenInfo && method === 'GET') {
      const info = state.tokens.get(decodeURIComponent(tokenInfo[1]!));
      if (!info) return error(404, 'Token not found');
      const expiresIn =
        info.expiresAt === undefined ? 0 : Math.max(0, Math.round((info.expiresAt - now()) / 1000));
      return json({
        token: decodeURIComponent(tokenInfo[1]!),
        expired: info.expiresAt !== undefined && expiresIn === 0,
        expires_in: expiresIn,
      });
    }

    const denied = authorize(path, query, body);
    if (denied) return denied;
    if (body?.__malformed) return error(400, 'Malformed JSON');

    const binary = /^\/(call-records|incoming-faxes|announcements)\/([^/]+)(\/stream)?$/.exec(path);
    const jsonPath = path.replace(/\.json$/, '');
    if (binary && method === 'GET' && !path.endsWith('.json')) {
      const [, kind, rawId] = binary;
      const id = decodeURIComponent(rawId!);
      if (kind === 'call-records') return recording(id);
      if (kind === 'incoming-faxes') {
        const fax = state.incomingFaxes.find((item) => item.uuid === id);
        return fax ? fileResponse(fax.file, seed) : error(404, 'Fax not found');
      }
      const announcement = state.announcements.find((item) => String(item.id) === id);
      return announcement ? fileResponse(announcement.file, seed) : error(404, 'Announcement not found');
    }

    const smsPath = /^\/(messages|message-titles)(\/|$)/.test(jsonPath);
    if (smsPath && options.smsDiscontinued)
      return new Response('<html><body>Not Found</body></html>', {
        status: 404,
        headers: { 'content-type': 'text/html' },
      });

    const segments = jsonPath.split('/').filter(Boolean).map(decodeURIComponent);
    const [resource, id, sub, subId] = segments;
    switch (
      `${method} ${resource}${id === undefined ? '' : ' :id'}${sub === undefined ? '' : ` ${sub}`}${subId === undefined ? '' : ' :sub'}`
    ) {
      case 'GET me':
        return json({
          user: { email: 'santral@example.com', name: 'Test Kullanıcı', gsm: '905321112233' },
          pbx: {
            name: 'santral',
            url: 'santral.bulutfon.net',
            state: 'CONFIRMED',
            package: 'LARGE',
            customer_type: 'CORPORATE',
          },
          credit: { balance: state.balance, sms_credits: state.smsCredits },
        });
      case 'GET dids':
        return json({ dids: state.dids });
      case 'GET dids :id': {
        const did = state.dids.find((item) => String(item.id) === id);
        if (!did) return error(404, 'Did not found');
        const workingHours = Object.fromEntries(
          DAYS.map((day, index) => [day, { open: index < 5, shift_start: '08:30', shift_finish: '18:30' }]),
        );
        return json({ did: { ...did, working_hours: workingHours } });
      }
      case 'GET extensions':
        return json({
          extensions: [...state.extensions.values()].map(
            ({ id: extensionId, number, registered, caller_name, email }) => ({
              id: extensionId,
              number,
              registered,
              caller_name,
              email,
            }),
          ),
        });
      case 'GET extensions :id': {
        const extension = state.extensions.get(Number(id));
        return extension ? json({ extension }) : error(404, 'Extension not found');
      }
      case 'POST extensions': {
        const created = extensionFrom(body ?? {});
        if (typeof created === 'string') return error(422, created);
        state.extensions.set(created.id, created);
        return json({ extension: created }, 201);
      }
      case 'PUT extensions :id': {
        const existing = state.extensions.get(Number(id));
        if (!existing) return error(404, 'Extension not found');
        const updated = extensionFrom(body ?? {}, existing);
        if (typeof updated === 'string') return error(422, updated);
        state.extensions.set(existing.id, updated);
        return json({ extension: updated });
      }
      case 'DELETE extensions :id':
        return state.extensions.delete(Number(id))
          ? json({ message: 'Dahili silindi.' })
          : error(404, 'Extension not found');
      case 'GET groups':
        return json({ groups: state.groups.map(({ members: _members, ...group }) => group) });
      case 'GET groups :id': {
        const group = state.groups.find((item) => String(item.id) === id);
        if (!group) return error(404, 'Group not found');
        const { members, delay_time: _delay, ring_duration: _ring, ...rest } = group;
        const extensions = (members as number[])
          .map((member) => state.extensions.get(member))
          .filter((item): item is RawExtension => item !== undefined)
          .map((item) => ({
            id: item.id,
            number: item.number,
            caller_name: item.caller_name,
            email: item.email,
          }));
        return json({ group: { ...rest, extensions } });
      }
      case 'GET cdrs':
        return listCdrs(query);
      case 'GET cdrs :id': {
        const cdr = findCdr(id!);
        if (!cdr) return error(404, 'Cdr not found');
        return json({
          cdr: {
            ...cdr,
            call_flow: [
              {
                callee: cdr.direction === 'IN' ? '1001' : String(cdr.callee),
                start_time: cdr.call_time,
                answer_time: cdr.answer_time,
                hangup_time: cdr.hangup_time,
                redirection: cdr.direction === 'IN' ? 'CONNECTING_TO_EXTENSION' : 'OTHER',
                origination: [
                  {
                    destination: '1001',
                    start_time: cdr.call_time,
                    answer_time: cdr.answer_time,
                    hangup_time: cdr.hangup_time,
                    result: cdr.answer_time ? 'ANSWERED' : 'LOSE_RACE',
                  },
                ],
              },
            ],
          },
        });
      }
      case 'GET incoming-faxes':
        return json({ incoming_faxes: state.incomingFaxes.map(({ file: _file, ...fax }) => fax) });
      case 'GET outgoing-faxes':
        return json({
          faxes: state.outgoingFaxes.map(({ id: faxId, title, did, created_at, recipients }) => ({
            id: faxId,
            title,
            did: Number(did),
            recipient_count: recipients.length,
            created_at,
          })),
        });
      case 'GET outgoing-faxes :id': {
        const fax = state.outgoingFaxes.find((item) => String(item.id) === id);
        if (!fax) return error(404, 'Fax not found');
        const { file: _file, ...rest } = fax;
        return json({ fax: { ...rest, did: Number(fax.did), recipient_count: fax.recipients.length } });
      }
      case 'POST outgoing-faxes': {
        const title = asString(body?.title);
        const receivers = splitNumbers(body?.receivers);
        const did = asString(body?.did);
        const attachment = decodeBulutfonAttachment(String(body?.attachment ?? ''));
        if (!title) return error(422, 'title is required');
        if (!receivers) return error(422, 'receivers are invalid');
        if (!did || !state.dids.some((item) => item.number === did)) return error(422, 'did is invalid');
        if (!attachment) return error(422, 'attachment is invalid');
        if (!BULUTFON_FAX_CONTENT_TYPES.includes(attachment.contentType))
          return error(422, 'attachment type is not supported');
        state.outgoingFaxes.push({
          id: state.outgoingFaxes.length + 1,
          title,
          did,
          created_at: toIstanbulIso(now()),
          file: {
            bytes: attachment.bytes,
            size: attachment.bytes.length,
            contentType: attachment.contentType,
            fileName: attachment.fileName,
          },
          recipients: receivers.map((number) => ({
            number,
            state: 'WAITING',
            hangup_cause: null,
            hangup_state: null,
          })),
        });
        return json({ message: 'Faks gönderimi başlatıldı.' }, 201);
      }
      case 'GET announcements':
        return json({ announcements: state.announcements.map(({ file: _file, ...item }) => item) });
      case 'POST announcements': {
        const name = asString(body?.name);
        const attachment = decodeBulutfonAttachment(String(body?.announcement ?? ''));
        if (!name) return error(422, 'name is required');
        if (!attachment) return error(422, 'announcement is invalid');
        if (!attachment.contentType.startsWith('audio/'))
          return error(422, 'announcement must be a sound file');
        const announcementId = 100 + ++counter;
        state.announcements.push({
          id: announcementId,
          name,
          file_name: `${announcementId}.wav`,
          is_on_hold_music: false,
          created_at: toIstanbulIso(now()),
          file: {
            bytes: attachment.bytes,
            size: attachment.bytes.length,
            contentType: attachment.contentType,
            fileName: attachment.fileName,
          },
        });
        return json({ message: 'Anons yüklendi.', announcement: { id: announcementId, name } }, 201);
      }
      case 'DELETE announcements :id': {
        const index = state.announcements.findIndex((item) => String(item.id) === id);
        if (index < 0) return error(404, 'Announcement not found');
        state.announcements.splice(index, 1);
        return json({ message: 'Anons silindi.' });
      }
      case 'GET automatic-calls':
        return json({
          automatic_calls: state.automaticCalls.map(
            ({ id: callId, title, did, announcement, gather, created_at }) => ({
              id: callId,
              title,
              did,
              announcement,
              gather,
              created_at,
            }),
          ),
        });
      case 'GET automatic-calls :id': {
        const call = state.automaticCalls.find((item) => String(item.id) === id);
        return call ? json({ automatic_call: call }) : error(404, 'Automatic call not found');
      }
      case 'POST automatic-calls':
        return createAutomaticCall(body ?? {});
      case 'POST call_and_bridge': {
        const caller = asString(field(query, body, 'caller'));
        const callee = asString(field(query, body, 'callee'));
        const destination = asString(field(query, body, 'destination'));
        const timeout = asString(field(query, body, 'timeout'));
        if (!caller || !state.dids.some((item) => item.number === caller))
          return error(422, 'caller must be a number of the PBX');
        if (!callee || !/^\d{10,15}$/.test(callee)) return error(422, 'callee is invalid');
        if (!destination || !/^\d{2,4}$/.test(destination)) return error(422, 'destination is invalid');
        state.bridgedCalls.push({
          caller,
          callee,
          destination,
          timeout: timeout === undefined ? undefined : Number(timeout),
        });
        return json({ success: true, message: 'Arama başarıyla başlatıldı.' });
      }
      case 'GET message-titles':
        return json({ message_titles: state.messageTitles });
      case 'GET message-titles :id sms-rejections': {
        const title = state.messageTitles.find((item) => item.name === id || String(item.id) === id);
        if (!title) return error(404, 'Title not found');
        return json({ sms_rejections: state.smsRejections.get(title.name) ?? [] });
      }
      case 'DELETE message-titles :id sms-rejections :sub': {
        const title = state.messageTitles.find((item) => item.name === id || String(item.id) === id);
        if (!title) return error(404, 'Title not found');
        const list = state.smsRejections.get(title.name) ?? [];
        const index = list.findIndex((item) => item.number === subId);
        if (index < 0) return error(404, 'Number is not in the list');
        list.splice(index, 1);
        return json({ message: 'Numara kara listeden kaldırıldı.' });
      }
      case 'GET messages': {
        const limit = Math.max(1, Number(query.limit ?? 20) || 20);
        const page = Math.max(1, Number(query.page ?? 1) || 1);
        const newestFirst = [...state.messages].reverse();
        const totalPages = Math.max(1, Math.ceil(newestFirst.length / limit));
        const link = (target: number) =>
          `/messages?access_token=${query.access_token ?? ''}&limit=${limit}&page=${target}`;
        return json({
          messages: newestFirst
            .slice((page - 1) * limit, page * limit)
            .map(({ recipients, is_planned_sms: _p, send_date: _s, ...message }) => ({
              ...message,
              recipients: recipients.map((item) => item.number).join(','),
            })),
          paginate: {
            total_pages: totalPages,
            previous_page: page > 1 ? link(page - 1) : null,
            next_page: page < totalPages ? link(page + 1) : null,
          },
        });
      }
      case 'GET messages :id': {
        const message = state.messages.find((item) => String(item.id) === id);
        if (!message) return error(404, 'Message not found');
        const { sent_as_single_sms: _single, ...rest } = message;
        return json({ message: rest });
      }
      case 'POST messages':
        return sendMessages(body ?? {});
      default:
        return error(404, 'Not found');
    }
  }

  function takeFault(method: string, path: string): BulutfonFakeFault | undefined {
    const index = faults.findIndex(
      (fault) =>
        (fault.method === undefined || fault.method.toUpperCase() === method) &&
        (fault.path === undefined ||
          (typeof fault.path === 'string' ? path === fault.path : fault.path.test(path))),
    );
    if (index < 0) return undefined;
    const fault = faults[index]!;
    fault.remaining--;
    if (fault.remaining <= 0) faults.splice(index, 1);
    return fault;
  }

  function faultResponse(fault: BulutfonFakeFault, signal: AbortSignal): Promise<Response> | Response {
    switch (fault.kind) {
      case 'rate-limit':
        return json(
          { error: 'Too Many Requests' },
          429,
          fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) },
        );
      case 'server-error':
        return new Response('<html><body><h1>500 Internal Server Error</h1></body></html>', {
          status: 500,
          headers: { 'content-type': 'text/html' },
        });
      case 'html':
        return new Response('<html><body><h1>502 Bad Gateway</h1>nginx</body></html>', {
          status: 502,
          headers: { 'content-type': 'text/html' },
        });
      case 'malformed':
        return new Response('{"cdrs":[{"uuid":"abc", "direction":', {
          status: 200,
          headers: { 'content-type': 'application/json' },
        });
      case 'empty':
        return new Response(null, { status: 400 });
      case 'expired-token':
        return error(401, 'Token expired');
      case 'auth':
        return error(401, 'Invalid access token');
      case 'insufficient-balance':
        return error(422, 'Insufficient SMS credit');
      case 'invalid-number':
        return error(422, 'Receivers are invalid');
      case 'timeout':
        return new Promise<Response>((_, reject) => {
          if (signal.aborted) reject(signal.reason);
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        });
      case 'reset':
        return Promise.reject(
          Object.assign(new TypeError('fetch failed'), {
            cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
          }),
        );
      default: {
        const body =
          fault.body === undefined
            ? null
            : typeof fault.body === 'string'
              ? fault.body
              : JSON.stringify(fault.body);
        return new Response(body, {
          status: fault.status ?? 500,
          headers: {
            ...(typeof fault.body === 'object' ? { 'content-type': 'application/json' } : {}),
            ...fault.headers,
          },
        });
      }
    }
  }

  const fakeServer: BulutfonFakeServer = {
    baseUrl,
    token,
    get state() {
      return state;
    },
    requests,
    async handle(request) {
      const url = new URL(request.url);
      const path = url.pathname.startsWith(basePath)
        ? url.pathname.slice(basePath.length) || '/'
        : url.pathname;
      const query = Object.fromEntries(url.searchParams);
      const body = await readBody(request);
      requests.push({
        method: request.method.toUpperCase(),
        path,
        query,
        body,
        headers: Object.fromEntries(request.headers),
      });
      const fault = takeFault(request.method.toUpperCase(), path);
      if (fault?.delayMs) await delay(fault.delayMs, request.signal);
      if (fault && !fault.passThrough) return faultResponse(fault, request.signal);
      return route(request, path, query, body);
    },
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request && init === undefined ? input : new Request(input, init);
      return fakeServer.handle(request);
    }) as typeof globalThis.fetch,
    inject(fault) {
      faults.push({ ...fault, remaining: fault.times ?? 1 });
    },
    clearFaults() {
      faults = [];
    },
    expireTokens() {
      const at = now();
      for (const info of state.tokens.values()) info.expiresAt = at;
    },
    issueAuthorizationCode(redirectUri) {
      const code = randomToken('code', ++counter);
      state.authorizationCodes.set(code, { redirectUri, used: false });
      return code;
    },
    issueOAuthTokens,
    setRecording(uuid, file) {
      const size = file.bytes?.length ?? file.size ?? recordingSize;
      state.recordings.set(uuid, {
        bytes: file.bytes,
        size,
        contentType: file.contentType ?? 'audio/ogg',
        fileName: `${uuid}.ogg`,
      });
    },
    reset() {
      state = initialState();
      requests.length = 0;
      faults = [];
      smsHistory.clear();
      smsBlockedUntil.clear();
    },
  };
  return fakeServer;
}
