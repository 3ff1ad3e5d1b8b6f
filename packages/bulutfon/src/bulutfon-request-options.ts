import {
  InvalidPhoneNumberError,
  MessagingError,
  toValidationIssues,
  ValidationError,
} from '@x/messaging-core';
import { z } from 'zod';
import { BULUTFON_PROVIDER_ID } from './bulutfon-error';
import { toBulutfonNumber } from './bulutfon-phone';
import type {
  BulutfonAcl,
  BulutfonDestinationType,
  BulutfonRedirectionType,
  BulutfonWeekday,
} from './bulutfon-schemas';

/**
 * Input types of the client's methods (camelCase), their strict zod schemas, and the pure mappers that turn
 * them into Bulutfon's snake_case parameters.
 */

/**
 * Validates `value` with `schema`, or throws a ValidationError (`target: 'request'`) that names the fields but
 * never echoes their values.
 */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const invalidNumber = result.error.issues.find(
    (issue): issue is z.core.$ZodIssueCustom => issue.code === 'custom' && Boolean(issue.params?.phone),
  );
  if (invalidNumber) {
    throw new InvalidPhoneNumberError({
      message: `Bulutfon: ${what}: ${invalidNumber.message}`,
      input: invalidNumber.params?.masked as string | undefined,
      reason: (invalidNumber.params?.reason as string | undefined) ?? 'invalid',
      providerId: BULUTFON_PROVIDER_ID,
    });
  }
  const issues = toValidationIssues(result.error.issues);
  const first = issues[0];
  throw new ValidationError({
    message: `Bulutfon: invalid ${what}${first ? ` (${first.path.map(String).join('.') || 'input'}: ${first.message})` : ''}`,
    issues,
    target: 'request',
    providerId: BULUTFON_PROVIDER_ID,
  });
}

const phoneNumber = z.union([z.string(), z.number()]).transform((value, context) => {
  try {
    return toBulutfonNumber(value);
  } catch (error) {
    const reason = MessagingError.isInstance(error) ? (error as InvalidPhoneNumberError).reason : 'invalid';
    context.addIssue({
      code: 'custom',
      message: MessagingError.isInstance(error) ? error.message : 'invalid phone number',
      params: { phone: true, reason, masked: (error as InvalidPhoneNumberError).input },
    });
    return z.NEVER;
  }
});

const phoneNumbers = z
  .preprocess((value) => (Array.isArray(value) ? value : [value]), z.array(phoneNumber).min(1))
  .transform((value) => [...new Set(value)]);

const nonEmpty = z.string().trim().min(1);
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');

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

const numberFilter = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .transform((value) =>
    (Array.isArray(value) ? value : value.split(',')).map((item) => item.trim()).join(','),
  );

export const cdrListOptionsSchema = z.strictObject({
  page: z.number().int().positive().optional(),
  limit: z.number().int().positive().max(1000).optional(),
  caller: numberFilter.optional(),
  callee: numberFilter.optional(),
  callerOrCallee: numberFilter.optional(),
  missingCall: z.boolean().optional(),
  order: z
    .strictObject({ field: z.string().regex(/^\w+$/), direction: z.enum(['asc', 'desc']).optional() })
    .optional(),
  timeLimit: z.enum(['hour', 'day', 'month']).optional(),
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

const extensionShape = {
  fullName: nonEmpty,
  email: z.email(),
  did: z.union([z.string(), z.number()]).transform((value) => String(value).replace(/^\+/, '')),
  number: z.number().int().min(1000).max(9999),
  voicemail: z.boolean().optional(),
  redirectionType: nonEmpty,
  destinationType: nonEmpty.optional(),
  destinationNumber: z.number().int().nonnegative().optional(),
  externalNumber: phoneNumber.optional(),
  acl: z.array(nonEmpty).optional(),
};

function checkRedirection(
  value: Partial<{
    redirectionType: string;
    destinationType: string;
    destinationNumber: number;
    externalNumber: string;
  }>,
  context: z.RefinementCtx,
): void {
  if (value.redirectionType !== undefined && value.redirectionType !== 'NONE' && !value.destinationType) {
    context.addIssue({ code: 'custom', path: ['destinationType'], message: 'required when redirecting' });
  }
  if (value.destinationType === 'EXTERNAL' && !value.externalNumber) {
    context.addIssue({
      code: 'custom',
      path: ['externalNumber'],
      message: 'required for an EXTERNAL destination',
    });
  }
  if (
    value.destinationType &&
    value.destinationType !== 'EXTERNAL' &&
    value.destinationNumber === undefined
  ) {
    context.addIssue({
      code: 'custom',
      path: ['destinationNumber'],
      message: 'required for this destination',
    });
  }
}

export const extensionCreateOptionsSchema = z.strictObject(extensionShape).superRefine(checkRedirection);
export const extensionUpdateOptionsSchema = z
  .strictObject(extensionShape)
  .partial()
  .superRefine(checkRedirection)
  .refine((value) => Object.keys(value).length > 0, { message: 'nothing to update' });

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
  attachment: z.string().startsWith('data:'),
});

export const announcementUploadSchema = z.strictObject({
  name: nonEmpty,
  announcement: z.string().startsWith('data:'),
});

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

const callWindowSchema = z.strictObject({
  active: z.boolean().optional(),
  start: time.optional(),
  finish: time.optional(),
});

export const automaticCallCreateOptionsSchema = z
  .strictObject({
    title: nonEmpty,
    receivers: phoneNumbers,
    did: phoneNumber,
    announcementId: z.number().int().positive().optional(),
    soundUrl: z.url({ protocol: /^https?$/ }).optional(),
    bulutfonXmId: z.number().int().positive().optional(),
    bulutfonXmData: z.string().optional(),
    timeout: z.number().int().min(0).max(60).optional(),
    gather: z.boolean().optional(),
    hoursActive: z.boolean().optional(),
    callRange: z
      .strictObject({
        monday: callWindowSchema.optional(),
        tuesday: callWindowSchema.optional(),
        wednesday: callWindowSchema.optional(),
        thursday: callWindowSchema.optional(),
        friday: callWindowSchema.optional(),
        saturday: callWindowSchema.optional(),
        sunday: callWindowSchema.optional(),
      })
      .optional(),
  })
  .refine(
    (value) =>
      [value.announcementId, value.soundUrl, value.bulutfonXmId].filter((item) => item !== undefined)
        .length === 1,
    { message: 'give exactly one of announcementId, soundUrl, bulutfonXmId', path: ['announcementId'] },
  );

const DAY_PREFIXES: Record<BulutfonWeekday, string> = {
  monday: 'mon',
  tuesday: 'tue',
  wednesday: 'wed',
  thursday: 'thu',
  friday: 'fri',
  saturday: 'sat',
  sunday: 'sun',
};

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
  destination: z
    .union([z.string(), z.number()])
    .transform((value) => String(value))
    .pipe(z.string().regex(/^\d{2,4}$/, 'expected 2 (menu), 3 (group) or 4 (extension) digits')),
  timeout: z.number().int().positive().max(300).optional(),
});

// ---------------------------------------------------------------- messages

/** An SMS to send (v1 SMS endpoints, discontinued by Bulutfon on 2020-12-31). */
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
  content: z.string().min(1),
  sendAt: z
    .date()
    .refine((value) => !Number.isNaN(value.getTime()), 'invalid date')
    .optional(),
  rejectLink: z.boolean().optional(),
  singleSms: z.boolean().optional(),
});

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
export function toMessageBody(options: z.output<typeof messageSendOptionsSchema>): Record<string, unknown> {
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

export const pageOptionsSchema = z.strictObject({
  page: z.number().int().positive().optional(),
  limit: z.number().int().positive().max(1000).optional(),
});
