import { z } from 'zod';
import { parseIstanbulDateTime } from './organik-time';

/*
 * Response shapes after the wire format is read. JSON and XML arrive here as plain values; XML gives every
 * scalar as a string, an empty element as '' and a one-element list as an array (see organik-xml.ts). These
 * schemas accept both, convert numbers that arrive as strings, make every id a string, parse dates as Istanbul
 * time, and produce the camelCase types below. They are lenient about extra and missing optional fields.
 * The `sendsms` answer, which grows with the number of recipients, is read by plain code with the same rules
 * (organik-send-result.ts).
 */

const isEmpty = (value: unknown): boolean => value === undefined || value === null || value === '';

const text = z.union([z.string(), z.number()]).transform(String);
const optionalText = z.preprocess(
  (value) => (isEmpty(value) ? undefined : value),
  z.union([z.string(), z.number()]).transform(String).optional(),
);
const nullableText = z.preprocess(
  (value) => (isEmpty(value) ? null : value),
  z.union([z.string(), z.number()]).transform(String).nullable(),
);
const numeric = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(?:\.\d+)?$/, 'Expected a number')
    .transform(Number),
]);
const numericOrZero = z.preprocess((value) => (isEmpty(value) ? 0 : value), numeric);
const flag = z
  .union([z.boolean(), z.literal(0), z.literal(1), z.enum(['0', '1', 'true', 'false'])])
  .transform((value) => value === true || value === 1 || value === '1' || value === 'true');
const istanbulDate = z.string().transform((value, context) => {
  const date = parseIstanbulDateTime(value);
  if (!date) {
    context.addIssue({ code: 'custom', message: 'Expected a date as yyyy-MM-dd[ HH:mm[:ss]]' });
    return z.NEVER;
  }
  return date;
});
const nullableIstanbulDate = z.preprocess(
  (value) => (isEmpty(value) ? null : value),
  istanbulDate.nullable(),
);
const calendarDay = z.preprocess(
  (value) => (isEmpty(value) || value === '0000-00-00' ? undefined : value),
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected yyyy-MM-dd')
    .optional(),
);

/** A list: an array, one object (a single XML `<item>` read without its wrapper) or empty (`''`, missing). */
function list<T extends z.ZodType>(item: T) {
  return z.preprocess((value) => {
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

export const errorSchema: z.ZodType<OrganikErrorInfo> = z
  .object({
    number: z.unknown().optional(),
    code: z.unknown().optional(),
    message: z.unknown().optional(),
  })
  .transform((error) => ({
    code: pickOrganikErrorCode(error.number, error.code),
    message: typeof error.message === 'string' ? error.message : '',
  }));

/** The account's balance. */
export interface OrganikBalance {
  /** Money balance in Turkish lira (pays for foreign numbers). */
  tl: number;
  /** SMS credits (pay for domestic numbers). */
  credit: number;
}

export const balanceSchema: z.ZodType<OrganikBalance> = z.object({
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

export const headersSchema: z.ZodType<OrganikHeader[]> = list(z.object({ id: text, name: text }));

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

/** The outcome of cancelling one scheduled delivery. */
export interface OrganikCancelResult {
  /** The delivery's id. */
  transactionId: string;
  /** Whether Organik cancelled it. */
  cancelled: boolean;
}

export const cancelResultSchema: z.ZodType<OrganikCancelResult[]> = list(
  z
    .object({ transaction_id: text, status: flag })
    .transform((row) => ({ transactionId: row.transaction_id, cancelled: row.status })),
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

export const basicReportSchema: z.ZodType<OrganikBasicReport> = z
  .object({
    gsm_count: numericOrZero,
    credit_amount: numericOrZero,
    tl_amount: numericOrZero,
    sending_count: numericOrZero,
    sended_count: numericOrZero,
    deliveried_count: numericOrZero,
    wrong_count: numericOrZero,
    timeout_count: numericOrZero,
    sms_count: numericOrZero,
  })
  .transform((row) => ({
    gsmCount: row.gsm_count,
    creditAmount: row.credit_amount,
    tlAmount: row.tl_amount,
    sendingCount: row.sending_count,
    sentCount: row.sended_count,
    deliveredCount: row.deliveried_count,
    wrongCount: row.wrong_count,
    timeoutCount: row.timeout_count,
    smsCount: row.sms_count,
  }));

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

export const reportRowSchema: z.ZodType<OrganikReportRow> = z
  .object({
    gsm: text,
    transaction_id: text,
    gsm_track_id: text,
    delivery_track_id: optionalText,
    create_date: z.preprocess((value) => (isEmpty(value) ? undefined : value), istanbulDate.optional()),
    start_date: z.preprocess((value) => (isEmpty(value) ? undefined : value), istanbulDate.optional()),
    finish_date: nullableIstanbulDate.optional(),
    status: numeric,
    sms_count: numericOrZero,
    credit_amount: numericOrZero,
    is_foreign_gsm: z.preprocess((value) => (isEmpty(value) ? false : value), flag),
  })
  .transform((row): OrganikReportRow => {
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
  });

export const detailedReportSchema: z.ZodType<OrganikReportRow[]> = list(reportRowSchema);

/** A contact group. */
export interface OrganikGroup {
  /** Its id; usable as a recipient group in sends. */
  id: string;
  /** Its name. */
  name: string;
  /** Contacts in it. */
  count: number;
}

export const groupsSchema: z.ZodType<OrganikGroup[]> = list(
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

export const groupContentSchema: z.ZodType<OrganikContact[]> = list(
  z.object(contactFields).transform(toContact),
);

/** A group created by `groupAdd`. */
export interface OrganikCreatedGroup {
  /** The new group's id. */
  id: string;
  /** Its name. */
  name: string;
}

export const groupAddSchema: z.ZodType<OrganikCreatedGroup[]> = list(z.object({ id: text, name: text }));

/** A contact stored by `groupContentAdd`. */
export interface OrganikStoredContact extends OrganikContact {
  /** The contact's id. */
  id: string;
}

export const groupContentAddSchema: z.ZodType<OrganikStoredContact[]> = list(
  z.object({ id: text, ...contactFields }).transform((row) => ({ id: row.id, ...toContact(row) })),
);

/** A number on the account's blacklist. */
export interface OrganikBlacklistEntry {
  /** The number as Organik stores it. */
  gsm: string;
  /** The day it was added (Istanbul midnight), when known. */
  addedAt?: Date;
}

export const blacklistSchema: z.ZodType<OrganikBlacklistEntry[]> = list(
  z
    .object({
      gsm: text,
      date: z.preprocess((value) => (isEmpty(value) ? undefined : value), istanbulDate.optional()),
    })
    .transform((row) => (row.date === undefined ? { gsm: row.gsm } : { gsm: row.gsm, addedAt: row.date })),
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
export const inboxSchema: z.ZodType<OrganikInboxMessage[]> = z.preprocess(
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
    z
      .object({
        id: text,
        recipient: text,
        message: z.preprocess((value) => (isEmpty(value) ? '' : value), text),
        sender: text,
        received: istanbulDate,
        rootKeyword: optionalText,
        receiveKeyword: nullableText.optional(),
      })
      .transform((row): OrganikInboxMessage => {
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
);

/** The response envelope, after the wire format is read. */
export type OrganikEnvelope = { ok: true; data: unknown } | { ok: false; error: OrganikErrorInfo };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function truthy(value: unknown): boolean | undefined {
  if (value === true || value === 1 || value === '1' || value === 'true') return true;
  if (value === false || value === 0 || value === '0' || value === 'false') return false;
  return undefined;
}

/**
 * Unwraps Organik's envelope: `{ response: { result, data | error } }`. Tolerates `result` inside `data` (the
 * documentation's XML send examples), a success without `data`, and a bare list of rows without any envelope (the
 * documentation's XML detailed-report example). Returns `undefined` when the value is no Organik response at all.
 * @param value - the parsed body (JSON, or XML read by readOrganikXmlResponse)
 */
export function unwrapOrganikEnvelope(value: unknown): OrganikEnvelope | undefined {
  if (Array.isArray(value)) return { ok: true, data: value };
  if (!isRecord(value)) return undefined;
  const response = value.response;
  if (!isRecord(response)) {
    if (response === '' && Object.keys(value).length === 1) return { ok: true, data: undefined };
    return undefined;
  }
  const error = response.error;
  let data = response.data;
  let result = truthy(response.result);
  if (isRecord(data) && 'result' in data) {
    const { result: inner, ...rest } = data;
    result ??= truthy(inner);
    data = rest;
  }
  if (isRecord(error) && Object.keys(error).length > 0) {
    return { ok: false, error: errorSchema.parse(error) };
  }
  if (result === false) return { ok: false, error: { code: 0, message: '' } };
  if (result === undefined && data === undefined) return undefined;
  return { ok: true, data };
}
