import {
  type CallAudioV1,
  type CallWindowsV1,
  type ValidationIssue,
  WEEKDAYS_V1,
  type WeekdayV1,
} from '@x/messaging-core';
import { z } from 'zod';
import { normalizeRecipient } from './phone-number';
import { findUnknownVariables, TEMPLATE_TEXT_LIMIT } from './template';

/**
 * A shop's voice settings: cash-on-delivery confirmation calls and missed-call follow-up SMS. Every setting has
 * a default but the PBX number and the announcement, which a shop with confirmation calls must give.
 */

/** Cash-on-delivery confirmation calls, resolved. */
export interface CodCallConfig {
  /** Whether new cash-on-delivery orders are called. */
  enabled: boolean;
  /** Payment method ids that count as cash on delivery (default `cod`, for WooCommerce and OpenCart alike). */
  paymentMethods: string[];
  /** What the customer hears: a provider announcement id or a sound URL. */
  audio?: CallAudioV1;
  /** The key that confirms the order (default `1`). */
  confirmKey: string;
  /** The key that cancels the order (default `2`). */
  cancelKey: string;
  /** When calls may start, per weekday, in the shop's time zone (default every day 09:00-20:00). */
  windows: CallWindowsV1;
  /** Calls placed at most before the order counts as unreachable (default 3). */
  attempts: number;
  /** Minutes between two calls to one order (default 60). */
  spacingMinutes: number;
  /** Seconds a call rings (the provider's default when absent). */
  ringSeconds?: number;
  /** The status written back on confirmation; none by default (a note only). */
  confirmStatus?: string;
  /** The status written back on cancellation (default `cancelled`). */
  cancelStatus: string;
  /** The order note written on confirmation. */
  confirmNote: string;
  /** The order note written on cancellation. */
  cancelNote: string;
  /** The order note written when the customer was not reached. */
  noAnswerNote: string;
  /** The SMS sent when the customer was not reached; none when empty. */
  noAnswerTemplate: string;
}

/** Missed-call follow-up SMS, resolved. */
export interface MissedCallConfig {
  /** Whether a missed call from a customer gets an SMS. */
  enabled: boolean;
  /** The SMS when the number has a recent order: its status (`{order_number}`, `{status_label}`...). */
  template: string;
  /** The SMS when it has none ("we will call you back"); nothing is sent when absent. */
  noOrderTemplate?: string;
  /** At most one follow-up per number per this many hours (default 12). */
  periodHours: number;
  /** How far back an order counts as recent, in days (default 30). */
  recentOrderDays: number;
}

/** A shop's voice settings, resolved. */
export interface VoiceShopConfig {
  /** Key of the voice provider in the engine's `voiceProviders`. */
  provider: string;
  /** The PBX number calls are placed from. */
  pbxNumber?: string;
  /** See {@link CodCallConfig}. */
  cod: CodCallConfig;
  /** See {@link MissedCallConfig}. */
  missedCall: MissedCallConfig;
}

const time = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'expected HH:MM (24:00 for the end of the day)');
const windowSchema = z
  .strictObject({ start: time, end: time })
  .refine((window) => window.start < window.end, 'start must be before end')
  .nullable();
const key = z.string().regex(/^[0-9*#]$/, 'expected one key: 0-9, * or #');
const templateText = z.string().max(TEMPLATE_TEXT_LIMIT);

/** Zod schema of a shop's `voice` settings as written. */
export const voiceInputSchema = z.strictObject({
  provider: z.string().min(1),
  pbxNumber: z.string().min(1).max(32).optional(),
  cod: z
    .strictObject({
      enabled: z.boolean().optional(),
      paymentMethods: z.array(z.string().min(1).max(100)).min(1).optional(),
      audio: z
        .union([
          z.strictObject({ announcementId: z.string().min(1).max(32) }),
          z.strictObject({ url: z.url({ protocol: /^https?$/ }) }),
        ])
        .optional(),
      confirmKey: key.optional(),
      cancelKey: key.optional(),
      windows: z.partialRecord(z.enum(WEEKDAYS_V1 as [WeekdayV1, ...WeekdayV1[]]), windowSchema).optional(),
      attempts: z.number().int().min(1).max(10).optional(),
      spacingMinutes: z
        .number()
        .min(0)
        .max(7 * 24 * 60)
        .optional(),
      ringSeconds: z.number().int().min(5).max(120).optional(),
      confirmStatus: z.string().min(1).max(100).optional(),
      cancelStatus: z.string().min(1).max(100).optional(),
      confirmNote: templateText.min(1).optional(),
      cancelNote: templateText.min(1).optional(),
      noAnswerNote: templateText.min(1).optional(),
      noAnswerTemplate: templateText.optional(),
    })
    .optional(),
  missedCall: z
    .strictObject({
      enabled: z.boolean().optional(),
      template: templateText.min(1).optional(),
      noOrderTemplate: templateText.min(1).optional(),
      periodHours: z
        .number()
        .min(0)
        .max(24 * 30)
        .optional(),
      recentOrderDays: z.number().min(1).max(365).optional(),
    })
    .optional(),
});

/** A shop's `voice` settings as written in a configuration. */
export type VoiceConfigInput = z.input<typeof voiceInputSchema>;

/** The default windows: every day, 09:00 to 20:00. */
const DEFAULT_WINDOWS: CallWindowsV1 = Object.fromEntries(
  WEEKDAYS_V1.map((day) => [day, { start: '09:00', end: '20:00' }]),
);

/** Turkish defaults of the notes and messages. */
export const VOICE_DEFAULT_TEXTS = Object.freeze({
  confirmNote: 'Telefonla onaylandı, tuş {pressed_key}, {date}',
  cancelNote: 'Telefonla iptal edildi, tuş {pressed_key}, {date}',
  noAnswerNote: 'Kapıda ödeme onayı: müşteriye ulaşılamadı ({call_result}), {date}',
  noAnswerTemplate:
    'Sayın {first_name}, {order_number} numaralı kapıda ödemeli siparişinizi onaylamak için sizi aradık, ulaşamadık. Lütfen bizi arayın. {shop_name}',
  missedCall: 'Bizi aradınız; {order_number} numaralı siparişinizin durumu: {status_label}. {shop_name}',
});

/**
 * Resolves a shop's voice settings, defaults filled in.
 * @param input - the settings as written (already checked by {@link voiceInputSchema})
 */
export function resolveVoiceConfig(input: VoiceConfigInput): VoiceShopConfig {
  const cod = input.cod ?? {};
  const missed = input.missedCall ?? {};
  const resolved: VoiceShopConfig = {
    provider: input.provider,
    cod: {
      enabled: input.cod !== undefined && (cod.enabled ?? true),
      paymentMethods: cod.paymentMethods ?? ['cod'],
      confirmKey: cod.confirmKey ?? '1',
      cancelKey: cod.cancelKey ?? '2',
      windows: (cod.windows as CallWindowsV1 | undefined) ?? DEFAULT_WINDOWS,
      attempts: cod.attempts ?? 3,
      spacingMinutes: cod.spacingMinutes ?? 60,
      cancelStatus: cod.cancelStatus ?? 'cancelled',
      confirmNote: cod.confirmNote ?? VOICE_DEFAULT_TEXTS.confirmNote,
      cancelNote: cod.cancelNote ?? VOICE_DEFAULT_TEXTS.cancelNote,
      noAnswerNote: cod.noAnswerNote ?? VOICE_DEFAULT_TEXTS.noAnswerNote,
      noAnswerTemplate: cod.noAnswerTemplate ?? VOICE_DEFAULT_TEXTS.noAnswerTemplate,
    },
    missedCall: {
      enabled: input.missedCall !== undefined && (missed.enabled ?? true),
      template: missed.template ?? VOICE_DEFAULT_TEXTS.missedCall,
      periodHours: missed.periodHours ?? 12,
      recentOrderDays: missed.recentOrderDays ?? 30,
    },
  };
  if (input.pbxNumber !== undefined) resolved.pbxNumber = input.pbxNumber;
  if (cod.audio !== undefined) resolved.cod.audio = cod.audio;
  if (cod.ringSeconds !== undefined) resolved.cod.ringSeconds = cod.ringSeconds;
  if (cod.confirmStatus !== undefined) resolved.cod.confirmStatus = cod.confirmStatus;
  if (missed.noOrderTemplate !== undefined) resolved.missedCall.noOrderTemplate = missed.noOrderTemplate;
  return resolved;
}

/**
 * The problems of a shop's voice settings that a schema cannot see: confirmation calls without a PBX number or
 * an announcement, a PBX number that is not a number, keys that confirm and cancel alike, no window on any day,
 * unknown template variables.
 * @param input - the settings as written
 * @param path - where they are (`['shops', 'demo', 'voice']`)
 * @param defaultCountry - the shop's country, for the PBX number
 */
export function checkVoiceConfig(
  input: VoiceConfigInput,
  path: readonly PropertyKey[],
  defaultCountry: string,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const resolved = resolveVoiceConfig(input);
  if (resolved.cod.enabled) {
    if (resolved.pbxNumber === undefined) {
      issues.push({
        path: [...path, 'pbxNumber'],
        message: 'set the PBX number the confirmation calls are placed from',
        code: 'missing_pbx_number',
      });
    }
    if (resolved.cod.audio === undefined) {
      issues.push({
        path: [...path, 'cod', 'audio'],
        message: 'set what the customer hears: { "announcementId": "…" } or { "url": "https://…" }',
        code: 'missing_audio',
      });
    }
    if (resolved.cod.confirmKey === resolved.cod.cancelKey) {
      issues.push({ path: [...path, 'cod', 'cancelKey'], message: 'must differ from confirmKey' });
    }
    if (!Object.values(resolved.cod.windows).some(Boolean)) {
      issues.push({ path: [...path, 'cod', 'windows'], message: 'give at least one day a call window' });
    }
  }
  if (resolved.pbxNumber !== undefined && !normalizeRecipient(resolved.pbxNumber, defaultCountry).e164) {
    issues.push({ path: [...path, 'pbxNumber'], message: 'not a phone number' });
  }
  const templates: [PropertyKey[], string | undefined][] = [
    [['cod', 'confirmNote'], input.cod?.confirmNote],
    [['cod', 'cancelNote'], input.cod?.cancelNote],
    [['cod', 'noAnswerNote'], input.cod?.noAnswerNote],
    [['cod', 'noAnswerTemplate'], input.cod?.noAnswerTemplate],
    [['missedCall', 'template'], input.missedCall?.template],
    [['missedCall', 'noOrderTemplate'], input.missedCall?.noOrderTemplate],
  ];
  for (const [where, template] of templates) {
    for (const name of findUnknownVariables(template ?? '')) {
      issues.push({
        path: [...path, ...where],
        message: `unknown variable {${name}}`,
        code: 'unknown_variable',
      });
    }
  }
  return issues;
}
