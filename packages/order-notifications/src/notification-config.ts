import type { ValidationIssue } from '@x/messaging-core';
import { z } from 'zod';
import { ConfigError } from './config-error';
import {
  DEFAULT_EVENT_RULES,
  DEFAULT_NEW_ORDER_STATUSES,
  DEFAULT_STATUS_LABELS,
  DEFAULT_STATUS_RULES,
  type RuleInput,
} from './default-templates';
import { normalizeRecipient } from './phone-number';
import { findUnknownVariables, TEMPLATE_TEXT_LIMIT } from './template';
import { checkVoiceConfig, resolveVoiceConfig, type VoiceShopConfig, voiceInputSchema } from './voice-config';

/**
 * How a shop keeps Turkish text cheap: `none` sends the text as written (the cheapest type that carries it),
 * `letters` replaces Turkish letters and typographic look-alikes with plain GSM-7 characters (ş → s, “ → ")
 * using `toGsm` of `@x/sms-segments`, `turkish-type` asks the provider for the Turkish message type (GSM-7 with
 * the Turkish single shift table).
 */
export type TransliterationMode = 'none' | 'letters' | 'turkish-type';

/** See {@link ShopConfig.statusChangeWithTracking}. */
export type StatusChangeWithTracking = 'one-message' | 'separate-messages';

/** Events configured by one rule each; `order.status_changed` is configured per status instead. */
export type RuleEventType =
  | 'order.created'
  | 'order.note_added'
  | 'order.shipment_added'
  | 'customer.registered';

/** Every {@link RuleEventType}. */
export const RULE_EVENT_TYPES: readonly RuleEventType[] = [
  'order.created',
  'order.note_added',
  'order.shipment_added',
  'customer.registered',
];

/** A resolved rule: what to send for one event or one status. */
export interface NotificationRule {
  /** Whether the rule sends anything. */
  enabled: boolean;
  /** Template of the customer message; none is sent when absent. */
  customerTemplate?: string;
  /** Template of the admin message; none is sent when absent. */
  adminTemplate?: string;
  /** Admin phones of this rule (the shop's `adminPhones` when the rule names none). */
  adminPhones: string[];
}

/** One shop's resolved configuration. */
export interface ShopConfig {
  /** The shop's name (`{shop_name}`). */
  name: string;
  /** Key of the provider in the engine's `providers`. */
  provider: string;
  /** Sender id (başlık); the provider's default when absent. */
  sender?: string;
  /** How Turkish letters are handled; see {@link TransliterationMode}. */
  transliterate: TransliterationMode;
  /** IANA time zone of `{date}`. */
  timeZone: string;
  /** Country assumed for numbers without a country code (ISO 3166 alpha-2). */
  defaultCountry: string;
  /** Price of one segment in provider credits, for previews and cost totals. */
  pricePerSegment?: number;
  /** Phones that receive admin messages. */
  adminPhones: string[];
  /** Statuses that make an order "new" (a confirmation is sent the first time the order reaches one). */
  newOrderStatuses: string[];
  /** Labels per status slug (`{status_label}`), Turkish defaults merged with the configured ones. */
  statusLabels: Record<string, string>;
  /**
   * What one change that brings both a new status and a new tracking number sends (WooCommerce's
   * `order.updated` often does): `one-message` (default) sends the status message, with a tracking line added
   * when its template names no tracking variable, instead of a second, shipment message; `separate-messages`
   * sends both.
   */
  statusChangeWithTracking: StatusChangeWithTracking;
  /** Cash-on-delivery confirmation calls and missed-call follow-ups; none when absent. */
  voice?: VoiceShopConfig;
  /** The rules, defaults merged with the configured ones. */
  rules: {
    /** One rule per event. */
    events: Record<RuleEventType, NotificationRule>;
    /** One rule per status slug (custom statuses allowed). */
    status: Record<string, NotificationRule>;
  };
}

/** A resolved configuration, as returned by {@link parseNotificationConfig}. */
export interface NotificationConfig {
  /** Shops by id (the `shopId` of events). */
  shops: Record<string, ShopConfig>;
}

const templateText = z.string().min(1).max(TEMPLATE_TEXT_LIMIT);

const ruleInputSchema = z.strictObject({
  enabled: z.boolean().optional(),
  customerTemplate: templateText.optional(),
  adminTemplate: templateText.optional(),
  adminPhones: z.array(z.string().min(1)).optional(),
});

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const shopInputSchema = z.strictObject({
  name: z.string().min(1),
  provider: z.string().min(1),
  sender: z.string().min(1).optional(),
  transliterate: z.enum(['none', 'letters', 'turkish-type']).optional(),
  timeZone: z.string().refine(isTimeZone, { message: 'unknown time zone' }).optional(),
  defaultCountry: z
    .string()
    .regex(/^[A-Z]{2}$/, { message: 'expected an ISO 3166 alpha-2 code such as TR' })
    .optional(),
  pricePerSegment: z.number().finite().nonnegative().optional(),
  adminPhones: z.array(z.string().min(1)).optional(),
  newOrderStatuses: z.array(z.string().min(1)).optional(),
  statusLabels: z.record(z.string().min(1), z.string()).optional(),
  statusChangeWithTracking: z.enum(['one-message', 'separate-messages']).optional(),
  useDefaultRules: z.boolean().optional(),
  voice: voiceInputSchema.optional(),
  rules: z
    .strictObject({
      events: z
        .strictObject({
          'order.created': ruleInputSchema.optional(),
          'order.note_added': ruleInputSchema.optional(),
          'order.shipment_added': ruleInputSchema.optional(),
          'customer.registered': ruleInputSchema.optional(),
        })
        .optional(),
      status: z.record(z.string().min(1), ruleInputSchema).optional(),
    })
    .optional(),
});

/** One shop as written in a configuration file; everything but `name` and `provider` has a default. */
export type ShopConfigInput = z.input<typeof shopInputSchema>;

/** A configuration as written in a file: `{ shops: { <shopId>: ShopConfigInput } }`. */
export interface NotificationConfigInput {
  /** Shops by id. */
  shops: Record<string, ShopConfigInput>;
}

function resolveRule(shop: ShopConfigInput, defaults: RuleInput | undefined, rule: RuleInput | undefined) {
  const merged: RuleInput = { ...defaults, ...rule };
  const resolved: NotificationRule = {
    enabled: merged.enabled ?? true,
    adminPhones: merged.adminPhones ?? shop.adminPhones ?? [],
  };
  if (merged.customerTemplate !== undefined) resolved.customerTemplate = merged.customerTemplate;
  if (merged.adminTemplate !== undefined) resolved.adminTemplate = merged.adminTemplate;
  return resolved;
}

function resolveShop(shop: ShopConfigInput): ShopConfig {
  const useDefaults = shop.useDefaultRules ?? true;
  const eventDefaults = useDefaults ? DEFAULT_EVENT_RULES : undefined;
  const statusDefaults: Record<string, RuleInput> = useDefaults ? { ...DEFAULT_STATUS_RULES } : {};
  const events = Object.fromEntries(
    RULE_EVENT_TYPES.map((type) => [
      type,
      resolveRule(shop, eventDefaults?.[type] ?? { enabled: false }, shop.rules?.events?.[type]),
    ]),
  ) as Record<RuleEventType, NotificationRule>;
  const statuses = new Set([...Object.keys(statusDefaults), ...Object.keys(shop.rules?.status ?? {})]);
  const status: Record<string, NotificationRule> = {};
  for (const slug of statuses) {
    status[slug] = resolveRule(shop, statusDefaults[slug], shop.rules?.status?.[slug]);
  }
  const resolved: ShopConfig = {
    name: shop.name,
    provider: shop.provider,
    transliterate: shop.transliterate ?? 'none',
    timeZone: shop.timeZone ?? 'Europe/Istanbul',
    defaultCountry: shop.defaultCountry ?? 'TR',
    adminPhones: shop.adminPhones ?? [],
    newOrderStatuses: shop.newOrderStatuses ?? [...DEFAULT_NEW_ORDER_STATUSES],
    statusLabels: { ...DEFAULT_STATUS_LABELS, ...shop.statusLabels },
    statusChangeWithTracking: shop.statusChangeWithTracking ?? 'one-message',
    rules: { events, status },
  };
  if (shop.sender !== undefined) resolved.sender = shop.sender;
  if (shop.pricePerSegment !== undefined) resolved.pricePerSegment = shop.pricePerSegment;
  if (shop.voice !== undefined) resolved.voice = resolveVoiceConfig(shop.voice);
  return resolved;
}

/** Adds one issue per unknown template variable and per unusable admin phone of a shop. */
function checkTemplates(shop: ShopConfigInput, path: PropertyKey[], issues: ValidationIssue[]): void {
  const check = (rule: RuleInput | undefined, rulePath: PropertyKey[]) => {
    for (const field of ['customerTemplate', 'adminTemplate'] as const) {
      const template = rule?.[field];
      if (template === undefined) continue;
      for (const name of findUnknownVariables(template)) {
        issues.push({
          path: [...rulePath, field],
          message: `unknown variable {${name}}`,
          code: 'unknown_variable',
        });
      }
    }
  };
  for (const [type, rule] of Object.entries(shop.rules?.events ?? {})) {
    check(rule, [...path, 'rules', 'events', type]);
  }
  const checkPhones = (phones: string[] | undefined, phonesPath: PropertyKey[]) => {
    phones?.forEach((phone, index) => {
      const checked = normalizeRecipient(phone, shop.defaultCountry ?? 'TR');
      if (!checked.ok) {
        issues.push({
          path: [...phonesPath, index],
          message: `not a usable mobile number (${checked.reason})`,
          code: 'invalid_phone_number',
        });
      }
    });
  };
  checkPhones(shop.adminPhones, [...path, 'adminPhones']);
  for (const [type, rule] of Object.entries(shop.rules?.events ?? {})) {
    checkPhones(rule?.adminPhones, [...path, 'rules', 'events', type, 'adminPhones']);
  }
  for (const [slug, rule] of Object.entries(shop.rules?.status ?? {})) {
    checkPhones(rule.adminPhones, [...path, 'rules', 'status', slug, 'adminPhones']);
  }
  for (const [slug, rule] of Object.entries(shop.rules?.status ?? {})) {
    check(rule, [...path, 'rules', 'status', slug]);
  }
}

const configInputSchema = z.strictObject({ shops: z.record(z.string().min(1), shopInputSchema) });

/**
 * Zod schema of a notification configuration. Parsing validates every field, refuses templates with unknown
 * variables and resolves defaults (Turkish templates and labels, new-order statuses), giving a
 * {@link NotificationConfig}.
 */
export const notificationConfigSchema: z.ZodType<NotificationConfig, NotificationConfigInput> =
  configInputSchema
    .superRefine((config, context) => {
      for (const [shopId, shop] of Object.entries(config.shops)) {
        const issues: ValidationIssue[] = [];
        checkTemplates(shop, ['shops', shopId], issues);
        if (shop.voice !== undefined) {
          issues.push(
            ...checkVoiceConfig(shop.voice, ['shops', shopId, 'voice'], shop.defaultCountry ?? 'TR'),
          );
        }
        for (const issue of issues) {
          context.addIssue({ code: 'custom', path: issue.path as PropertyKey[], message: issue.message });
        }
      }
    })
    .transform((config) => ({
      shops: Object.fromEntries(Object.entries(config.shops).map(([id, shop]) => [id, resolveShop(shop)])),
    }));

/** Turns zod issues into {@link ValidationIssue}s (messages never echo the input's values). */
export function toValidationIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({ path: issue.path, message: issue.message, code: issue.code }));
}

/**
 * Validates a configuration (from JSON, YAML, a settings page) and resolves its defaults.
 *
 * @param input - the configuration as written
 * @returns the resolved configuration
 * @throws {@link ConfigError} naming each problem's location, e.g.
 *   `shops.demo.rules.status.completed.customerTemplate: unknown variable {foo}`
 * @example
 * ```ts
 * const config = parseNotificationConfig({ shops: { demo: { name: 'Demo', provider: 'organik' } } });
 * config.shops.demo.rules.status.completed.customerTemplate; // the Turkish default
 * ```
 */
export function parseNotificationConfig(input: unknown): NotificationConfig {
  const result = notificationConfigSchema.safeParse(input);
  if (!result.success) throw new ConfigError({ issues: toValidationIssues(result.error) });
  return result.data;
}

/**
 * One shop with the Turkish defaults for WooCommerce's statuses, adjusted by `overrides`.
 *
 * @param overrides - fields to change; `name` defaults to `'Mağaza'` and `provider` to `'default'`
 * @throws {@link ConfigError} when an override is invalid
 */
export function defaultShopConfig(overrides: Partial<ShopConfigInput> = {}): ShopConfig {
  const shop = { name: 'Mağaza', provider: 'default', ...overrides };
  return parseNotificationConfig({ shops: { shop } }).shops.shop!;
}
