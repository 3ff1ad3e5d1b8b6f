import type { ValidationIssue } from '@x/messaging-core';
import type { TemplateRule, TemplateSettings } from './admin-store';
import { ConfigError } from './config-error';
import {
  type NotificationRule,
  parseNotificationConfig,
  RULE_EVENT_TYPES,
  type ShopConfig,
  type ShopConfigInput,
} from './notification-config';
import { findUnknownVariablePositions } from './template';

/** A problem of a template: an unknown variable, with the template's path and the variable's position. */
export interface TemplateIssue extends ValidationIssue {
  /** The unknown variable, without braces. */
  variable?: string;
  /** Where its `{` is in the template, in UTF-16 code units. */
  index?: number;
}

/** One difference between two versions of settings. Absent `before`: added; absent `after`: removed. */
export interface SettingsChange {
  /** `transliterate`, `adminPhones`, `rules.status.completed.customerTemplate`... */
  path: string;
  /** The value before. */
  before?: unknown;
  /** The value after. */
  after?: unknown;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

function ruleSettings(rule: NotificationRule, shopPhones: readonly string[]): TemplateRule {
  const settings: TemplateRule = { enabled: rule.enabled };
  if (rule.customerTemplate !== undefined) settings.customerTemplate = rule.customerTemplate;
  if (rule.adminTemplate !== undefined) settings.adminTemplate = rule.adminTemplate;
  if (!sameList(rule.adminPhones, shopPhones)) settings.adminPhones = [...rule.adminPhones];
  return settings;
}

/**
 * The editable settings of a resolved shop (a rule's `adminPhones` only when they differ from the shop's).
 * @param shop - a resolved shop
 */
export function settingsOf(shop: ShopConfig): TemplateSettings {
  const events: Record<string, TemplateRule> = {};
  for (const type of RULE_EVENT_TYPES) events[type] = ruleSettings(shop.rules.events[type], shop.adminPhones);
  const status: Record<string, TemplateRule> = {};
  for (const [slug, rule] of Object.entries(shop.rules.status))
    status[slug] = ruleSettings(rule, shop.adminPhones);
  return {
    transliterate: shop.transliterate,
    adminPhones: [...shop.adminPhones],
    newOrderStatuses: [...shop.newOrderStatuses],
    statusChangeWithTracking: shop.statusChangeWithTracking,
    rules: { events, status },
  };
}

/** A rule as written, without empty templates (a cleared field of a form). */
function ruleInput(rule: TemplateRule): TemplateRule {
  const input: TemplateRule = { enabled: rule.enabled };
  if (rule.customerTemplate) input.customerTemplate = rule.customerTemplate;
  if (rule.adminTemplate) input.adminTemplate = rule.adminTemplate;
  if (rule.adminPhones !== undefined) input.adminPhones = rule.adminPhones;
  return input;
}

function unknownVariableIssues(settings: TemplateSettings): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  for (const group of ['events', 'status'] as const) {
    for (const [key, rule] of Object.entries(settings.rules?.[group] ?? {})) {
      for (const field of ['customerTemplate', 'adminTemplate'] as const) {
        const template = rule?.[field];
        if (typeof template !== 'string') continue;
        for (const { variable, index } of findUnknownVariablePositions(template)) {
          issues.push({
            path: ['rules', group, key, field],
            message: `unknown variable {${variable}}`,
            code: 'unknown_variable',
            variable,
            index,
          });
        }
      }
    }
  }
  return issues;
}

/** The parts of a shop that its template settings replace; every other part is the file's. */
type TemplateFields = Pick<ShopConfig, keyof TemplateSettings>;

function templateFields(shop: ShopConfig): TemplateFields {
  return {
    transliterate: shop.transliterate,
    adminPhones: shop.adminPhones,
    newOrderStatuses: shop.newOrderStatuses,
    statusChangeWithTracking: shop.statusChangeWithTracking,
    rules: shop.rules,
  };
}

/**
 * A shop of the file configuration with the console's settings in place of its editable ones, validated by
 * the file configuration's rules. Only the template settings change: everything else of the shop (its
 * provider, sender, country, time zone, labels, voice...) is the file's, as it is.
 * @param shopId - the shop
 * @param baseline - the shop as the file configures it
 * @param settings - the settings to apply (untrusted: they come from a form)
 * @throws {@link ConfigError} whose issues have paths relative to the settings (`rules.status.x.adminTemplate`);
 *   an unknown variable's issue also carries `variable` and `index` ({@link TemplateIssue})
 */
export function applySettings(shopId: string, baseline: ShopConfig, settings: TemplateSettings): ShopConfig {
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    throw new ConfigError({
      issues: [{ path: [], message: 'expected the settings object', code: 'invalid_type' }],
    });
  }
  const unknown = unknownVariableIssues(settings);
  if (unknown.length > 0) throw new ConfigError({ issues: unknown });
  const rules = settings.rules ?? { events: {}, status: {} };
  // The settings are resolved as a shop of their own; its admin phones are read in the file shop's country.
  const input: ShopConfigInput = {
    name: baseline.name,
    provider: baseline.provider,
    defaultCountry: baseline.defaultCountry,
    transliterate: settings.transliterate,
    adminPhones: settings.adminPhones,
    newOrderStatuses: settings.newOrderStatuses,
    statusChangeWithTracking: settings.statusChangeWithTracking,
    useDefaultRules: false,
    rules: {
      events: Object.fromEntries(
        Object.entries(rules.events ?? {}).map(([key, rule]) => [key, ruleInput(rule)]),
      ),
      status: Object.fromEntries(
        Object.entries(rules.status ?? {}).map(([key, rule]) => [key, ruleInput(rule)]),
      ),
    },
  };
  let edited: ShopConfig;
  try {
    edited = parseNotificationConfig({ shops: { [shopId]: input } }).shops[shopId]!;
  } catch (error) {
    if (!ConfigError.isInstance(error)) throw error;
    const issues = error.issues.map((issue) => ({ ...issue, path: issue.path.slice(2) }));
    throw new ConfigError({ issues });
  }
  return { ...baseline, ...templateFields(edited) };
}

/** Flattens settings to `path → value`; lists and template texts are leaves. */
function flatten(settings: TemplateSettings): Map<string, unknown> {
  const leaves = new Map<string, unknown>([
    ['transliterate', settings.transliterate],
    ['adminPhones', settings.adminPhones],
    ['newOrderStatuses', settings.newOrderStatuses],
    ['statusChangeWithTracking', settings.statusChangeWithTracking],
  ]);
  for (const group of ['events', 'status'] as const) {
    for (const [key, rule] of Object.entries(settings.rules[group])) {
      for (const [field, value] of Object.entries(rule)) {
        if (value !== undefined) leaves.set(`rules.${group}.${key}.${field}`, value);
      }
    }
  }
  return leaves;
}

/**
 * What changed from one version of settings to the next, leaf by leaf (a list is one leaf).
 * @param before - the earlier settings
 * @param after - the later settings
 */
export function diffSettings(before: TemplateSettings, after: TemplateSettings): SettingsChange[] {
  const old = flatten(before);
  const next = flatten(after);
  const changes: SettingsChange[] = [];
  for (const path of new Set([...old.keys(), ...next.keys()])) {
    const was = old.get(path);
    const is = next.get(path);
    if (JSON.stringify(was) === JSON.stringify(is)) continue;
    const change: SettingsChange = { path };
    if (was !== undefined) change.before = was;
    if (is !== undefined) change.after = is;
    changes.push(change);
  }
  return changes.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * The paths where settings differ from the baseline: top-level fields, and rules as a whole
 * (`rules.status.completed`).
 * @param baseline - the file's settings
 * @param settings - the effective settings
 */
export function overriddenPaths(baseline: TemplateSettings, settings: TemplateSettings): string[] {
  const paths = new Set<string>();
  for (const change of diffSettings(baseline, settings)) {
    // A rule's leaf is `rules.<events|status>.<key>.<field>`, and an event's key has dots of its own
    // (`order.created`): the rule is the path without its last part.
    const parts = change.path.split('.');
    paths.add(parts[0] === 'rules' ? parts.slice(0, -1).join('.') : change.path);
  }
  return [...paths].sort();
}
