import { InvalidPhoneNumberError } from '@x/messaging-core';
import * as z from 'zod/mini';
import { toBulutfonNumber } from './bulutfon-phone';
import type {
  BulutfonAcl,
  BulutfonDestinationType,
  BulutfonRedirectionType,
  BulutfonWeekday,
} from './bulutfon-schemas';
import type { PhoneIssueParams } from './bulutfon-validation';

/**
 * What the client's methods take (camelCase), their strict schemas, and the pure mappers that turn them into
 * Bulutfon's snake_case parameters.
 */

/** A phone number in any common notation, as Bulutfon's international digits; a bad one is an issue. */
const phoneNumber = z.pipe(
  z.union([z.string(), z.number()]),
  z.transform((value, payload) => {
    try {
      return toBulutfonNumber(value);
    } catch (error) {
      if (!InvalidPhoneNumberError.isInstance(error)) throw error;
      const params: PhoneIssueParams = { phone: true, reason: error.reason, masked: error.input };
      payload.issues.push({ code: 'custom', message: error.message, params, input: '' });
      return z.NEVER;
    }
  }),
);

/** One number or several, each checked, duplicates dropped. */
const phoneNumbers = z.pipe(
  z.pipe(
    z.transform((value: unknown) => (Array.isArray(value) ? value : [value])),
    z.array(phoneNumber).check(z.minLength(1)),
  ),
  z.transform((numbers) => [...new Set(numbers)]),
);

const nonEmpty = z.string().check(z.trim(), z.minLength(1));
const time = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM'));
const positiveInteger = z.int().check(z.positive());
const pageSize = z.int().check(z.positive(), z.lte(1000));
/** A file in Bulutfon's attachment format (see `encodeBulutfonAttachment`). */
const attachment = z.string().check(z.startsWith('data:'));

// ---------------------------------------------------------------- cdrs

/** Filters of `GET /cdrs`. */
export interface BulutfonCdrListOptions {
  /** 1-based page. */
  page?: number;
  /** Page size (the API's default is 100). */
  limit?: number;
  /** Calls from these numbers. */
  caller?: string | string[];
  /** Calls to these numbers. */
  callee?: string | string[];
  /** Calls from or to these numbers. */
  callerOrCallee?: string | string[];
  /** `true`: missed calls only; `false`: answered only; omit for all. */
  missingCall?: boolean;
  /** Sort order, e.g. `{ field: 'uuid', direction: 'asc' }`. */
  order?: { field: string; direction?: 'asc' | 'desc' };
  /** Only the last hour, day or month (v1 has no arbitrary date range). */
  timeLimit?: 'hour' | 'day' | 'month';
}

const numberFilter = z.pipe(
  z.union([
    z.string().check(z.minLength(1)),
    z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
  ]),
  z.transform((value) =>
    (Array.isArray(value) ? value : value.split(',')).map((item) => item.trim()).join(','),
  ),
);

export const cdrListOptionsSchema = z.strictObject({
  page: z.optional(positiveInteger),
  limit: z.optional(pageSize),
  caller: z.optional(numberFilter),
  callee: z.optional(numberFilter),
  callerOrCallee: z.optional(numberFilter),
  missingCall: z.optional(z.boolean()),
  order: z.optional(
    z.strictObject({
      field: z.string().check(z.regex(/^\w+$/, 'expected a field name')),
      direction: z.optional(z.enum(['asc', 'desc'])),
    }),
  ),
  timeLimit: z.optional(z.enum(['hour', 'day', 'month'])),
});

/** Query parameters of `GET /cdrs` for validated filters. Pure. */
export function toCdrQuery(
  options: z.output<typeof cdrListOptionsSchema>,
): Record<string, string | undefined> {
  return {
    page: options.page?.toString(),
    limit: options.limit?.toString(),
    caller: options.caller,
    callee: options.callee,
    caller_or_callee: options.callerOrCallee,
    missing_call: options.missingCall?.toString(),
    order: options.order ? `${options.order.field},${options.order.direction ?? 'asc'}` : undefined,
    time_limit: options.timeLimit,
  };
}

/** A page of a plain list (`GET /messages`). */
export const pageOptionsSchema = z.strictObject({
  page: z.optional(positiveInteger),
  limit: z.optional(pageSize),
});

// ---------------------------------------------------------------- extensions

/** Fields of a new extension. */
export interface BulutfonExtensionCreateOptions {
  /** The user's name (shown as `callerName`). */
  fullName: string;
  email: string;
  /** Outbound caller number (a PBX number). */
  did: string;
  /** 4-digit extension number. */
  number: number;
  /** Voicemail on (default off). */
  voicemail?: boolean;
  redirectionType: BulutfonRedirectionType;
  /** Required unless `redirectionType` is `NONE`. */
  destinationType?: BulutfonDestinationType;
  /** Required unless `destinationType` is `EXTERNAL`. */
  destinationNumber?: number;
  /** Required when `destinationType` is `EXTERNAL`. */
  externalNumber?: string;
  /** Outbound permissions. */
  acl?: BulutfonAcl[];
}

/** Fields to change on an extension; omitted fields are left as they are. */
export type BulutfonExtensionUpdateOptions = Partial<BulutfonExtensionCreateOptions>;

const extensionFields = z.strictObject({
  fullName: nonEmpty,
  email: z.email(),
  did: z.pipe(
    z.union([z.string(), z.number()]),
    z.transform((value) => String(value).replace(/^\+/, '')),
  ),
  number: z.int().check(z.gte(1000), z.lte(9999)),
  voicemail: z.optional(z.boolean()),
  redirectionType: nonEmpty,
  destinationType: z.optional(nonEmpty),
  destinationNumber: z.optional(z.int().check(z.nonnegative())),
  externalNumber: z.optional(phoneNumber),
  acl: z.optional(z.array(nonEmpty)),
});

/** Where a forwarded call goes must be said, and said completely. */
const redirectionCheck = z.superRefine(
  (
    value: Partial<{
      redirectionType: string;
      destinationType: string;
      destinationNumber: number;
      externalNumber: string;
    }>,
    context,
  ) => {
    const add = (path: string, message: string) =>
      context.issues.push({ code: 'custom', path: [path], message, input: value });
    if (value.redirectionType !== undefined && value.redirectionType !== 'NONE' && !value.destinationType) {
      add('destinationType', 'required when redirecting');
    }
    if (value.destinationType === 'EXTERNAL' && !value.externalNumber) {
      add('externalNumber', 'required for an EXTERNAL destination');
    }
    if (
      value.destinationType &&
      value.destinationType !== 'EXTERNAL' &&
      value.destinationNumber === undefined
    ) {
      add('destinationNumber', 'required for this destination');
    }
  },
);

export const extensionCreateOptionsSchema = extensionFields.check(redirectionCheck);
export const extensionUpdateOptionsSchema = z.partial(extensionFields).check(
  redirectionCheck,
  z.refine((value) => Object.keys(value).length > 0, { message: 'nothing to update' }),
);

/** Body of `POST /extensions` or `PUT /extensions/{id}`. Pure. */
export function toExtensionBody(
  options: z.output<typeof extensionUpdateOptionsSchema>,
): Record<string, unknown> {
  return {
    full_name: options.fullName,
    email: options.email,
    did: options.did,
    number: options.number,
    voicemail: options.voicemail,
    redirection_type: options.redirectionType,
    destination_type: options.destinationType,
    destination_number: options.destinationNumber,
    external_number: options.externalNumber,
    acl: options.acl,
  };
}

// ---------------------------------------------------------------- faxes, announcements

export const outgoingFaxOptionsSchema = z.strictObject({
  title: nonEmpty,
  receivers: phoneNumbers,
  did: phoneNumber,
  attachment,
});

export const announcementUploadSchema = z.strictObject({ name: nonEmpty, announcement: attachment });

// ---------------------------------------------------------------- automatic calls

/** When automatic calls may ring on one day. */
export interface BulutfonCallWindowOptions {
  /** Calls on this day (default true). */
  active?: boolean;
  /** `HH:MM`, default `09:00`. */
  start?: string;
  /** `HH:MM`, default `18:00`. */
  finish?: string;
}

/** A new automatic call campaign. Exactly one of `announcementId`, `soundUrl`, `bulutfonXmId`. */
export interface BulutfonAutomaticCallCreateOptions {
  title: string;
  /** Numbers to call, one after another. */
  receivers: string | string[];
  /** The calling PBX number. */
  did: string;
  /** Play an announcement (id from `announcements.list()`). */
  announcementId?: number;
  /** Play the audio at this URL. */
  soundUrl?: string;
  /** Hand the call to a Bulutfon XM (BFXM) application. */
  bulutfonXmId?: number;
  /** Opaque data passed to the BFXM application (webhooks report it as `additional_data`). */
  bulutfonXmData?: string;
  /** Ring time in seconds, 0–60. */
  timeout?: number;
  /** Record the key the callee presses (default true). */
  gather?: boolean;
  /** Honour `callRange` (default false: call at any time). */
  hoursActive?: boolean;
  /** Per-day windows. */
  callRange?: Partial<Record<BulutfonWeekday, BulutfonCallWindowOptions>>;
}

/** How Bulutfon prefixes the fields of each day's window (`mon_start`, `tue_active`...). */
export const DAY_PREFIXES: Readonly<Record<BulutfonWeekday, string>> = {
  monday: 'mon',
  tuesday: 'tue',
  wednesday: 'wed',
  thursday: 'thu',
  friday: 'fri',
  saturday: 'sat',
  sunday: 'sun',
};

const callWindowSchema = z.optional(
  z.strictObject({ active: z.optional(z.boolean()), start: z.optional(time), finish: z.optional(time) }),
);

export const automaticCallCreateOptionsSchema = z
  .strictObject({
    title: nonEmpty,
    receivers: phoneNumbers,
    did: phoneNumber,
    announcementId: z.optional(positiveInteger),
    soundUrl: z.optional(z.url({ protocol: /^https?$/ })),
    bulutfonXmId: z.optional(positiveInteger),
    bulutfonXmData: z.optional(z.string()),
    timeout: z.optional(z.int().check(z.gte(0), z.lte(60))),
    gather: z.optional(z.boolean()),
    hoursActive: z.optional(z.boolean()),
    callRange: z.optional(
      z.strictObject({
        monday: callWindowSchema,
        tuesday: callWindowSchema,
        wednesday: callWindowSchema,
        thursday: callWindowSchema,
        friday: callWindowSchema,
        saturday: callWindowSchema,
        sunday: callWindowSchema,
      }),
    ),
  })
  .check(
    z.refine(
      (value) =>
        [value.announcementId, value.soundUrl, value.bulutfonXmId].filter((item) => item !== undefined)
          .length === 1,
      { message: 'give exactly one of announcementId, soundUrl, bulutfonXmId', path: ['announcementId'] },
    ),
  );

/** Body of `POST /automatic-calls`. Pure. */
export function toAutomaticCallBody(
  options: z.output<typeof automaticCallCreateOptionsSchema>,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    title: options.title,
    receivers: options.receivers.join(','),
    did: options.did,
    announcement_id: options.announcementId,
    sound_url: options.soundUrl,
    bulutfon_xm_id: options.bulutfonXmId,
    bulutfon_xm_data: options.bulutfonXmData,
    timeout: options.timeout,
    gather: options.gather,
    hours_active: options.hoursActive,
  };
  for (const [day, window] of Object.entries(options.callRange ?? {})) {
    const prefix = DAY_PREFIXES[day as BulutfonWeekday];
    if (!window) continue;
    body[`${prefix}_active`] = window.active;
    body[`${prefix}_start`] = window.start;
    body[`${prefix}_finish`] = window.finish;
  }
  return body;
}

// ---------------------------------------------------------------- call and bridge

/** Click-to-call: Bulutfon rings `destination` (an extension, group or menu), then dials `callee`. */
export interface BulutfonCallAndBridgeOptions {
  /** Your PBX number the call comes from. */
  caller: string;
  /** The number to dial. */
  callee: string;
  /** 2 digits = menu, 3 = group, 4 = extension. */
  destination: string | number;
  /** Ring time in seconds. */
  timeout?: number;
}

export const callAndBridgeOptionsSchema = z.strictObject({
  caller: phoneNumber,
  callee: phoneNumber,
  destination: z.pipe(
    z.pipe(z.union([z.string(), z.number()]), z.transform(String)),
    z.string().check(z.regex(/^\d{2,4}$/, 'expected 2 (menu), 3 (group) or 4 (extension) digits')),
  ),
  timeout: z.optional(z.int().check(z.positive(), z.lte(300))),
});

// ---------------------------------------------------------------- messages

/**
 * An SMS to send. Bulutfon shut its v1 SMS endpoints down on 2020-12-31: live accounts answer `NotFoundError`.
 */
export interface BulutfonMessageSendOptions {
  /** A CONFIRMED message title (the sender). */
  title: string;
  receivers: string | string[];
  content: string;
  /** Send later instead of now (Bulutfon takes Turkish local time; converted for you). */
  sendAt?: Date;
  /** Append Bulutfon's opt-out link. */
  rejectLink?: boolean;
  /** Deprecated by Bulutfon (2017): deliver a long text as one message. */
  singleSms?: boolean;
}

export const messageSendOptionsSchema = z.strictObject({
  title: nonEmpty,
  receivers: phoneNumbers,
  content: z.string().check(z.minLength(1)),
  sendAt: z.optional(z.date()),
  rejectLink: z.optional(z.boolean()),
  singleSms: z.optional(z.boolean()),
});

/** A message checked by {@link messageSendOptionsSchema}: one title, the receivers as Bulutfon's digits. */
export type BulutfonCheckedMessage = z.output<typeof messageSendOptionsSchema>;

/**
 * The same rules for everything of a message but its receivers, for a sender that reads the numbers itself (the
 * provider, with `prepareRecipients`), so that each number is read once.
 */
export const messageContentSchema = z.omit(messageSendOptionsSchema, { receivers: true });

/**
 * Formats a time as Bulutfon's `send_date` (`dd/mm/yyyy HH:MM`, Turkish time: UTC+3 all year since 2016).
 * Pure.
 * @param date - the time to send
 */
export function toBulutfonSendDate(date: Date): string {
  const turkish = new Date(date.getTime() + 3 * 3600_000);
  const pad = (value: number) => value.toString().padStart(2, '0');
  return `${pad(turkish.getUTCDate())}/${pad(turkish.getUTCMonth() + 1)}/${turkish.getUTCFullYear()} ${pad(turkish.getUTCHours())}:${pad(turkish.getUTCMinutes())}`;
}

/** Body of `POST /messages`. Pure. */
export function toMessageBody(options: BulutfonCheckedMessage): Record<string, unknown> {
  return {
    title: options.title,
    receivers: options.receivers.join(','),
    content: options.content,
    is_future_sms: options.sendAt ? true : undefined,
    send_date: options.sendAt ? toBulutfonSendDate(options.sendAt) : undefined,
    reject_link: options.rejectLink,
    is_single_sms: options.singleSms,
  };
}
