import {
  formatValidationIssues,
  type SmsMessageType,
  toValidationIssues,
  ValidationError,
} from '@x/messaging-core';
import { encodeBase64, safeParseWithMessages } from '@x/provider-utils';
import * as z from 'zod/mini';
import { ORGANIK_PROVIDER_ID } from './organik-error';
import { organikMessageFormat } from './organik-message';
import { toOrganikGsm } from './organik-phone';
import { formatIstanbulDate, formatIstanbulDateTime } from './organik-time';

/** Options of a delivery (or of a whole send, as `globalOptions`). */
export interface OrganikDeliveryOptions {
  /** Sender id: its numeric id (see `headers`) or its exact, case-sensitive name. */
  header?: string | number;
  /** Message type; `auto` (the default) picks the cheapest `message_format` that can carry the text. */
  messageFormat?: SmsMessageType;
  /** Hours the operator keeps trying (1–48, default 48); undelivered messages are then refunded. */
  timeoutHours?: number;
  /** Send at this time instead of now (sent as Istanbul time, minute precision). */
  deliveryTime?: Date;
  /** `true` (the default) sends once to a number given several times; `false` sends to every occurrence. */
  gsmIsUnique?: boolean;
  /** Your own id for this delivery; reports can be asked for by it (`deliveryTrackIds`). */
  trackId?: string | number;
  /** A URL Organik POSTs the delivery report to (JSON) when the delivery is done. */
  reportUrl?: string;
}

/** Who receives a delivery: numbers and/or contact groups (at least one of them). */
export interface OrganikRecipients {
  /** Phone numbers in any common notation; Turkish mobiles may omit `+90`. */
  gsms?: readonly string[];
  /** Contact group ids; texts may then use `#AD#`, `#SOYAD#`, `#GSM#`, `#OZEL1#`…`#OZEL5#`. */
  groups?: readonly (string | number)[];
}

/** One text to a set of recipients. */
export interface OrganikDelivery {
  /** Options of this delivery; they complete (and override) the send's `globalOptions`. */
  options?: OrganikDeliveryOptions;
  /** The recipients. */
  recipients: OrganikRecipients;
  /** The text, in plain UTF-8 (it is base64-encoded for you). */
  message: string;
}

/** Input of `sendSms`: one or many deliveries in one request. */
export interface OrganikSendSmsInput {
  /** Options applying to every delivery unless a delivery sets its own. */
  globalOptions?: OrganikDeliveryOptions;
  /** The deliveries (at least one). */
  deliveries: readonly OrganikDelivery[];
}

/** Input of `smsViaGet`: one text, sent with a GET request. */
export interface OrganikSmsViaGetInput extends Omit<OrganikDeliveryOptions, 'header'> {
  /** Sender id or exact name. */
  header: string | number;
  /** Phone numbers (give these and/or `groupIds`). */
  gsms?: readonly string[];
  /** Contact group ids. */
  groupIds?: readonly (string | number)[];
  /** The text, in plain UTF-8. */
  message: string;
}

/** Which messages a report is about; give at least one list. */
export interface OrganikReportQuery {
  /** Delivery ids (`transactionId` of a send). */
  transactionIds?: readonly (string | number)[];
  /** Your track ids. */
  deliveryTrackIds?: readonly (string | number)[];
  /** Per-number ids (`gsmTrackId` of a send). */
  gsmTrackIds?: readonly (string | number)[];
}

/** A contact to add to a group. */
export interface OrganikNewContact {
  /** The group's id. */
  groupId: string | number;
  /** The number. */
  gsm: string;
  /** First name (at most 50 characters). */
  name?: string;
  /** Surname (at most 50 characters). */
  surname?: string;
  /** Birthday: a `Date` (its Istanbul day) or `yyyy-MM-dd`. */
  birthday?: Date | string;
}

/** Filter of `inbox`. */
export interface OrganikInboxQuery {
  /** Only messages that matched this keyword of yours. */
  rootKeyword?: string;
  /** From this day (a `Date`, read as its Istanbul day, or `yyyy-MM-dd`). The range may span 30 days at most. */
  begin?: Date | string;
  /** Until this day. */
  end?: Date | string;
}

/** A request, ready for the wire: the operation, its HTTP method, and its query or body data. */
export interface OrganikWireRequest {
  /** Organik's `request_name`. */
  requestName: string;
  /** HTTP method. */
  method: 'GET' | 'POST';
  /** Query parameters (GET). */
  query?: Record<string, string>;
  /** The content of `data` (POST), with Organik's field names. */
  data?: Record<string, unknown>;
  /**
   * Values of the request that are secrets besides the credentials: the report URLs (`report_url`), which
   * usually carry the receiver's token. They are hidden from hooks and errors like the key.
   */
  secrets?: string[];
}

/** Checks `input` with `schema`; a ValidationError naming every wrong field (never its value) otherwise. */
function check<T>(schema: z.ZodMiniType<T>, input: unknown, what: string): T {
  const result = safeParseWithMessages(schema, input);
  if (result.success) return result.data;
  const issues = toValidationIssues(result.error.issues);
  throw new ValidationError({
    message: `Invalid ${what}: ${formatValidationIssues(issues, { max: 3 })}.`,
    issues,
    target: 'request',
    providerId: ORGANIK_PROVIDER_ID,
  });
}

const idSchema = z.union([
  z.int().check(z.nonnegative()),
  z
    .string()
    .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(100, 'must be at most 100 characters')),
]);
const idListSchema = z.array(idSchema);
const validDate = z.date().check(z.refine((date) => !Number.isNaN(date.getTime()), 'must be a valid date'));

const deliveryOptionsShape = {
  header: z.optional(idSchema),
  messageFormat: z.optional(z.enum(['auto', 'normal', 'turkish', 'unicode'])),
  timeoutHours: z.optional(z.int().check(z.minimum(1), z.maximum(48))),
  deliveryTime: z.optional(validDate),
  gsmIsUnique: z.optional(z.boolean()),
  trackId: z.optional(idSchema),
  reportUrl: z.optional(z.url({ protocol: /^https?$/ })),
};
const deliveryOptionsObjectSchema = z.strictObject(deliveryOptionsShape);
const deliveryOptionsSchema = z.optional(deliveryOptionsObjectSchema);

const recipientsSchema = z
  .strictObject({
    gsms: z.optional(z.array(z.string())),
    groups: z.optional(idListSchema),
  })
  .check(
    z.refine(
      (recipients) => (recipients.gsms?.length ?? 0) + (recipients.groups?.length ?? 0) > 0,
      'must name at least one number or group',
    ),
  );

const sendSmsSchema = z.strictObject({
  globalOptions: deliveryOptionsSchema,
  deliveries: z
    .array(
      z.strictObject({ options: deliveryOptionsSchema, recipients: recipientsSchema, message: z.string() }),
    )
    .check(z.minLength(1, 'must contain at least one delivery')),
});

/** Turns a numeric id into a number (as the documentation's examples send them), anything else stays a string. */
function wireId(id: string | number): string | number {
  if (typeof id === 'number') return id;
  return /^\d{1,15}$/.test(id) ? Number(id) : id;
}

function wireOptions(options: OrganikDeliveryOptions, messageFormat: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (options.header !== undefined) out.header = options.header;
  out.message_format = messageFormat;
  if (options.timeoutHours !== undefined) out.timeout = options.timeoutHours;
  if (options.deliveryTime !== undefined) out.delivery_time = formatIstanbulDateTime(options.deliveryTime);
  out.gsm_isUnique = options.gsmIsUnique === false ? 0 : 1;
  if (options.trackId !== undefined) out.track_id = String(options.trackId);
  if (options.reportUrl !== undefined) out.report_url = options.reportUrl;
  return out;
}

/**
 * A delivery whose every part is already checked and in Organik's form: what {@link toOrganikSendSmsWireRequest}
 * puts on the wire as it is.
 */
export interface OrganikCheckedDelivery {
  /** Its complete options (the send's `globalOptions` merged under its own), checked. */
  options: OrganikDeliveryOptions;
  /** The `message_format` its text was measured for. */
  messageFormat: 0 | 1 | 2;
  /** Its numbers, as Organik's digits. */
  gsms?: readonly number[];
  /** Its contact groups, as Organik's ids. */
  groups?: readonly (string | number)[];
  /** Its text, base64-encoded. */
  message: string;
}

/**
 * Builds the `sendsms` request. Each delivery carries its complete options (the send's `globalOptions` merged
 * under its own), so that no option is set both globally and per delivery, where the documentation contradicts
 * itself about which wins. Texts are measured to set `message_format` and refused when longer than 7 parts;
 * numbers are normalised to Organik's digits. Throws a typed error before any request on bad input.
 * @param input - the send
 */
export function convertToOrganikSendSmsRequest(input: OrganikSendSmsInput): OrganikWireRequest {
  const parsed = check(sendSmsSchema, input, 'sendSms input');
  const deliveries = parsed.deliveries.map((delivery): OrganikCheckedDelivery => {
    const options: OrganikDeliveryOptions = { ...parsed.globalOptions, ...delivery.options };
    const checked: OrganikCheckedDelivery = {
      options,
      messageFormat: organikMessageFormat(delivery.message, options.messageFormat),
      message: encodeBase64(delivery.message),
    };
    if (delivery.recipients.gsms?.length) checked.gsms = delivery.recipients.gsms.map(toWireGsm);
    if (delivery.recipients.groups?.length) checked.groups = delivery.recipients.groups.map(wireId);
    return checked;
  });
  return toOrganikSendSmsWireRequest(deliveries);
}

/**
 * Checks the options of a delivery as {@link convertToOrganikSendSmsRequest} does (a sender id of 1 to 100
 * characters, trimmed; `timeoutHours` 1 to 48; an http(s) `reportUrl`...), for a caller that builds its
 * deliveries itself (the provider) and checks its numbers and text on its own.
 * @param options - the options
 * @throws ValidationError naming each wrong option, never its value
 */
export function checkOrganikDeliveryOptions(options: OrganikDeliveryOptions): OrganikDeliveryOptions {
  return check(deliveryOptionsObjectSchema, options, 'delivery options');
}

/**
 * The `sendsms` request of deliveries already checked, as they are: the one place the request is written, for
 * {@link convertToOrganikSendSmsRequest} after its checks and for the provider after its own (so that each number
 * and text is checked once). The report URLs are the request's secrets.
 * @param deliveries - the checked deliveries
 */
export function toOrganikSendSmsWireRequest(
  deliveries: readonly OrganikCheckedDelivery[],
): OrganikWireRequest {
  const wire = deliveries.map((delivery) => {
    const recipients: Record<string, unknown> = {};
    if (delivery.gsms?.length) recipients.gsms = delivery.gsms;
    if (delivery.groups?.length) recipients.groups = delivery.groups;
    return {
      options: wireOptions(delivery.options, delivery.messageFormat),
      recipients,
      message: delivery.message,
    };
  });
  const reportUrls = deliveries.flatMap((delivery) =>
    delivery.options.reportUrl === undefined ? [] : [delivery.options.reportUrl],
  );
  return {
    requestName: 'sendsms',
    method: 'POST',
    data: { deliveries: wire },
    ...(reportUrls.length > 0 ? { secrets: [...new Set(reportUrls)] } : {}),
  };
}

function toWireGsm(gsm: string): number {
  return Number(toOrganikGsm(gsm));
}

const smsViaGetSchema = z
  .strictObject({
    ...deliveryOptionsShape,
    header: idSchema,
    gsms: z.optional(z.array(z.string())),
    groupIds: z.optional(idListSchema),
    message: z.string(),
  })
  .check(
    z.refine(
      (value) => (value.gsms?.length ?? 0) + (value.groupIds?.length ?? 0) > 0,
      'must name at least one number or group',
    ),
  );

/**
 * Builds the `smsviaget` request: every value percent-encoded in the query (base64's `+`, `/` and `=`
 * included), numbers normalised, the text measured for `message_format`.
 * @param input - the send
 */
export function convertToOrganikSmsViaGetRequest(input: OrganikSmsViaGetInput): OrganikWireRequest {
  const parsed = check(smsViaGetSchema, input, 'smsViaGet input');
  const messageFormat = organikMessageFormat(parsed.message, parsed.messageFormat);
  const query: Record<string, string> = { header: String(parsed.header) };
  if (parsed.gsms?.length) query.gsms = parsed.gsms.map(toOrganikGsm).join(',');
  if (parsed.groupIds?.length) query.groupids = parsed.groupIds.map(String).join(',');
  query.message = encodeBase64(parsed.message);
  query.message_format = String(messageFormat);
  if (parsed.timeoutHours !== undefined) query.timeout = String(parsed.timeoutHours);
  if (parsed.deliveryTime !== undefined) query.deliverytime = formatIstanbulDateTime(parsed.deliveryTime);
  query.gsm_isunique = parsed.gsmIsUnique === false ? '0' : '1';
  if (parsed.trackId !== undefined) query.track_id = String(parsed.trackId);
  if (parsed.reportUrl !== undefined) query.report_url = parsed.reportUrl;
  return {
    requestName: 'smsviaget',
    method: 'GET',
    query,
    ...(parsed.reportUrl !== undefined ? { secrets: [parsed.reportUrl] } : {}),
  };
}

const reportQuerySchema = z
  .strictObject({
    transactionIds: z.optional(idListSchema),
    deliveryTrackIds: z.optional(idListSchema),
    gsmTrackIds: z.optional(idListSchema),
  })
  .check(
    z.refine(
      (query) =>
        (query.transactionIds?.length ?? 0) +
          (query.deliveryTrackIds?.length ?? 0) +
          (query.gsmTrackIds?.length ?? 0) >
        0,
      'must name at least one transaction id, track id or gsm track id',
    ),
  );

/**
 * Builds a `detailedreport` or `basicreport` request; at least one id must be given.
 * @param requestName - `detailedreport` or `basicreport`
 * @param query - the ids
 */
export function convertToOrganikReportRequest(
  requestName: 'detailedreport' | 'basicreport',
  query: OrganikReportQuery,
): OrganikWireRequest {
  const parsed = check(reportQuerySchema, query, `${requestName} query`);
  const data: Record<string, unknown> = {};
  if (parsed.transactionIds?.length) data.transaction_ids = parsed.transactionIds.map(wireId);
  if (parsed.deliveryTrackIds?.length) data.delivery_track_ids = parsed.deliveryTrackIds.map(String);
  if (parsed.gsmTrackIds?.length) data.gsm_track_ids = parsed.gsmTrackIds.map(String);
  return { requestName, method: 'POST', data };
}

const nonEmptyIds = (what: string) => idListSchema.check(z.minLength(1, `must contain at least one ${what}`));

/**
 * Builds a `cancelscheduledtasks` request.
 * @param transactionIds - delivery ids of scheduled sends
 */
export function convertToOrganikCancelRequest(
  transactionIds: readonly (string | number)[],
): OrganikWireRequest {
  const ids = check(nonEmptyIds('transaction id'), transactionIds, 'transaction ids');
  return { requestName: 'cancelscheduledtasks', method: 'POST', data: { transaction_ids: ids.map(wireId) } };
}

/**
 * Builds a `groupcontent` request.
 * @param groupIds - the groups whose contacts to list
 */
export function convertToOrganikGroupContentRequest(
  groupIds: readonly (string | number)[],
): OrganikWireRequest {
  const ids = check(nonEmptyIds('group id'), groupIds, 'group ids');
  return { requestName: 'groupcontent', method: 'POST', data: { group_ids: ids.map(wireId) } };
}

/**
 * Builds a `groupadd` request.
 * @param names - names of the groups to create
 */
export function convertToOrganikGroupAddRequest(names: readonly string[]): OrganikWireRequest {
  const parsed = check(
    z
      .array(z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(100)))
      .check(z.minLength(1, 'must contain at least one name')),
    names,
    'group names',
  );
  return { requestName: 'groupadd', method: 'POST', data: { groups: [...parsed] } };
}

const calendarDaySchema = z.union([
  validDate,
  z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be yyyy-MM-dd')),
]);

function wireDay(value: Date | string): string {
  return typeof value === 'string' ? value : formatIstanbulDate(value);
}

const personsSchema = z
  .array(
    z.strictObject({
      groupId: idSchema,
      gsm: z.string(),
      name: z.optional(z.string().check(z.maxLength(50))),
      surname: z.optional(z.string().check(z.maxLength(50))),
      birthday: z.optional(calendarDaySchema),
    }),
  )
  .check(z.minLength(1, 'must contain at least one contact'));

/**
 * Builds a `groupcontentadd` request; numbers are normalised (an invalid one throws before any request).
 * @param persons - the contacts to add
 */
export function convertToOrganikGroupContentAddRequest(
  persons: readonly OrganikNewContact[],
): OrganikWireRequest {
  const parsed = check(personsSchema, persons, 'contacts');
  return {
    requestName: 'groupcontentadd',
    method: 'POST',
    data: {
      persons: parsed.map((person) => {
        const wire: Record<string, unknown> = {
          group_id: wireId(person.groupId),
          gsm: toWireGsm(person.gsm),
        };
        if (person.name !== undefined) wire.name = person.name;
        if (person.surname !== undefined) wire.surname = person.surname;
        if (person.birthday !== undefined) wire.birthday = wireDay(person.birthday);
        return wire;
      }),
    },
  };
}

/**
 * Builds a `blacklistadd` or `blacklistremove` request. Numbers travel as digit strings, Turkish ones in the
 * national form with a leading 0 (`05321234567`), as in the documentation's examples.
 * @param requestName - `blacklistadd` or `blacklistremove`
 * @param gsms - the numbers
 */
export function convertToOrganikBlacklistRequest(
  requestName: 'blacklistadd' | 'blacklistremove',
  gsms: readonly string[],
): OrganikWireRequest {
  const parsed = check(
    z.array(z.string()).check(z.minLength(1, 'must contain at least one number')),
    gsms,
    'numbers',
  );
  return {
    requestName,
    method: 'POST',
    data: {
      gsms: parsed.map((gsm) => {
        const digits = toOrganikGsm(gsm);
        return digits.startsWith('90') ? `0${digits.slice(2)}` : digits;
      }),
    },
  };
}

/**
 * Builds an `inbox` request.
 * @param query - keyword and day range, all optional
 */
export function convertToOrganikInboxRequest(query: OrganikInboxQuery = {}): OrganikWireRequest {
  const parsed = check(
    z
      .strictObject({
        rootKeyword: z.optional(z.string().check(z.trim(), z.minLength(1))),
        begin: z.optional(calendarDaySchema),
        end: z.optional(calendarDaySchema),
      })
      .check(
        z.refine(
          (value) => {
            if (value.begin === undefined || value.end === undefined) return true;
            const days = (Date.parse(wireDay(value.end)) - Date.parse(wireDay(value.begin))) / 86_400_000;
            return days >= 0 && days <= 30;
          },
          { message: 'must span 0 to 30 days (end not before begin)', path: ['end'] },
        ),
      ),
    query,
    'inbox query',
  );
  const data: Record<string, unknown> = {};
  if (parsed.rootKeyword !== undefined) data.rootKeyword = parsed.rootKeyword;
  if (parsed.begin !== undefined || parsed.end !== undefined) {
    const date: Record<string, string> = {};
    if (parsed.begin !== undefined) date.begin = wireDay(parsed.begin);
    if (parsed.end !== undefined) date.end = wireDay(parsed.end);
    data.date = date;
  }
  return { requestName: 'inbox', method: 'POST', data };
}
