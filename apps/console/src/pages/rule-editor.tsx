/** The editors of the template settings: the general settings and one fieldset per rule. */
import { type MessageKey, useT } from '../i18n';
import type { Rule, TemplateSettings, UnknownVariable } from '../types';
import { phoneLines } from '../ui';
import { type FocusedField, TemplateField } from './template-field';

/** What the rule editors share: the issues per field path, and how to report focus. */
export interface EditorContext {
  overridden: string[];
  issues: Record<string, UnknownVariable[]>;
  onFocus: (field: FocusedField) => void;
}

/** Whether a path, or anything under it, is overridden by the console. */
function isOverridden(overridden: string[], path: string): boolean {
  return overridden.some((item) => item === path || item.startsWith(`${path}.`));
}

/** The fieldset of one rule. */
export function RuleEditor(props: {
  path: string;
  title: string;
  rule: Rule;
  context: EditorContext;
  onChange: (rule: Rule) => void;
}) {
  const { t } = useT();
  const { rule, path, context } = props;
  const id = path.replace(/[^\w-]/g, '-');
  const update = (patch: Partial<Rule>) => {
    const next: Rule = { ...rule, ...patch };
    for (const key of Object.keys(patch) as (keyof Rule)[]) if (next[key] === undefined) delete next[key];
    props.onChange(next);
  };
  const overridden = isOverridden(context.overridden, path);
  const fieldLabel = (key: MessageKey) => `${props.title}: ${t(key)}`;
  return (
    <fieldset class={`rule${rule.enabled ? '' : ' rule-off'}`} data-rule={path}>
      <legend>
        {props.title}
        {overridden && <span class="badge badge-override">{t('templates.overridden')}</span>}
      </legend>
      <label class="check">
        <input
          type="checkbox"
          checked={rule.enabled}
          onChange={(event) => update({ enabled: (event.target as HTMLInputElement).checked })}
        />{' '}
        {t('templates.enabled')}
      </label>
      {(['customerTemplate', 'adminTemplate'] as const).map((key) => (
        <TemplateField
          key={key}
          id={`${id}-${key}`}
          path={`${path}.${key}`}
          label={fieldLabel(key === 'customerTemplate' ? 'templates.customer' : 'templates.admin')}
          value={rule[key]}
          unknown={context.issues[`${path}.${key}`] ?? []}
          onInput={(text) => update({ [key]: text })}
          onFocus={context.onFocus}
        />
      ))}
      <div class="field">
        <label for={`${id}-phones`}>{t('templates.rulePhones')}</label>
        <input
          id={`${id}-phones`}
          type="text"
          value={(rule.adminPhones ?? []).join(', ')}
          onChange={(event) => {
            const phones = phoneLines((event.target as HTMLInputElement).value);
            update({ adminPhones: phones.length > 0 ? phones : undefined });
          }}
        />
      </div>
    </fieldset>
  );
}

/** The shop-wide settings: transliteration, admin phones, new-order statuses, tracking with a status. */
export function GeneralEditor(props: {
  settings: TemplateSettings;
  statuses: { slug: string; label: string }[];
  onChange: (settings: TemplateSettings) => void;
}) {
  const { t } = useT();
  const { settings } = props;
  const set = (patch: Partial<TemplateSettings>) => props.onChange({ ...settings, ...patch });
  return (
    <section class="card" aria-labelledby="general-title">
      <h2 id="general-title">{t('templates.general')}</h2>
      <div class="field">
        <label for="transliterate">{t('templates.transliterate')}</label>
        <select
          id="transliterate"
          value={settings.transliterate}
          onChange={(event) => set({ transliterate: (event.target as HTMLSelectElement).value })}
        >
          {(['none', 'letters', 'turkish-type'] as const).map((mode) => (
            <option key={mode} value={mode}>
              {t(`tl.${mode}`)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="admin-phones">{t('templates.adminPhones')}</label>
        <textarea
          id="admin-phones"
          rows={2}
          aria-describedby="admin-phones-hint"
          value={settings.adminPhones.join('\n')}
          onChange={(event) => set({ adminPhones: phoneLines((event.target as HTMLTextAreaElement).value) })}
        />
        <small id="admin-phones-hint" class="muted">
          {t('templates.phonesHint')}
        </small>
      </div>
      <fieldset class="choice">
        <legend>{t('templates.newOrderStatuses')}</legend>
        {props.statuses.map((status) => (
          <label key={status.slug} class="check">
            <input
              type="checkbox"
              checked={settings.newOrderStatuses.includes(status.slug)}
              onChange={(event) => {
                const on = (event.target as HTMLInputElement).checked;
                const others = settings.newOrderStatuses.filter((slug) => slug !== status.slug);
                set({ newOrderStatuses: on ? [...others, status.slug] : others });
              }}
            />{' '}
            {status.label} <span class="muted">({status.slug})</span>
          </label>
        ))}
      </fieldset>
      <div class="field">
        <label for="tracking">{t('templates.tracking')}</label>
        <select
          id="tracking"
          value={settings.statusChangeWithTracking}
          onChange={(event) => set({ statusChangeWithTracking: (event.target as HTMLSelectElement).value })}
        >
          {(['one-message', 'separate-messages'] as const).map((mode) => (
            <option key={mode} value={mode}>
              {t(`track.${mode}`)}
            </option>
          ))}
        </select>
      </div>
    </section>
  );
}
