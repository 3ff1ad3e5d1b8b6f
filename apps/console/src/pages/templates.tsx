/** The templates page: a shop's rules and settings, the live preview, saving with versions, the history. */
import { useCallback, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { useApp, useLoad } from '../context';
import { useT } from '../i18n';
import { navigate } from '../router';
import {
  RULE_EVENTS,
  type Rule,
  type TemplateSettings,
  type TemplatesAnswer,
  type UnknownVariable,
} from '../types';
import { errorText, LoadState, Notice, PageTitle, ShopSelect } from '../ui';
import { PreviewPanel, unknownVariablesOf } from './preview-panel';
import { type EditorContext, GeneralEditor, RuleEditor } from './rule-editor';
import type { FocusedField } from './template-field';
import { Versions } from './versions';

type SaveResult = { kind: 'ok' | 'error' | 'conflict'; text: string };

function statusSlugs(answer: TemplatesAnswer, settings: TemplateSettings): { slug: string; label: string }[] {
  const known = new Map(answer.statuses.map((status) => [status.slug, status.label]));
  for (const slug of Object.keys(settings.rules.status)) if (!known.has(slug)) known.set(slug, slug);
  return [...known].map(([slug, label]) => ({ slug, label }));
}

function Rules(props: {
  answer: TemplatesAnswer;
  draft: TemplateSettings;
  context: EditorContext;
  onChange: (settings: TemplateSettings) => void;
}) {
  const { t, word } = useT();
  const { draft } = props;
  const setRule = (group: 'events' | 'status', key: string, rule: Rule) =>
    props.onChange({ ...draft, rules: { ...draft.rules, [group]: { ...draft.rules[group], [key]: rule } } });
  return (
    <>
      <section class="card wide" aria-labelledby="events-title">
        <h2 id="events-title">{t('templates.events')}</h2>
        {RULE_EVENTS.map((event) => (
          <RuleEditor
            key={event}
            path={`rules.events.${event}`}
            title={word(event)}
            rule={draft.rules.events[event] ?? { enabled: false }}
            context={props.context}
            onChange={(rule) => setRule('events', event, rule)}
          />
        ))}
      </section>
      <section class="card wide" aria-labelledby="statuses-title">
        <h2 id="statuses-title">{t('templates.statuses')}</h2>
        {statusSlugs(props.answer, draft).map((status) => (
          <RuleEditor
            key={status.slug}
            path={`rules.status.${status.slug}`}
            title={`${status.label} (${status.slug})`}
            rule={draft.rules.status[status.slug] ?? { enabled: false }}
            context={props.context}
            onChange={(rule) => setRule('status', status.slug, rule)}
          />
        ))}
      </section>
    </>
  );
}

function useSave(shop: string, reload: () => void) {
  const { api } = useApp();
  const { t } = useT();
  const [result, setResult] = useState<SaveResult>();
  const [saveIssues, setSaveIssues] = useState<Record<string, UnknownVariable[]>>({});
  async function save(settings: TemplateSettings, baseVersion: number) {
    setSaveIssues({});
    try {
      const answer = await api.send<{ version: number }>(
        'PUT',
        `shops/${encodeURIComponent(shop)}/templates`,
        { settings, baseVersion },
      );
      setResult({ kind: 'ok', text: t('templates.saved', { version: answer.version }) });
      reload();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        return setResult({ kind: 'conflict', text: t('templates.conflict') });
      }
      const issues: Record<string, UnknownVariable[]> = {};
      for (const issue of unknownVariablesOf(error)) {
        if (issue.path) issues[issue.path] = [...(issues[issue.path] ?? []), issue];
      }
      setSaveIssues(issues);
      setResult({ kind: 'error', text: t('templates.invalid', { message: errorText(error) }) });
    }
  }
  return { result, setResult, saveIssues, save };
}

/**
 * The form of one loaded version: its draft, the focused field and the preview. It is keyed by the version it
 * edits, so that loading another version (after a save, a restore or "load latest") starts a new draft from it,
 * and the preview never shows the text of a version that is no longer on screen.
 */
function VersionForm(props: {
  shop: string;
  answer: TemplatesAnswer;
  reload: () => void;
  saving: ReturnType<typeof useSave>;
}) {
  const { t } = useT();
  const { answer, saving } = props;
  const { result, setResult, saveIssues, save } = saving;
  const [draft, setDraft] = useState<TemplateSettings>(answer.settings);
  const [field, setField] = useState<FocusedField>();
  const [previewIssues, setPreviewIssues] = useState<Record<string, UnknownVariable[]>>({});
  const onUnknown = useCallback(
    (path: string, unknown: UnknownVariable[]) => setPreviewIssues((all) => ({ ...all, [path]: unknown })),
    [],
  );
  const context: EditorContext = {
    overridden: answer.overridden,
    issues: { ...saveIssues, ...previewIssues },
    onFocus: setField,
  };
  return (
    <>
      <form
        class="editor-form"
        onSubmit={(event) => {
          event.preventDefault();
          save(draft, answer.version);
        }}
      >
        <p class="muted">
          {answer.version > 0 ? t('templates.version', { version: answer.version }) : t('templates.baseline')}
        </p>
        <GeneralEditor settings={draft} statuses={answer.statuses} onChange={setDraft} />
        <Rules answer={answer} draft={draft} context={context} onChange={setDraft} />
        <div class="sticky-actions">
          <button type="submit" class="primary">
            {t('templates.save')}
          </button>
          {result && (
            <Notice kind={result.kind === 'ok' ? 'ok' : 'error'}>
              {result.text}{' '}
              {result.kind === 'conflict' && (
                <button
                  type="button"
                  onClick={() => {
                    setResult(undefined);
                    props.reload();
                  }}
                >
                  {t('templates.reload')}
                </button>
              )}
            </Notice>
          )}
        </div>
      </form>
      <PreviewPanel shop={props.shop} field={field} onUnknown={onUnknown} />
    </>
  );
}

/** A shop's editor: the form of the loaded version, the outcome of the last save, the history. */
function Editor(props: { shop: string; answer: TemplatesAnswer; reload: () => void; round: number }) {
  const saving = useSave(props.shop, props.reload);
  const { answer } = props;
  return (
    <div class="editor">
      <VersionForm
        key={answer.version}
        shop={props.shop}
        answer={answer}
        reload={props.reload}
        saving={saving}
      />
      <Versions shop={props.shop} current={answer.version} onRestored={props.reload} round={props.round} />
    </div>
  );
}

/** The templates page. */
export function TemplatesPage(props: { params: URLSearchParams }) {
  const { api, shops } = useApp();
  const { t } = useT();
  const shop = props.params.get('shop') || shops[0]?.id || '';
  const [round, setRound] = useState(0);
  // An editor of a shop starts its draft only from that shop's answer: while another shop's loads, useLoad gives
  // none (a draft of the previous shop's answer, saved, would write its templates onto this one).
  const state = useLoad(
    `templates/${shop}`,
    () =>
      shop
        ? api.get<TemplatesAnswer>(`shops/${encodeURIComponent(shop)}/templates`)
        : new Promise<TemplatesAnswer>(() => undefined),
    round,
  );
  const reload = useCallback(() => setRound((value) => value + 1), []);
  return (
    <>
      <PageTitle>{t('templates.title')}</PageTitle>
      <div class="toolbar">
        <ShopSelect
          id="templates-shop"
          value={shop}
          onChange={(next) => navigate('/templates', { shop: next })}
        />
      </div>
      <LoadState state={state}>
        {(answer) => <Editor key={shop} shop={shop} answer={answer} reload={reload} round={round} />}
      </LoadState>
    </>
  );
}
