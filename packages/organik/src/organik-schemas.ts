import * as z from 'zod/mini';
import { parseIstanbulDateTime } from './organik-time';

/*
 * Response shapes after the wire format is read (zod/mini, so that a browser bundle carries no full zod). JSON and
 * XML arrive here as plain values; XML gives every scalar as a string, an empty element as '' and a one-element
 * list as an array (see organik-xml.ts). These schemas accept both, convert numbers that arrive as strings, make
 * every id a string, parse dates as Istanbul time, and produce the camelCase types below. They are lenient about
 * extra and missing optional fields.
 */

const isEmpty = (value: unknown): boolean => value === undefined || value === null || value === '';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Runs `prepare` on the raw value, then `schema` on what it returns. */
function preprocess<T extends z.ZodMiniType>(prepare: (value: unknown) => unknown, schema: T) {
  return z.pipe(z.transform(prepare), schema);
}

const text = z.pipe(z.union([z.string(), z.number()]), z.transform(String));
const optionalText = preprocess((value) => (isEmpty(value) ? undefined : value), z.optional(text));
const nullableText = preprocess((value) => (isEmpty(value) ? null : value), z.nullable(text));
const numeric = z.union([
  z.number(),
  z.pipe(z.string().check(z.trim(), z.regex(/^-?\d+(?:\.\d+)?$/, 'Expected a number')), z.transform(Number)),
]);
const numericOrZero = preprocess((value) => (isEmpty(value) ? 0 : value), numeric);
const flag = z.pipe(
  z.union([z.boolean(), z.literal([0, 1]), z.enum(['0', '1', 'true', 'false'])]),
  z.transform((value) => value === true || value === 1 || value === '1' || value === 'true'),
);
const istanbulDate = z.pipe(
  z
    .string()
    .check(
      z.refine(
        (value) => parseIstanbulDateTime(value) !== undefined,
        'Expected a date as yyyy-MM-dd[ HH:mm[:ss]]',
      ),
    ),
  z.transform((value) => parseIstanbulDateTime(value) as Date),
);
const optionalIstanbulDate = preprocess(
  (value) => (isEmpty(value) ? undefined : value),
  z.optional(istanbulDate),
);
const nullableIstanbulDate = preprocess((value) => (isEmpty(value) ? null : value), z.nullable(istanbulDate));
const calendarDay = preprocess(
  (value) => (isEmpty(value) || value === '0000-00-00' ? undefined : value),
  z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected yyyy-MM-dd'))),
);

/** A list: an array, one object (a single XML `<item>` read without its wrapper) or empty (`''`, missing). */
function list<T extends z.ZodMiniType>(item: T) {
  return preprocess((value) => {
    if (isEmpty(value)) return [];
    if (Array.isArray(value)) return value;
    return [value];
  }, z.array(item));
}

/** An error as Organik writes it, inside the envelope or per delivery / per number. */
export interface OrganikErrorInfo {
  /** The error code of the documented table (`103`), `0` when none was given. */
  code: number;
  /** The provider's message (in English, no personal data). */
  message: string;
}

/** The codes of the documented error table (both `error.number` and `error.code` may carry them). */
export const KNOWN_ORGANIK_ERROR_CODES: ReadonlySet<number> = new Set([
  1, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 101, 102, 103, 104, 105, 106, 107, 108,
  109, 110, 111, 112,
]);

function toCode(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

/**
 * Picks the error code from `error.number` and `error.code`: the one found in the documented table wins, then
 * any non-zero one.
 * @param number - `error.number`
 * @param code - `error.code`
 */
export function pickOrganikErrorCode(number: unknown, code: unknown): number {
  const candidates = [toCode(number), toCode(code)].filter((value): value is number => value !== undefined);
  return (
    candidates.find((value) => KNOWN_ORGANIK_ERROR_CODES.has(value)) ??
    candidates.find((value) => value !== 0) ??
    0
  );
}

export const errorSchema: z.ZodMiniType<OrganikErrorInfo> = z.pipe(
  z.object({
    number: z.optional(z.unknown()),
    code: z.optional(z.unknown()),
    message: z.optional(z.unknown()),
  }),
  z.transform((error) => ({
    code: pickOrganikErrorCode(error.number, error.code),
    message: typeof error.message === 'string' ? error.message : '',
  })),
);

/** The account's balance. */
export interface OrganikBalance {
  /** Money balance in Turkish lira (pays for foreign numbers). */
  tl: number;
  /** SMS credits (pay for domestic numbers). */
  credit: number;
}

export const balanceSchema: z.ZodMiniType<OrganikBalance> = z.object({
  tl: numericOrZero,
  credit: numericOrZero,
});

/** A sender id (başlık). */
export interface OrganikHeader {
  /** Its id; usable as `header` in sends. */
  id: string;
  /** Its name, exactly as registered (case-sensitive). */
  name: string;
}

export const headersSchema: z.ZodMiniType<OrganikHeader[]> = list(z.object({ id: text, name: text }));

/** A number Organik accepted in a send. */
export interface OrganikAcceptedNumber {
  /** The number as it was sent. */
  requestGsm: string;
  /** The number as Organik normalised it (`905321234567`). */
  gsm: string;
  /** Organik's id of this message; use it to ask for its report. */
  gsmTrackId: string;
  /** Parts the message takes. */
  smsCount: number;
  /** Credits computed for it (not necessarily what was charged). */
  creditAmount: number;
  /** Lira computed for it (foreign numbers). */
  tlAmount: number;
}

/** A number Organik refused in an otherwise successful send. */
export interface OrganikRejectedNumber {
  /** The number as it was sent. */
  requestGsm: string;
  /** The number as Organik normalised it, when it could. */
  gsm?: string;
  /** Why it was refused (`109` blacklisted, `110` incorrect, `111` wrong length). */
  error: OrganikErrorInfo;
}

/** The outcome of one delivery of a send. */
export interface OrganikDeliveryResult {
  /** Your `track_id`, echoed (absent when none was given). */
  trackId?: string;
  /** Organik's id of the delivery, for reports and cancelling; `null` when the delivery failed as a whole. */
  transactionId: string | null;
  /** Why the delivery failed as a whole (`101` unknown sender...), when it did. */
  error?: OrganikErrorInfo;
  /** The numbers accepted. */
  valid: OrganikAcceptedNumber[];
  /** The numbers refused. */
  invalid: OrganikRejectedNumber[];
}

/** The outcome of `sendsms` and `smsviaget`: one entry per delivery, in request order. */
export interface OrganikSendResult {
  /** One result per delivery of the request. */
  deliveries: OrganikDeliveryResult[];
}

const acceptedNumberSchema: z.ZodMiniType<OrganikAcceptedNumber> = z.pipe(
  z.object({
    request_gsm: optionalText,
    gsm: text,
    gsm_track_id: text,
    sms_count: numericOrZero,
    credit_amount: numericOrZero,
    tl_amount: numericOrZero,
  }),
  z.transform((row) => ({
    requestGsm: row.request_gsm ?? row.gsm,
    gsm: row.gsm,
    gsmTrackId: row.gsm_track_id,
    smsCount: row.sms_count,
    creditAmount: row.credit_amount,
    tlAmount: row.tl_amount,
  })),
);

const rejectedNumberSchema: z.ZodMiniType<OrganikRejectedNumber> = z.pipe(
  z.object({ request_gsm: optionalText, gsm: optionalText, error: errorSchema }),
  z.transform((row) => {
    const result: OrganikRejectedNumber = { requestGsm: row.request_gsm ?? row.gsm ?? '', error: row.error };
    if (row.gsm !== undefined) result.gsm = row.gsm;
    return result;
  }),
);

/** An empty error element (`<error/>`, `{}`) means no error. */
const optionalError = preprocess(
  (value) => (isEmpty(value) || (isRecord(value) && Object.keys(value).length === 0) ? undefined : value),
  z.optional(errorSchema),
);

const deliveryResultSchema: z.ZodMiniType<OrganikDeliveryResult> = z.pipe(
  z.object({
    track_id: optionalText,
    transaction_id: optionalText,
    error: optionalError,
    valid: list(acceptedNumberSchema),
    invalid: list(rejectedNumberSchema),
  }),
  z.transform((row) => {
    const result: OrganikDeliveryResult = {
      transactionId: row.transaction_id ?? null,
      valid: row.valid,
      invalid: row.invalid,
    };
    if (row.track_id !== undefined) result.trackId = row.track_id;
    if (row.error !== undefined) result.error = row.error;
    return result;
  }),
);

/** The `data` of a `sendsms` or `smsviaget` answer: one result per delivery. */
export const sendResultSchema: z.ZodMiniType<OrganikSendResult> = z.object({
  deliveries: list(deliveryResultSchema),
});

/** The outcome of cancelling one scheduled delivery. */
export interface OrganikCancelResult {
  /** The delivery's id. */
  transactionId: string;
  /** Whether Organik cancelled it. */
  cancelled: boolean;
}

export const cancelResultSchema: z.ZodMiniType<OrganikCancelResult[]> = list(
  z.pipe(
    z.object({ transaction_id: text, status: flag }),
    z.transform((row) => ({ transactionId: row.transaction_id, cancelled: row.status })),
  ),
);

/** Totals over the numbers a report query matched. */
export interface OrganikBasicReport {
  /** Numbers matched. */
  gsmCount: number;
  /** Credits computed (not necessarily charged). */
  creditAmount: number;
  /** Lira computed (foreign numbers). */
  tlAmount: number;
  /** Still queued at Organik. */
  sendingCount: number;
  /** Handed to the operator. */
  sentCount: number;
  /** Delivered to the handset. */
  deliveredCount: number;
  /** Wrong numbers (refunded). */
  wrongCount: number;
  /** Timed out (refunded). */
  timeoutCount: number;
  /** SMS parts. */
  smsCount: number;
}

export const basicReportSchema: z.ZodMiniType<OrganikBasicReport> = z.pipe(
  z.object({
    gsm_count: numericOrZero,
    credit_amount: numericOrZero,
    tl_amount: numericOrZero,
    sending_count: numericOrZero,
    sended_count: numericOrZero,
    deliveried_count: numericOrZero,
    wrong_count: numericOrZero,
    timeout_count: numericOrZero,
    sms_count: numericOrZero,
  }),
  z.transform((row) => ({
    gsmCount: row.gsm_count,
    creditAmount: row.credit_amount,
    tlAmount: row.tl_amount,
    sendingCount: row.sending_count,
    sentCount: row.sended_count,
    deliveredCount: row.deliveried_count,
    wrongCount: row.wrong_count,
    timeoutCount: row.timeout_count,
    smsCount: row.sms_count,
  })),
);

/** Organik's delivery status codes: 0 queued, 1 handed to the operator, 2 delivered, 3 wrong number, 4 timed out. */
export type OrganikDeliveryStatusCode = number;

/** One number's row of a detailed report (also the shape accepted from `report_url` callbacks). */
export interface OrganikReportRow {
  /** The number (`905321234567`, or a foreign number with its country code). */
  gsm: string;
  /** The delivery's id. */
  transactionId: string;
  /** Organik's id of this message. */
  gsmTrackId: string;
  /** Your `track_id`, when the send had one. */
  deliveryTrackId?: string;
  /** When the send was recorded. */
  createdAt?: Date;
  /** When sending started (the scheduled time for future sends). */
  startedAt?: Date;
  /** When the final status was reached; `null` while pending. */
  finishedAt: Date | null;
  /** 0 queued, 1 handed to the operator, 2 delivered, 3 wrong number, 4 timed out. */
  status: OrganikDeliveryStatusCode;
  /** Parts (0 before sending starts). */
  smsCount: number;
  /** Credits (0 before sending starts, 0 for foreign numbers). */
  creditAmount: number;
  /** Whether the number is foreign. */
  isForeign: boolean;
}

export const reportRowSchema: z.ZodMiniType<OrganikReportRow> = z.pipe(
  z.object({
    gsm: text,
    transaction_id: text,
    gsm_track_id: text,
    delivery_track_id: optionalText,
    create_date: optionalIstanbulDate,
    start_date: optionalIstanbulDate,
    finish_date: z.optional(nullableIstanbulDate),
    status: numeric,
    sms_count: numericOrZero,
    credit_amount: numericOrZero,
    is_foreign_gsm: preprocess((value) => (isEmpty(value) ? false : value), flag),
  }),
  z.transform((row): OrganikReportRow => {
    const result: OrganikReportRow = {
      gsm: row.gsm,
      transactionId: row.transaction_id,
      gsmTrackId: row.gsm_track_id,
      finishedAt: row.finish_date ?? null,
      status: row.status,
      smsCount: row.sms_count,
      creditAmount: row.credit_amount,
      isForeign: row.is_foreign_gsm,
    };
    if (row.delivery_track_id !== undefined) result.deliveryTrackId = row.delivery_track_id;
    if (row.create_date !== undefined) result.createdAt = row.create_date;
    if (row.start_date !== undefined) result.startedAt = row.start_date;
    return result;
  }),
);

export const detailedReportSchema: z.ZodMiniType<OrganikReportRow[]> = list(reportRowSchema);

/** A contact group. */
export interface OrganikGroup {
  /** Its id; usable as a recipient group in sends. */
  id: string;
  /** Its name. */
  name: string;
  /** Contacts in it. */
  count: number;
}

export const groupsSchema: z.ZodMiniType<OrganikGroup[]> = list(
  z.object({ id: text, name: text, count: numericOrZero }),
);

/** A contact of a group. */
export interface OrganikContact {
  /** The group's id. */
  groupId: string;
  /** The number. */
  gsm: string;
  /** First name (`#AD#` in personalised texts). */
  name?: string;
  /** Surname (`#SOYAD#`). */
  surname?: string;
  /** Birthday as a calendar day, `yyyy-MM-dd` (a day, not an instant). */
  birthday?: string;
}

const contactFields = {
  group_id: text,
  gsm: text,
  name: optionalText,
  surname: optionalText,
  birthday: calendarDay,
};

function toContact(row: {
  group_id: string;
  gsm: string;
  name?: string | undefined;
  surname?: string | undefined;
  birthday?: string | undefined;
}): OrganikContact {
  const contact: OrganikContact = { groupId: row.group_id, gsm: row.gsm };
  if (row.name !== undefined) contact.name = row.name;
  if (row.surname !== undefined) contact.surname = row.surname;
  if (row.birthday !== undefined) contact.birthday = row.birthday;
  return contact;
}

export const groupContentSchema: z.ZodMiniType<OrganikContact[]> = list(
  z.pipe(z.object(contactFields), z.transform(toContact)),
);

/** A group created by `groupAdd`. */
export interface OrganikCreatedGroup {
  /** The new group's id. */
  id: string;
  /** Its name. */
  name: string;
}

export const groupAddSchema: z.ZodMiniType<OrganikCreatedGroup[]> = list(z.object({ id: text, name: text }));

/** A contact stored by `groupContentAdd`. */
export interface OrganikStoredContact extends OrganikContact {
  /** The contact's id. */
  id: string;
}

export const groupContentAddSchema: z.ZodMiniType<OrganikStoredContact[]> = list(
  z.pipe(
    z.object({ id: text, ...contactFields }),
    z.transform((row) => ({ id: row.id, ...toContact(row) })),
  ),
);

/** A number on the account's blacklist. */
export interface OrganikBlacklistEntry {
  /** The number as Organik stores it. */
  gsm: string;
  /** The day it was added (Istanbul midnight), when known. */
  addedAt?: Date;
}

export const blacklistSchema: z.ZodMiniType<OrganikBlacklistEntry[]> = list(
  z.pipe(
    z.object({ gsm: text, date: optionalIstanbulDate }),
    z.transform((row) => (row.date === undefined ? { gsm: row.gsm } : { gsm: row.gsm, addedAt: row.date })),
  ),
);

/** An incoming message that matched one of your keywords. */
export interface OrganikInboxMessage {
  /** Its id. */
  id: string;
  /** The short number it was sent to. */
  recipient: string;
  /** The text. */
  message: string;
  /** The sender's number. */
  sender: string;
  /** When it arrived. */
  receivedAt: Date;
  /** The keyword of yours it matched. */
  rootKeyword?: string;
  /** The keyword as received, when different. */
  receiveKeyword: string | null;
}

/** Inbox `data` is an object keyed "0", "1"… in the documentation; accept that, an array, or an `<item>` list. */
export const inboxSchema: z.ZodMiniType<OrganikInboxMessage[]> = preprocess(
  (value) => {
    if (isEmpty(value)) return [];
    if (Array.isArray(value)) return value;
    if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.every(([key]) => /^\d+$/.test(key))) {
        return entries.sort(([left], [right]) => Number(left) - Number(right)).map(([, row]) => row);
      }
      return [value];
    }
    return value;
  },
  z.array(
    z.pipe(
      z.object({
        id: text,
        recipient: text,
        message: preprocess((value) => (isEmpty(value) ? '' : value), text),
        sender: text,
        received: istanbulDate,
        rootKeyword: optionalText,
        receiveKeyword: z.optional(nullableText),
      }),
      z.transform((row): OrganikInboxMessage => {
        const message: OrganikInboxMessage = {
          id: row.id,
          recipient: row.recipient,
          message: row.message,
          sender: row.sender,
          receivedAt: row.received,
          receiveKeyword: row.receiveKeyword ?? null,
        };
        if (row.rootKeyword !== undefined) message.rootKeyword = row.rootKeyword;
        return message;
      }),
    ),
  ),
);
