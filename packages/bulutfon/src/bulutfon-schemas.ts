import * as z from 'zod/mini';
import type { BulutfonHangupCause, BulutfonHangupState } from './bulutfon-cdr-response';
import {
  date,
  flag,
  integer,
  itemIn,
  link,
  listIn,
  optionalNumber,
  optionalText,
  readFlag,
  record,
  text,
} from './bulutfon-response-fields';

/**
 * Zod schemas of Bulutfon's JSON answers (CDRs apart: `bulutfon-cdr-response.ts`), and the camelCase types they
 * produce. Each schema accepts the variations the API and its history show (numbers as strings or numbers,
 * optional fields, alternative keys). Response schemas are lenient; request schemas
 * (`bulutfon-request-options.ts`) are strict.
 */

/** An open string union: the known values autocomplete, any other string is accepted. */
export type OpenString<Known extends string> = Known | (string & {});

/** A day of the week, as Bulutfon names it. */
export type BulutfonWeekday =
  | 'monday'
  | 'tuesday'
  | 'wednesday'
  | 'thursday'
  | 'friday'
  | 'saturday'
  | 'sunday';

// ---------------------------------------------------------------- me

/** State of the PBX account. */
export type BulutfonPbxState = OpenString<
  'DRAFT' | 'RECANTED' | 'CONFIRMED' | 'CANCEL' | 'SUSPENDED' | 'PRETERMINATED' | 'TERMINATED'
>;

/** The account behind the credentials (`GET /me`). */
export interface BulutfonMe {
  user: { email?: string; name?: string; gsm?: string };
  pbx: {
    name?: string;
    url?: string;
    state?: BulutfonPbxState;
    /** SMALL, MIDDLE, COMMERCIAL, ENTERPRISE, "APSIYON SITE", ... */
    package?: string;
    customerType?: OpenString<'INVIDUAL' | 'CORPORATE'>;
  };
  /** `balance` in TL (sent as a decimal string, parsed); SMS credits (`sms_credits` or `sms_credit`). */
  credit: { balance?: number; smsCredits?: number };
}

/** `GET /me`. Any of its three parts may be left out, but not all: an answer without any is not an account. */
export const meResponseSchema = z.pipe(
  z.object({
    user: z.nullish(z.object({ email: optionalText, name: optionalText, gsm: optionalText })),
    pbx: z.nullish(
      z.object({
        name: optionalText,
        url: optionalText,
        state: optionalText,
        package: optionalText,
        customer_type: optionalText,
      }),
    ),
    credit: z.nullish(
      z.object({ balance: optionalNumber, sms_credits: optionalNumber, sms_credit: optionalNumber }),
    ),
  }),
  z.transform(({ user, pbx, credit }, payload): BulutfonMe => {
    if (!user && !pbx && !credit) {
      for (const key of ['user', 'pbx', 'credit']) {
        payload.issues.push({ code: 'custom', path: [key], message: `${key} is missing`, input: undefined });
      }
    }
    return {
      user: { email: user?.email, name: user?.name, gsm: user?.gsm },
      pbx: {
        name: pbx?.name,
        url: pbx?.url,
        state: pbx?.state,
        package: pbx?.package,
        customerType: pbx?.customer_type,
      },
      credit: { balance: credit?.balance, smsCredits: credit?.sms_credits ?? credit?.sms_credit },
    };
  }),
);

// ---------------------------------------------------------------- dids

/** State of a PBX number. */
export type BulutfonDidState = OpenString<
  | 'DRAFT'
  | 'IN-PROGRESS'
  | 'CONFIRMED'
  | 'CANCELED'
  | 'TERMINATED'
  | 'NTS-DRAFT'
  | 'NTS-IN-PROGRESS'
  | 'NTS-CANCEL'
>;

/** A PBX phone number. */
export interface BulutfonDid {
  id: number;
  /** International digits (`902122222222`). */
  number: string;
  state?: BulutfonDidState;
  destinationType?: OpenString<'Auto attendant' | 'Group' | 'Extension'>;
  destinationId?: number;
  destinationNumber?: number;
  workingHour: boolean;
}

/** Opening hours of one day. */
export interface BulutfonWorkingDay {
  open: boolean;
  shiftStart?: string;
  shiftFinish?: string;
  lunchBreakStart?: string;
  lunchBreakFinish?: string;
}

/** A PBX number with its opening hours. */
export interface BulutfonDidDetail extends BulutfonDid {
  workingHours: Partial<Record<BulutfonWeekday, BulutfonWorkingDay>>;
}

const didFields = {
  id: integer,
  number: text,
  state: optionalText,
  destination_type: optionalText,
  destination_id: optionalNumber,
  destination_number: optionalNumber,
  working_hour: flag,
};

function mapDid(did: z.output<z.ZodMiniObject<typeof didFields>>): BulutfonDid {
  return {
    id: did.id,
    number: did.number,
    state: did.state,
    destinationType: did.destination_type,
    destinationId: did.destination_id,
    destinationNumber: did.destination_number,
    workingHour: did.working_hour,
  };
}

const workingDaySchema = record(
  {
    open: flag,
    shift_start: optionalText,
    shift_finish: optionalText,
    lunch_break_start: optionalText,
    lunch_break_finish: optionalText,
  },
  (day): BulutfonWorkingDay => ({
    open: day.open,
    shiftStart: day.shift_start,
    shiftFinish: day.shift_finish,
    lunchBreakStart: day.lunch_break_start,
    lunchBreakFinish: day.lunch_break_finish,
  }),
);

export const didListResponseSchema = listIn('dids', record(didFields, mapDid));

export const didResponseSchema = itemIn(
  'did',
  record(
    { ...didFields, working_hours: z.nullish(z.record(z.string(), workingDaySchema)) },
    (did): BulutfonDidDetail => ({ ...mapDid(did), workingHours: did.working_hours ?? {} }),
  ),
);

// ---------------------------------------------------------------- extensions

/** Call forwarding of an extension. */
export type BulutfonRedirectionType = OpenString<'NONE' | 'UNREACHABLE' | 'ALWAYS'>;
/** Where a forwarded call goes. */
export type BulutfonDestinationType = OpenString<'EXTENSION' | 'GROUP' | 'AUTOATTENDANT' | 'EXTERNAL'>;
/** Outbound call permissions of an extension. */
export type BulutfonAcl = OpenString<'domestic' | 'gsm' | 'international'>;

/** An extension (dahili). */
export interface BulutfonExtension {
  id: number;
  number: number;
  registered: boolean;
  callerName?: string;
  email?: string;
}

/** An extension with its settings. */
export interface BulutfonExtensionDetail extends BulutfonExtension {
  /** Outbound caller number. */
  did?: string;
  voiceMail: boolean;
  redirectionType?: BulutfonRedirectionType;
  destinationType?: BulutfonDestinationType;
  destinationNumber?: number;
  externalNumber?: string;
  acl: BulutfonAcl[];
}

const extensionFields = {
  id: integer,
  number: integer,
  registered: flag,
  caller_name: optionalText,
  email: optionalText,
};

function mapExtension(extension: z.output<z.ZodMiniObject<typeof extensionFields>>): BulutfonExtension {
  return {
    id: extension.id,
    number: extension.number,
    registered: extension.registered,
    callerName: extension.caller_name,
    email: extension.email,
  };
}

export const extensionListResponseSchema = listIn('extensions', record(extensionFields, mapExtension));

export const extensionResponseSchema = itemIn(
  'extension',
  record(
    {
      ...extensionFields,
      did: optionalText,
      voice_mail: flag,
      voicemail: flag,
      redirection_type: optionalText,
      destination_type: optionalText,
      destination_number: optionalNumber,
      external_number: optionalText,
      acl: z.nullish(z.array(z.string())),
    },
    (extension): BulutfonExtensionDetail => ({
      ...mapExtension(extension),
      did: extension.did,
      voiceMail: extension.voice_mail || extension.voicemail,
      redirectionType: extension.redirection_type,
      destinationType: extension.destination_type,
      destinationNumber: extension.destination_number,
      externalNumber: extension.external_number,
      acl: extension.acl ?? [],
    }),
  ),
);

// ---------------------------------------------------------------- groups

/** A ring group. */
export interface BulutfonGroup {
  id: number;
  number: number;
  name?: string;
  timeout?: number;
  delayTime?: number;
  ringDuration?: number;
}

/** A ring group with its members. */
export interface BulutfonGroupDetail extends BulutfonGroup {
  extensions: { id: number; number: number; callerName?: string; email?: string }[];
}

const groupFields = {
  id: integer,
  number: integer,
  name: optionalText,
  timeout: optionalNumber,
  delay_time: optionalNumber,
  ring_duration: optionalNumber,
};

function mapGroup(group: z.output<z.ZodMiniObject<typeof groupFields>>): BulutfonGroup {
  return {
    id: group.id,
    number: group.number,
    name: group.name,
    timeout: group.timeout,
    delayTime: group.delay_time,
    ringDuration: group.ring_duration,
  };
}

export const groupListResponseSchema = listIn('groups', record(groupFields, mapGroup));

export const groupResponseSchema = itemIn(
  'group',
  record(
    {
      ...groupFields,
      extensions: z.nullish(
        z.array(z.object({ id: integer, number: integer, caller_name: optionalText, email: optionalText })),
      ),
    },
    (group): BulutfonGroupDetail => ({
      ...mapGroup(group),
      extensions: (group.extensions ?? []).map((member) => ({
        id: member.id,
        number: member.number,
        callerName: member.caller_name,
        email: member.email,
      })),
    }),
  ),
);

// ---------------------------------------------------------------- faxes

/** A received fax. */
export interface BulutfonIncomingFax {
  uuid: string;
  sender?: string;
  receiver?: string;
  createdAt?: Date;
}

export const incomingFaxListResponseSchema = listIn(
  'incoming_faxes',
  record(
    { uuid: text, sender: optionalText, receiver: optionalText, created_at: date },
    (fax): BulutfonIncomingFax => ({
      uuid: fax.uuid,
      sender: fax.sender,
      receiver: fax.receiver,
      createdAt: fax.created_at,
    }),
  ),
);

/** A sent fax. */
export interface BulutfonOutgoingFax {
  id: number;
  title?: string;
  did?: string;
  recipientCount?: number;
  createdAt?: Date;
}

/** Delivery state of a fax to one recipient. */
export type BulutfonFaxState = OpenString<'SENT' | 'FAILED' | 'WAITING'>;

/** A sent fax with its recipients. */
export interface BulutfonOutgoingFaxDetail extends BulutfonOutgoingFax {
  recipients: {
    number: string;
    state?: BulutfonFaxState;
    hangupCause?: BulutfonHangupCause;
    hangupState?: BulutfonHangupState;
    uuid?: string;
  }[];
}

const outgoingFaxFields = {
  id: integer,
  title: optionalText,
  did: optionalText,
  recipient_count: optionalNumber,
  created_at: date,
};

function mapOutgoingFax(fax: z.output<z.ZodMiniObject<typeof outgoingFaxFields>>): BulutfonOutgoingFax {
  return {
    id: fax.id,
    title: fax.title,
    did: fax.did,
    recipientCount: fax.recipient_count,
    createdAt: fax.created_at,
  };
}

const outgoingFaxSchema = record(outgoingFaxFields, mapOutgoingFax);

/** `GET /outgoing-faxes`: the list is under `faxes` (or `outgoing_faxes` in older answers), one of them required. */
export const outgoingFaxListResponseSchema = z.pipe(
  z.object({
    faxes: z.nullish(z.array(outgoingFaxSchema)),
    outgoing_faxes: z.nullish(z.array(outgoingFaxSchema)),
  }),
  z.transform((value, payload) => {
    if (value.faxes === undefined && value.outgoing_faxes === undefined) {
      payload.issues.push({ code: 'custom', path: ['faxes'], message: 'faxes is missing', input: value });
    }
    return value.faxes ?? value.outgoing_faxes ?? [];
  }),
);

export const outgoingFaxResponseSchema = itemIn(
  'fax',
  record(
    {
      ...outgoingFaxFields,
      recipients: z.nullish(
        z.array(
          z.object({
            number: text,
            state: optionalText,
            hangup_cause: optionalText,
            hangup_state: optionalText,
            uuid: optionalText,
          }),
        ),
      ),
    },
    (fax): BulutfonOutgoingFaxDetail => ({
      ...mapOutgoingFax(fax),
      recipientCount: fax.recipient_count ?? fax.recipients?.length,
      recipients: (fax.recipients ?? []).map((recipient) => ({
        number: recipient.number,
        state: recipient.state,
        hangupCause: recipient.hangup_cause,
        hangupState: recipient.hangup_state,
        uuid: recipient.uuid,
      })),
    }),
  ),
);

// ---------------------------------------------------------------- announcements

/** A sound file of the PBX. */
export interface BulutfonAnnouncement {
  id: number;
  name?: string;
  fileName?: string;
  isOnHoldMusic: boolean;
  createdAt?: Date;
}

export const announcementListResponseSchema = listIn(
  'announcements',
  record(
    { id: integer, name: optionalText, file_name: optionalText, is_on_hold_music: flag, created_at: date },
    (item): BulutfonAnnouncement => ({
      id: item.id,
      name: item.name,
      fileName: item.file_name,
      isOnHoldMusic: item.is_on_hold_music,
      createdAt: item.created_at,
    }),
  ),
);

// ---------------------------------------------------------------- automatic calls

/** An automatic (robo) call campaign. */
export interface BulutfonAutomaticCall {
  id: number;
  title?: string;
  did?: string;
  /** Name of the announcement played. */
  announcement?: string;
  gather: boolean;
  createdAt?: Date;
}

/** When calls may be made on one day. */
export interface BulutfonCallWindow {
  active: boolean;
  /** `HH:MM` */
  start?: string;
  /** `HH:MM` */
  finish?: string;
}

/** An automatic call campaign with its schedule and recipients. */
export interface BulutfonAutomaticCallDetail extends BulutfonAutomaticCall {
  soundUrl?: string;
  callRange: Partial<Record<BulutfonWeekday, BulutfonCallWindow>>;
  recipients: {
    number: string;
    hasCalled: boolean;
    answered: boolean;
    /** The key the callee pressed, when gathering. */
    gather?: number;
    uuid?: string;
  }[];
}

const automaticCallFields = {
  id: integer,
  title: optionalText,
  did: optionalText,
  announcement: optionalText,
  gather: flag,
  created_at: date,
};

function mapAutomaticCall(
  call: z.output<z.ZodMiniObject<typeof automaticCallFields>>,
): BulutfonAutomaticCall {
  return {
    id: call.id,
    title: call.title,
    did: call.did,
    announcement: call.announcement,
    gather: call.gather,
    createdAt: call.created_at,
  };
}

export const automaticCallListResponseSchema = listIn(
  'automatic_calls',
  record(automaticCallFields, mapAutomaticCall),
);

export const automaticCallResponseSchema = itemIn(
  'automatic_call',
  record(
    {
      ...automaticCallFields,
      sound_url: optionalText,
      call_range: z.nullish(
        z.record(z.string(), z.object({ active: flag, start: optionalText, finish: optionalText })),
      ),
      recipients: z.nullish(
        z.array(
          z.object({
            number: text,
            has_called: flag,
            answer: flag,
            gather: optionalNumber,
            uuid: optionalText,
          }),
        ),
      ),
    },
    (call): BulutfonAutomaticCallDetail => ({
      ...mapAutomaticCall(call),
      soundUrl: call.sound_url,
      callRange: call.call_range ?? {},
      recipients: (call.recipients ?? []).map((recipient) => ({
        number: recipient.number,
        hasCalled: recipient.has_called,
        answered: recipient.answer,
        gather: recipient.gather,
        uuid: recipient.uuid,
      })),
    }),
  ),
);

// ---------------------------------------------------------------- message titles, rejections

/** Approval state of an SMS title. Only `CONFIRMED` titles can send. */
export type BulutfonMessageTitleState = OpenString<'DRAFT' | 'CONFIRMED' | 'REJECTED'>;

/** An SMS sender title. */
export interface BulutfonMessageTitle {
  id: number;
  name: string;
  state?: BulutfonMessageTitleState;
}

export const messageTitleListResponseSchema = listIn(
  'message_titles',
  record(
    { id: integer, name: text, state: optionalText },
    (title): BulutfonMessageTitle => ({ id: title.id, name: title.name, state: title.state }),
  ),
);

/** A number that opted out of SMS from one title. */
export interface BulutfonSmsRejection {
  id?: number;
  number: string;
  smsSentAt?: Date;
  rejectedAt?: Date;
}

export const smsRejectionListResponseSchema = listIn(
  'sms_rejections',
  record(
    { id: optionalNumber, number: text, sms_sent_at: date, rejected_at: date },
    (item): BulutfonSmsRejection => ({
      id: item.id,
      number: item.number,
      smsSentAt: item.sms_sent_at,
      rejectedAt: item.rejected_at,
    }),
  ),
);

// ---------------------------------------------------------------- messages

/** Delivery state of an SMS to one recipient. */
export type BulutfonMessageState = OpenString<'WAITING' | 'FAILED' | 'CONFIRMED' | 'SENT'>;

/** A sent SMS (as listed). */
export interface BulutfonMessage {
  id: number;
  title?: string;
  content?: string;
  recipients: string[];
  createdAt?: Date;
  sentAsSingleSms: boolean;
}

/** A sent SMS with its per-recipient state. */
export interface BulutfonMessageDetail {
  id: number;
  title?: string;
  content?: string;
  createdAt?: Date;
  isPlannedSms: boolean;
  /** Scheduled time, as Bulutfon wrote it (`dd/mm/yyyy HH:MM`, Turkish time). */
  sendDate?: string;
  recipients: { number: string; state?: BulutfonMessageState }[];
}

/** One page of sent SMS. */
export interface BulutfonMessagePage {
  messages: BulutfonMessage[];
  pagination: { page: number; totalPages: number; previousPage?: string; nextPage?: string };
}

/** Recipients as a list, or as one comma-separated string. */
const recipientList = z.pipe(
  z.nullish(z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))])),
  z.transform((value): string[] => {
    if (value === null || value === undefined) return [];
    if (Array.isArray(value)) return value.map(String);
    return String(value)
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  }),
);

const messagePaginationSchema = z.nullish(
  z.object({ page: optionalNumber, total_pages: optionalNumber, previous_page: link, next_page: link }),
);

/**
 * `GET /messages`: the pagination is under `paginate` (or `pagination`); `page` is often left out (read as 0: the
 * client numbers the page as the one asked for). An answer without the list or without any pagination is not a page.
 */
export const messagePageResponseSchema = z.pipe(
  z.object({
    messages: z.nullish(
      z.array(
        record(
          {
            id: integer,
            title: optionalText,
            content: optionalText,
            recipients: recipientList,
            created_at: date,
            sent_as_single_sms: flag,
          },
          (message): BulutfonMessage => ({
            id: message.id,
            title: message.title,
            content: message.content,
            recipients: message.recipients,
            createdAt: message.created_at,
            sentAsSingleSms: message.sent_as_single_sms,
          }),
        ),
      ),
    ),
    paginate: messagePaginationSchema,
    pagination: messagePaginationSchema,
  }),
  z.transform((value, payload): BulutfonMessagePage => {
    if (value.messages === undefined) {
      payload.issues.push({
        code: 'custom',
        path: ['messages'],
        message: 'messages is missing',
        input: value,
      });
    }
    if (value.paginate === undefined && value.pagination === undefined) {
      payload.issues.push({
        code: 'custom',
        path: ['paginate'],
        message: 'paginate is missing',
        input: value,
      });
    }
    const pagination = value.paginate ?? value.pagination;
    return {
      messages: value.messages ?? [],
      pagination: {
        page: pagination?.page ?? 0,
        totalPages: pagination?.total_pages ?? 1,
        previousPage: pagination?.previous_page,
        nextPage: pagination?.next_page,
      },
    };
  }),
);

const messageDetailSchema = record(
  {
    id: integer,
    title: optionalText,
    content: optionalText,
    created_at: date,
    is_planned_sms: flag,
    send_date: optionalText,
    recipients: z.nullish(
      z.array(z.union([z.object({ number: text, state: optionalText }), z.union([z.string(), z.number()])])),
    ),
  },
  (message): BulutfonMessageDetail => ({
    id: message.id,
    title: message.title,
    content: message.content,
    createdAt: message.created_at,
    isPlannedSms: message.is_planned_sms,
    sendDate: message.send_date,
    recipients: (message.recipients ?? []).map((recipient) =>
      typeof recipient === 'object'
        ? { number: recipient.number, state: recipient.state }
        : { number: String(recipient) },
    ),
  }),
);

/** `GET /messages/{id}`: the message is under `message` (or `messages`, as Bulutfon's Android SDK reads it). */
export const messageResponseSchema = z.pipe(
  z.object({ message: z.nullish(messageDetailSchema), messages: z.nullish(messageDetailSchema) }),
  z.transform((value, payload): BulutfonMessageDetail => {
    const message = value.message ?? value.messages;
    if (message) return message;
    payload.issues.push({ code: 'custom', path: ['message'], message: 'message is missing', input: value });
    return z.NEVER;
  }),
);

// ---------------------------------------------------------------- actions, tokens

/** The answer of a write call (`{"message": "..."}`, sometimes with `success`). */
export interface BulutfonActionResult {
  /** The server's message (Turkish or English). */
  message?: string;
  /** `success` when the server sent it. */
  success?: boolean;
  /** The whole decoded body (an object of undocumented shape, or `undefined` for an empty body). */
  raw: unknown;
}

export const actionResponseSchema = z.pipe(
  z.unknown(),
  z.transform((value): BulutfonActionResult => {
    const body = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
    return {
      message: typeof body.message === 'string' ? body.message : undefined,
      success: typeof body.success === 'boolean' ? body.success : undefined,
      raw: value,
    };
  }),
);

/** What Bulutfon says about a token (`GET /token-info/{token}`, undocumented). */
export interface BulutfonTokenInfo {
  expired: boolean;
  /** Seconds until expiry. */
  expiresIn?: number;
}

/** `expired` is what the answer is for: an answer without it is not a token's info. */
export const tokenInfoResponseSchema = record(
  {
    token: optionalText,
    expired: z.pipe(
      z.union([z.boolean(), z.number(), z.string()]),
      z.transform((value: boolean | number | string) => readFlag(value)),
    ),
    expires_in: optionalNumber,
  },
  (value): BulutfonTokenInfo => ({ expired: value.expired, expiresIn: value.expires_in }),
);

/** OAuth 2 tokens, as returned by the token endpoint. Store both tokens: a refresh returns a new pair. */
export interface BulutfonOAuthTokens {
  accessToken: string;
  refreshToken?: string;
  tokenType?: string;
  /** Seconds the access token lives (7200 on Bulutfon). */
  expiresIn?: number;
  /** When the access token expires (from `created_at` + `expires_in`, or now + `expires_in`). */
  expiresAt?: Date;
  /** Granted scopes (`cdr`, `call_record`...). */
  scope: string[];
}

export const oauthTokenResponseSchema = record(
  {
    access_token: z.string().check(z.minLength(1)),
    refresh_token: optionalText,
    token_type: optionalText,
    expires_in: optionalNumber,
    scope: optionalText,
    created_at: optionalNumber,
  },
  (value): BulutfonOAuthTokens => {
    const createdAtMs = value.created_at === undefined ? Date.now() : value.created_at * 1000;
    return {
      accessToken: value.access_token,
      refreshToken: value.refresh_token,
      tokenType: value.token_type,
      expiresIn: value.expires_in,
      expiresAt: value.expires_in === undefined ? undefined : new Date(createdAtMs + value.expires_in * 1000),
      scope: value.scope ? value.scope.split(/\s+/).filter(Boolean) : [],
    };
  },
);

/**
 * Bulutfon's error envelope: `{"error": "..."}`, sometimes `{"message": "...", "code": 400}`, `{"error": {"message":
 * "..."}}` or `{"error": true, "message": "..."}`.
 */
export const errorResponseSchema = z.object({
  error: z.nullish(z.union([z.string(), z.boolean(), z.looseObject({ message: z.optional(z.string()) })])),
  message: z.nullish(z.string()),
  code: z.nullish(z.union([z.string(), z.number()])),
});
