/** The live preview of the focused template (debounced POST /admin/preview) and the test SMS. */
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { useApp } from '../context';
import { useT } from '../i18n';
import { href } from '../router';
import type { AdminMessage, Preview, UnknownVariable } from '../types';
import { errorText, Notice } from '../ui';
import type { FocusedField } from './template-field';

const DEBOUNCE_MS = 250;

/** The unknown variables of a 400 answer: `issues` in the error, each `{ variable, index }`. */
export function unknownVariablesOf(error: unknown): (UnknownVariable & { path?: string })[] {
  if (!(error instanceof ApiError)) return [];
  const body = error.body as { error?: { issues?: unknown }; issues?: unknown } | undefined;
  const issues = body?.error?.issues ?? body?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.filter(
    (issue): issue is UnknownVariable & { path?: string } =>
      typeof issue === 'object' && issue !== null && 'variable' in issue && 'index' in issue,
  );
}

function usePreview(shop: string, field: FocusedField | undefined, sample: string) {
  const { api } = useApp();
  const [preview, setPreview] = useState<{ path: string; value?: Preview; error?: string }>();
  const [busy, setBusy] = useState(false);
  const template = field?.text ?? '';
  const path = field?.path ?? '';
  useEffect(() => {
    if (!path) return;
    let live = true;
    setBusy(true);
    const timer = setTimeout(() => {
      const request = template
        ? api.send<Preview>('POST', 'preview', { shop, template, sample })
        : Promise.resolve<Preview>({ text: '', type: 'normal', segments: 0, units: 0, unknownVariables: [] });
      request.then(
        (value) => {
          if (!live) return;
          setPreview({ path, value });
          setBusy(false);
        },
        (error: unknown) => {
          if (!live) return;
          const unknown = unknownVariablesOf(error);
          setPreview(
            unknown.length > 0
              ? { path, value: { text: '', type: '', segments: 0, units: 0, unknownVariables: unknown } }
              : { path, error: errorText(error) },
          );
          setBusy(false);
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, shop, path, template, sample]);
  return { preview: preview?.path === path ? preview : undefined, busy };
}

function Measure(props: { preview: Preview }) {
  const { t, word, number } = useT();
  const { preview } = props;
  return (
    <>
      <pre class="sms-text" data-testid="preview-text">
        {preview.text}
      </pre>
      <dl class="pairs">
        <dt>{t('preview.type')}</dt>
        <dd data-testid="preview-type" data-type={preview.type}>
          {word(preview.type)}
        </dd>
        <dt>{t('preview.segments')}</dt>
        <dd data-testid="preview-segments">{number(preview.segments)}</dd>
        <dt>{t('preview.left')}</dt>
        <dd>{number(preview.charactersLeft)}</dd>
        <dt>{t('preview.cost')}</dt>
        <dd>{number(preview.cost)}</dd>
      </dl>
      {preview.transliterated && preview.transliterated.saving > 0 && (
        <p class="muted" data-testid="preview-saving">
          {t('preview.saving', {
            segments: preview.transliterated.segments,
            saving: preview.transliterated.saving,
          })}
        </p>
      )}
    </>
  );
}

function TestSms(props: { shop: string; text: string | undefined }) {
  const { api } = useApp();
  const { t } = useT();
  const [result, setResult] = useState<{ kind: 'ok' | 'error'; text: string; id?: string }>();
  async function submit(event: Event) {
    event.preventDefault();
    const phone = String(new FormData(event.currentTarget as HTMLFormElement).get('phone') ?? '').trim();
    if (!props.text) return setResult({ kind: 'error', text: t('test.needPreview') });
    try {
      const answer = await api.send<{ message: AdminMessage }>(
        'POST',
        `shops/${encodeURIComponent(props.shop)}/test-sms`,
        { phone, text: props.text },
      );
      setResult({ kind: 'ok', text: t('test.queued'), id: answer.message.id });
    } catch (error) {
      setResult({ kind: 'error', text: errorText(error) });
    }
  }
  return (
    <form class="test-sms" onSubmit={submit}>
      <div class="field">
        <label for="test-phone">{t('test.phone')}</label>
        <input id="test-phone" name="phone" type="tel" autoComplete="off" required />
      </div>
      <button type="submit">{t('test.send')}</button>
      {result && (
        <Notice kind={result.kind}>
          {result.text}{' '}
          {result.id && <a href={href(`/messages/${encodeURIComponent(result.id)}`)}>{result.id}</a>}
        </Notice>
      )}
    </form>
  );
}

/** The preview panel; reports the unknown variables of the previewed field to `onUnknown`. */
export function PreviewPanel(props: {
  shop: string;
  field: FocusedField | undefined;
  onUnknown: (path: string, unknown: UnknownVariable[]) => void;
}) {
  const { t } = useT();
  const [sample, setSample] = useState('sample');
  const { preview, busy } = usePreview(props.shop, props.field, sample);
  const { onUnknown } = props;
  useEffect(() => {
    if (preview?.value) onUnknown(preview.path, preview.value.unknownVariables ?? []);
  }, [preview, onUnknown]);
  return (
    <aside class="card preview" aria-labelledby="preview-title">
      <h2 id="preview-title">{t('preview.title')}</h2>
      <div class="field">
        <label for="preview-sample">{t('preview.sample')}</label>
        <select
          id="preview-sample"
          value={sample}
          onChange={(event) => setSample((event.target as HTMLSelectElement).value)}
        >
          <option value="sample">{t('preview.sampleOrder')}</option>
          <option value="recent">{t('preview.recentOrder')}</option>
        </select>
      </div>
      <div aria-live="polite" aria-busy={busy ? 'true' : 'false'} data-testid="preview">
        {!props.field && <p class="muted">{t('preview.pick')}</p>}
        {props.field && <p class="muted">{t('preview.for', { field: props.field.label })}</p>}
        {preview?.error && <Notice kind="error">{preview.error}</Notice>}
        {preview?.value && <Measure preview={preview.value} />}
        {busy && <p class="muted">{t('preview.updating')}</p>}
      </div>
      <h3>{t('test.title')}</h3>
      <TestSms shop={props.shop} text={preview?.value?.text || undefined} />
    </aside>
  );
}
