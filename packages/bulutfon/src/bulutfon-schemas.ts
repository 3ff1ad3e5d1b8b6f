import { z } from 'zod';

/**
 * Zod schemas of Bulutfon's JSON responses. Each one accepts the variations the API and its history show
 * (numbers as strings or numbers, optional fields, alternative keys) and maps the snake_case payload into
 * the camelCase types exported below. Response schemas are lenient; request option schemas are strict.
 */

/** An open string union: the known values autocomplete, any other string is accepted. */
export type OpenString<Known extends string> = Known | (string & {});

const text = z.union([z.string(), z.number()]).transform((value) => String(value));
const optionalText = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((value) => (value === null || value === undefined || value === '' ? undefined : String(value)));
const integer = z.union([z.number(), z.string().regex(/^-?\d+$/)]).transform((value) => Number(value));
const optionalInteger = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((value) => {
    if (value === null || value === undefined || value === '') return undefined;
    const number = Number(value);
    return Number.isFinite(number) ? number : undefined;
  });
const decimal = optionalInteger;
const flag = z
  .union([z.boolean(), z.number(), z.string()])
  .nullish()
  .transform((value) => value === true || value === 1 || value === 'true' || value === '1');
const date = z
  .string()
  .nullish()
  .transform((value) => readDate(value));

/**
 * Removes credentials Bulutfon copies into its pagination links (`/messages?access_token=...&page=2`). Pure.
 * @param link - an absolute or relative URL
 */
export function withoutCredentials(link: string | undefined): string | undefined {
  if (!link) return link;
  const queryStart = link.indexOf('?');
  if (queryStart < 0) return link;
  const hashStart = link.indexOf('#', queryStart);
  const query = new URLSearchParams(link.slice(queryStart + 1, hashStart < 0 ? undefined : hashStart));
  for (const name of ['access_token', 'email', 'password']) query.delete(name);
  const rest = query.toString();
  return `${link.slice(0, queryStart)}${rest ? `?${rest}` : ''}${hashStart < 0 ? '' : link.slice(hashStart)}`;
}

const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
/** A day of the week, as Bulutfon names it. */
export type BulutfonWeekday = (typeof weekdays)[number];

// ---------------------------------------------------------------- me

export const meResponseSchema = z
  .object({
    user: z
      .object({ email: optionalText, name: optionalText, gsm: optionalText })
      .nullish()
      .transform((user) => ({ email: user?.email, name: user?.name, gsm: user?.gsm })),
    pbx: z
      .object({
        name: optionalText,
        url: optionalText,
        state: optionalText,
        package: optionalText,
        customer_type: optionalText,
      })
      .nullish()
      .transform((pbx) => ({
        name: pbx?.name,
        url: pbx?.url,
        state: pbx?.state as BulutfonPbxState | undefined,
        package: pbx?.package,
        customerType: pbx?.customer_type as OpenString<'INVIDUAL' | 'CORPORATE'> | undefined,
      })),
    credit: z
      .object({ balance: decimal, sms_credits: optionalInteger, sms_credit: optionalInteger })
      .nullish()
      .transform((credit) => ({
        balance: credit?.balance,
        smsCredits: credit?.sms_credits ?? credit?.sms_credit,
      })),
  })
  .transform((value) => value as BulutfonMe);

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
  destination_id: optionalInteger,
  destination_number: optionalInteger,
  working_hour: flag,
};

function mapDid(did: z.output<z.ZodObject<typeof didFields>>): BulutfonDid {
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

const workingDaySchema = z
  .object({
    open: flag,
    shift_start: optionalText,
    shift_finish: optionalText,
    lunch_break_start: optionalText,
    lunch_break_finish: optionalText,
  })
  .transform(
    (day): BulutfonWorkingDay => ({
      open: day.open,
      shiftStart: day.shift_start,
      shiftFinish: day.shift_finish,
      lunchBreakStart: day.lunch_break_start,
      lunchBreakFinish: day.lunch_break_finish,
    }),
  );

export const didListResponseSchema = z
  .object({ dids: z.array(z.object(didFields)).nullish() })
  .transform((value) => (value.dids ?? []).map(mapDid));

export const didResponseSchema = z
  .object({
    did: z.object({
      ...didFields,
      working_hours: z.record(z.string(), workingDaySchema).nullish(),
    }),
  })
  .transform(
    ({ did }): BulutfonDidDetail => ({
      ...mapDid(did),
      workingHours: (did.working_hours ?? {}) as BulutfonDidDetail['workingHours'],
    }),
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

function mapExtension(extension: z.output<z.ZodObject<typeof extensionFields>>): BulutfonExtension {
  return {
    id: extension.id,
    number: extension.number,
    registered: extension.registered,
    callerName: extension.caller_name,
    email: extension.email,
  };
}

const extensionDetailSchema = z
  .object({
    ...extensionFields,
    did: optionalText,
    voice_mail: flag,
    voicemail: flag,
    redirection_type: optionalText,
    destination_type: optionalText,
    destination_number: optionalInteger,
    external_number: optionalText,
    acl: z.array(z.string()).nullish(),
  })
  .transform(
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
  );

export const extensionListResponseSchema = z
  .object({ extensions: z.array(z.object(extensionFields)).nullish() })
  .transform((value) => (value.extensions ?? []).map(mapExtension));

export const extensionResponseSchema = z
  .object({ extension: extensionDetailSchema })
  .transform((value) => value.extension);

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
  timeout: optionalInteger,
  delay_time: optionalInteger,
  ring_duration: optionalInteger,
};

function mapGroup(group: z.output<z.ZodObject<typeof groupFields>>): BulutfonGroup {
  return {
    id: group.id,
    number: group.number,
    name: group.name,
    timeout: group.timeout,
    delayTime: group.delay_time,
    ringDuration: group.ring_duration,
  };
}

export const groupListResponseSchema = z
  .object({ groups: z.array(z.object(groupFields)).nullish() })
  .transform((value) => (value.groups ?? []).map(mapGroup));

export const groupResponseSchema = z
  .object({
    group: z.object({
      ...groupFields,
      extensions: z
        .array(z.object({ id: integer, number: integer, caller_name: optionalText, email: optionalText }))
        .nullish(),
    }),
  })
  .transform(
    ({ group }): BulutfonGroupDetail => ({
      ...mapGroup(group),
      extensions: (group.extensions ?? []).map((member) => ({
        id: member.id,
        number: member.number,
        callerName: member.caller_name,
        email: member.email,
      })),
    }),
  );

// ---------------------------------------------------------------- cdrs

/** Direction of a call. */
export type BulutfonCallDirection = OpenString<'IN' | 'OUT' | 'LOCAL'>;
/** Whether a call was recorded (`Var`/`Yok` in old accounts). */
export type BulutfonCallRecordState = OpenString<'YES' | 'NO' | 'REMOVED'>;
/** Q.850 hang-up cause. */
export type BulutfonHangupCause = OpenString<
  | 'NORMAL_CLEARING'
  | 'USER_BUSY'
  | 'NO_USER_RESPONSE'
  | 'NO_ANSWER'
  | 'CALL_REJECTED'
  | 'INVALID_NUMBER_FORMAT'
  | 'ORIGINATOR_CANCEL'
  | 'LOSE_RACE'
  | 'ANSWERED'
>;
/** Which side ended the call, and how. */
export type BulutfonHangupState = OpenString<
  'send_cancel' | 'send_bye' | 'recv_refuse' | 'recv_cancel' | 'send_refuse' | 'recv_bye'
>;

/** A call detail record. */
export interface BulutfonCdr {
  uuid: string;
  callType?: OpenString<'voice' | 'fax'>;
  direction?: BulutfonCallDirection;
  caller?: string;
  callee?: string;
  /** The extension that made an outbound call. */
  extension?: string;
  callTime?: Date;
  /** `undefined` when the call was not answered. */
  answerTime?: Date;
  hangupTime?: Date;
  missingCall: boolean;
  /** Price in TL, outbound calls only. */
  callPrice?: number;
  callRecord?: BulutfonCallRecordState;
  /** `true` when a recording can be downloaded (`call_record` is `YES` or the historic `Var`). */
  hasRecording: boolean;
  hangupCause?: BulutfonHangupCause;
  hangupState?: BulutfonHangupState;
}

/** One leg of the way a call took through the PBX. */
export interface BulutfonCallFlowStep {
  callee?: string;
  startTime?: Date;
  answerTime?: Date;
  hangupTime?: Date;
  redirection?: OpenString<
    | 'REDIRECTED_TO_MENU'
    | 'REDIRECTED_TO_GROUP'
    | 'REDIRECTED_TO_EXTENSION'
    | 'CONNECTING_TO_MENU'
    | 'CONNECTING_TO_GROUP'
    | 'CONNECTING_TO_EXTENSION'
    | 'OTHER'
  >;
  redirectionTarget?: string;
  origination: {
    destination?: string;
    startTime?: Date;
    answerTime?: Date;
    hangupTime?: Date;
    result?: OpenString<'ANSWERED' | 'LOSE_RACE'>;
  }[];
}

/** A call detail record with its call flow. */
export interface BulutfonCdrDetail extends BulutfonCdr {
  callFlow: BulutfonCallFlowStep[];
}

/** Pagination of `/cdrs`. */
export interface BulutfonPagination {
  page: number;
  totalCount?: number;
  totalPages: number;
  limit?: number;
  previousPage?: string;
  nextPage?: string;
}

/** One page of CDRs. */
export interface BulutfonCdrPage {
  cdrs: BulutfonCdr[];
  pagination: BulutfonPagination;
}

/** Reads a string or number as a string (`undefined` for null, empty or other types). Pure. */
function readText(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  return typeof value === 'number' ? String(value) : undefined;
}

/** Reads a number sent as a number or a numeric string. Pure. */
function readNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/** Two ASCII digits at `index` as a number, NaN when either is not a digit. Pure. */
function twoDigits(text: string, index: number): number {
  const tens = text.charCodeAt(index) - 48;
  const units = text.charCodeAt(index + 1) - 48;
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : Number.NaN;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (month 1-12). Pure. */
function daysFromCivil(year: number, month: number, day: number): number {
  const shifted = month <= 2 ? year - 1 : year;
  const era = Math.floor(shifted / 400);
  const yearOfEra = shifted - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * Parses Bulutfon's timestamps (`2017-03-15T09:46:05+03:00`, `2015-06-18T17:59:19.060+03:00`, `...Z`) with
 * integer arithmetic: neither the general-purpose `Date` parser nor `Date.UTC`, which dominate the cost of
 * mapping large CDR lists. Other formats, and out-of-range fields, fall back to `new Date(text)`. Returns epoch
 * milliseconds or NaN. Pure.
 */
export function parseIsoTimestamp(text: string): number {
  const length = text.length;
  if (
    length < 20 ||
    text.charCodeAt(4) !== 45 /* - */ ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 /* T */ ||
    text.charCodeAt(13) !== 58 /* : */ ||
    text.charCodeAt(16) !== 58
  ) {
    return new Date(text).getTime();
  }
  let position = 19;
  let milliseconds = 0;
  if (text.charCodeAt(19) === 46 /* . */) {
    let scale = 100;
    for (position = 20; position < length; position++) {
      const digit = text.charCodeAt(position) - 48;
      if (digit < 0 || digit > 9) break;
      milliseconds += digit * scale;
      scale /= 10;
    }
    milliseconds = Math.round(milliseconds);
  }
  const sign = text.charCodeAt(position);
  let offsetMs = 0;
  if (sign === 90 /* Z */ && position === length - 1) offsetMs = 0;
  else if (
    (sign === 43 /* + */ || sign === 45) &&
    position === length - 6 &&
    text.charCodeAt(length - 3) === 58
  ) {
    offsetMs = (twoDigits(text, position + 1) * 60 + twoDigits(text, position + 4)) * 60_000;
    if (sign === 43) offsetMs = -offsetMs;
  } else return new Date(text).getTime();
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  // NaN fails every comparison below, so a non-digit also takes the slow path (which answers NaN).
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 59)) {
    return new Date(text).getTime();
  }
  const time = daysFromCivil(year, month, day) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000;
  return time + milliseconds + offsetMs;
}

/** Reads an ISO-8601 date (`undefined` when absent or unparseable). Pure. */
function readDate(value: unknown): Date | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const time = parseIsoTimestamp(value);
  return Number.isNaN(time) ? undefined : new Date(time);
}

/** Reads a boolean sent as a boolean, `1`/`0` or `"true"`/`"1"`. Pure. */
function readFlag(value: unknown): boolean {
  return value === true || value === 1 || value === 'true' || value === '1';
}

/**
 * Maps one CDR as Bulutfon sends it. A hand-written mapper rather than a per-field schema: CDR lists are the
 * hot path (hundreds of thousands of records), and every field is optional and loosely typed anyway. One
 * object literal per record, always the same shape. Pure.
 */
function mapCdr(cdr: Record<string, unknown>, uuid: string): BulutfonCdr {
  const callRecord = readText(cdr.call_record);
  return {
    uuid,
    callType: readText(cdr.bf_calltype),
    direction: readText(cdr.direction),
    caller: readText(cdr.caller),
    callee: readText(cdr.callee),
    extension: readText(cdr.extension),
    callTime: readDate(cdr.call_time),
    answerTime: readDate(cdr.answer_time),
    hangupTime: readDate(cdr.hangup_time),
    missingCall: readFlag(cdr.missing_call),
    callPrice: readNumber(cdr.call_price),
    callRecord,
    hasRecording: callRecord === 'YES' || callRecord === 'Var',
    hangupCause: readText(cdr.hangup_cause),
    hangupState: readText(cdr.hangup_state),
  };
}

/** Where a response does not have the expected shape. */
interface ShapeIssue {
  path: (string | number)[];
  message: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an optional integer-like field (number, numeric string, null); anything else is an issue. */
function readPaginationNumber(
  pagination: Record<string, unknown>,
  key: string,
  issues: ShapeIssue[],
): number | undefined {
  const value = pagination[key];
  if (value === undefined || value === null || typeof value === 'number' || typeof value === 'string') {
    return readNumber(value);
  }
  issues.push({ path: ['pagination', key], message: 'expected a number' });
  return undefined;
}

/** Reads an optional link (string, or a number as text, or null); anything else is an issue. */
function readPaginationLink(
  pagination: Record<string, unknown>,
  key: string,
  issues: ShapeIssue[],
): string | undefined {
  const value = pagination[key];
  if (value === undefined || value === null || typeof value === 'number' || typeof value === 'string') {
    return withoutCredentials(readText(value));
  }
  issues.push({ path: ['pagination', key], message: 'expected a URL' });
  return undefined;
}

/**
 * Maps a `GET /cdrs` body in one pass, without a schema per item (a page can hold 1 000 records): every item
 * must be an object with a uuid, the list an array (or absent), the pagination an object (or absent). Issues
 * are collected with their paths; the page is only usable when there are none. Pure.
 */
export function mapCdrPageResponse(value: unknown, issues: ShapeIssue[]): BulutfonCdrPage {
  const body = isRecord(value) ? value : undefined;
  if (!body) issues.push({ path: [], message: 'expected an object' });
  const items = body?.cdrs;
  let cdrs: BulutfonCdr[] = [];
  if (Array.isArray(items)) {
    cdrs = new Array<BulutfonCdr>(items.length);
    for (let index = 0; index < items.length; index++) {
      const item = items[index] as unknown;
      const uuid = isRecord(item) ? item.uuid : undefined;
      if (typeof uuid === 'string') cdrs[index] = mapCdr(item as Record<string, unknown>, uuid);
      else if (typeof uuid === 'number') cdrs[index] = mapCdr(item as Record<string, unknown>, String(uuid));
      else {
        issues.push({ path: ['cdrs', index, 'uuid'], message: 'expected a CDR with a uuid' });
        cdrs = [];
        break;
      }
    }
  } else if (items !== undefined && items !== null) {
    issues.push({ path: ['cdrs'], message: 'expected an array of CDRs' });
  }
  const rawPagination = body?.pagination;
  const pagination = isRecord(rawPagination) ? rawPagination : {};
  if (rawPagination !== undefined && rawPagination !== null && !isRecord(rawPagination)) {
    issues.push({ path: ['pagination'], message: 'expected an object' });
  }
  return {
    cdrs,
    pagination: {
      page: readPaginationNumber(pagination, 'page', issues) ?? 1,
      totalCount: readPaginationNumber(pagination, 'total_count', issues),
      totalPages: readPaginationNumber(pagination, 'total_pages', issues) ?? 1,
      limit: readPaginationNumber(pagination, 'limit', issues),
      previousPage: readPaginationLink(pagination, 'previous_page', issues),
      nextPage: readPaginationLink(pagination, 'next_page', issues),
    },
  };
}

/**
 * `GET /cdrs` as a zod schema (for the shared JSON response handler and its typed errors): a single transform
 * over {@link mapCdrPageResponse}, so zod does not walk (and copy) the list item by item.
 */
export const cdrPageResponseSchema = z.unknown().transform((value, context): BulutfonCdrPage => {
  const issues: ShapeIssue[] = [];
  const page = mapCdrPageResponse(value, issues);
  for (const issue of issues) context.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  return page;
});

const originationSchema = z
  .object({
    destination: optionalText,
    start_time: date,
    answer_time: date,
    hangup_time: date,
    result: optionalText,
  })
  .transform((item) => ({
    destination: item.destination,
    startTime: item.start_time,
    answerTime: item.answer_time,
    hangupTime: item.hangup_time,
    result: item.result,
  }));

export const cdrResponseSchema = z
  .object({
    cdr: z.looseObject({
      uuid: text,
      call_flow: z
        .array(
          z.object({
            callee: optionalText,
            start_time: date,
            answer_time: date,
            hangup_time: date,
            redirection: optionalText,
            redirection_target: optionalText,
            origination: z.array(originationSchema).nullish(),
          }),
        )
        .nullish(),
    }),
  })
  .transform(
    ({ cdr }): BulutfonCdrDetail => ({
      ...mapCdr(cdr, cdr.uuid),
      callFlow: (cdr.call_flow ?? []).map((step) => ({
        callee: step.callee,
        startTime: step.start_time,
        answerTime: step.answer_time,
        hangupTime: step.hangup_time,
        redirection: step.redirection,
        redirectionTarget: step.redirection_target,
        origination: step.origination ?? [],
      })),
    }),
  );

// ---------------------------------------------------------------- faxes

/** A received fax. */
export interface BulutfonIncomingFax {
  uuid: string;
  sender?: string;
  receiver?: string;
  createdAt?: Date;
}

export const incomingFaxListResponseSchema = z
  .object({
    incoming_faxes: z
      .array(z.object({ uuid: text, sender: optionalText, receiver: optionalText, created_at: date }))
      .nullish(),
  })
  .transform((value) =>
    (value.incoming_faxes ?? []).map(
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
  recipient_count: optionalInteger,
  created_at: date,
};

function mapOutgoingFax(fax: z.output<z.ZodObject<typeof outgoingFaxFields>>): BulutfonOutgoingFax {
  return {
    id: fax.id,
    title: fax.title,
    did: fax.did,
    recipientCount: fax.recipient_count,
    createdAt: fax.created_at,
  };
}

export const outgoingFaxListResponseSchema = z
  .object({
    faxes: z.array(z.object(outgoingFaxFields)).nullish(),
    outgoing_faxes: z.array(z.object(outgoingFaxFields)).nullish(),
  })
  .transform((value) => (value.faxes ?? value.outgoing_faxes ?? []).map(mapOutgoingFax));

export const outgoingFaxResponseSchema = z
  .object({
    fax: z.object({
      ...outgoingFaxFields,
      recipients: z
        .array(
          z.object({
            number: text,
            state: optionalText,
            hangup_cause: optionalText,
            hangup_state: optionalText,
            uuid: optionalText,
          }),
        )
        .nullish(),
    }),
  })
  .transform(
    ({ fax }): BulutfonOutgoingFaxDetail => ({
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

export const announcementListResponseSchema = z
  .object({
    announcements: z
      .array(
        z.object({
          id: integer,
          name: optionalText,
          file_name: optionalText,
          is_on_hold_music: flag,
          created_at: date,
        }),
      )
      .nullish(),
  })
  .transform((value) =>
    (value.announcements ?? []).map(
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

function mapAutomaticCall(call: z.output<z.ZodObject<typeof automaticCallFields>>): BulutfonAutomaticCall {
  return {
    id: call.id,
    title: call.title,
    did: call.did,
    announcement: call.announcement,
    gather: call.gather,
    createdAt: call.created_at,
  };
}

export const automaticCallListResponseSchema = z
  .object({ automatic_calls: z.array(z.object(automaticCallFields)).nullish() })
  .transform((value) => (value.automatic_calls ?? []).map(mapAutomaticCall));

export const automaticCallResponseSchema = z
  .object({
    automatic_call: z.object({
      ...automaticCallFields,
      sound_url: optionalText,
      call_range: z
        .record(
          z.string(),
          z
            .object({ active: flag, start: optionalText, finish: optionalText })
            .transform((window): BulutfonCallWindow => window),
        )
        .nullish(),
      recipients: z
        .array(
          z.object({
            number: text,
            has_called: flag,
            answer: flag,
            gather: optionalInteger,
            uuid: optionalText,
          }),
        )
        .nullish(),
    }),
  })
  .transform(
    ({ automatic_call: call }): BulutfonAutomaticCallDetail => ({
      ...mapAutomaticCall(call),
      soundUrl: call.sound_url,
      callRange: (call.call_range ?? {}) as BulutfonAutomaticCallDetail['callRange'],
      recipients: (call.recipients ?? []).map((recipient) => ({
        number: recipient.number,
        hasCalled: recipient.has_called,
        answered: recipient.answer,
        gather: recipient.gather,
        uuid: recipient.uuid,
      })),
    }),
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

export const messageTitleListResponseSchema = z
  .object({
    message_titles: z.array(z.object({ id: integer, name: text, state: optionalText })).nullish(),
  })
  .transform((value) =>
    (value.message_titles ?? []).map(
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

export const smsRejectionListResponseSchema = z
  .object({
    sms_rejections: z
      .array(z.object({ id: optionalInteger, number: text, sms_sent_at: date, rejected_at: date }))
      .nullish(),
  })
  .transform((value) =>
    (value.sms_rejections ?? []).map(
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

const recipientList = z
  .union([z.string(), z.array(z.union([z.string(), z.number()])), z.number()])
  .nullish()
  .transform((value) => {
    if (value === null || value === undefined) return [];
    if (Array.isArray(value)) return value.map(String);
    return String(value)
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  });

const messageDetailSchema = z.object({
  id: integer,
  title: optionalText,
  content: optionalText,
  created_at: date,
  is_planned_sms: flag,
  send_date: optionalText,
  recipients: z
    .array(z.union([z.object({ number: text, state: optionalText }), z.union([z.string(), z.number()])]))
    .nullish(),
});

export const messagePageResponseSchema = z
  .object({
    messages: z
      .array(
        z.object({
          id: integer,
          title: optionalText,
          content: optionalText,
          recipients: recipientList,
          created_at: date,
          sent_as_single_sms: flag,
        }),
      )
      .nullish(),
    paginate: z
      .object({
        page: optionalInteger,
        total_pages: optionalInteger,
        previous_page: optionalText,
        next_page: optionalText,
      })
      .nullish(),
    pagination: z
      .object({
        page: optionalInteger,
        total_pages: optionalInteger,
        previous_page: optionalText,
        next_page: optionalText,
      })
      .nullish(),
  })
  .transform((value): BulutfonMessagePage => {
    const pagination = value.paginate ?? value.pagination;
    return {
      messages: (value.messages ?? []).map((message) => ({
        id: message.id,
        title: message.title,
        content: message.content,
        recipients: message.recipients,
        createdAt: message.created_at,
        sentAsSingleSms: message.sent_as_single_sms,
      })),
      pagination: {
        page: pagination?.page ?? 0,
        totalPages: pagination?.total_pages ?? 1,
        previousPage: withoutCredentials(pagination?.previous_page),
        nextPage: withoutCredentials(pagination?.next_page),
      },
    };
  });

export const messageResponseSchema = z
  .object({ message: messageDetailSchema.nullish(), messages: messageDetailSchema.nullish() })
  .refine((value) => Boolean(value.message ?? value.messages), { message: 'message is missing' })
  .transform((value): BulutfonMessageDetail => {
    const message = (value.message ?? value.messages)!;
    return {
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
    };
  });

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

export const actionResponseSchema = z.unknown().transform((value): BulutfonActionResult => {
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return {
    message: typeof record.message === 'string' ? record.message : undefined,
    success: typeof record.success === 'boolean' ? record.success : undefined,
    raw: value,
  };
});

/** What Bulutfon says about a token (`GET /token-info/{token}`, undocumented). */
export interface BulutfonTokenInfo {
  expired: boolean;
  /** Seconds until expiry. */
  expiresIn?: number;
}

export const tokenInfoResponseSchema = z
  .object({ token: optionalText, expired: flag, expires_in: optionalInteger })
  .transform((value): BulutfonTokenInfo => ({ expired: value.expired, expiresIn: value.expires_in }));

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

export const oauthTokenResponseSchema = z
  .object({
    access_token: z.string().min(1),
    refresh_token: optionalText,
    token_type: optionalText,
    expires_in: optionalInteger,
    scope: optionalText,
    created_at: optionalInteger,
  })
  .transform((value): BulutfonOAuthTokens => {
    const createdAtMs = value.created_at === undefined ? Date.now() : value.created_at * 1000;
    return {
      accessToken: value.access_token,
      refreshToken: value.refresh_token,
      tokenType: value.token_type,
      expiresIn: value.expires_in,
      expiresAt: value.expires_in === undefined ? undefined : new Date(createdAtMs + value.expires_in * 1000),
      scope: value.scope ? value.scope.split(/\s+/).filter(Boolean) : [],
    };
  });

/** Bulutfon's error envelope: `{"error": "..."}`, sometimes `{"message": "...", "code": 400}`. */
export const errorResponseSchema = z.object({
  error: z.union([z.string(), z.object({ message: z.string().optional() }).loose()]).nullish(),
  message: z.string().nullish(),
  code: z.union([z.string(), z.number()]).nullish(),
});

export { weekdays as BULUTFON_WEEKDAYS };
