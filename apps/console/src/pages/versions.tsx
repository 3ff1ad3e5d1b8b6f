/** The version history of a shop's templates: who saved when, the changes of each, and a way back. */
import { useState } from 'preact/hooks';
import { useApp, useLoad } from '../context';
import { useT } from '../i18n';
import type { VersionDetail, VersionSummary } from '../types';
import { errorText, LoadState, Notice } from '../ui';

function short(value: unknown): string {
  if (value === undefined) return '–';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function Diff(props: { shop: string; version: number }) {
  const { api } = useApp();
  const { t } = useT();
  const state = useLoad(`version/${props.shop}/${props.version}`, () =>
    api.get<VersionDetail>(`shops/${encodeURIComponent(props.shop)}/templates/versions/${props.version}`),
  );
  return (
    <LoadState state={state}>
      {(detail) => (
        <div class="table-wrap">
          <table class="diff">
            <caption>{t('versions.diff', { version: detail.version })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('col.event')}</th>
                <th scope="col">{t('versions.before')}</th>
                <th scope="col">{t('versions.after')}</th>
              </tr>
            </thead>
            <tbody>
              {detail.diff.map((change) => (
                <tr key={change.path}>
                  <th scope="row" class="nowrap">
                    {change.path}
                  </th>
                  <td class="before">{short(change.before)}</td>
                  <td class="after">{short(change.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </LoadState>
  );
}

/** The history section of the templates page; `onRestored` reloads the editor. */
export function Versions(props: { shop: string; current: number; onRestored: () => void; round: number }) {
  const { api } = useApp();
  const { t, time } = useT();
  const [open, setOpen] = useState<number | undefined>();
  const [result, setResult] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const base = `shops/${encodeURIComponent(props.shop)}/templates/versions`;
  const state = useLoad(base, () => api.get<{ versions: VersionSummary[] }>(base), props.round);
  async function restore(version: number) {
    try {
      await api.send('POST', `${base}/${version}/restore`, { baseVersion: props.current });
      setResult({ kind: 'ok', text: t('versions.restored', { version }) });
      props.onRestored();
    } catch (error) {
      setResult({ kind: 'error', text: errorText(error) });
    }
  }
  return (
    <section class="card wide" aria-labelledby="versions-title">
      <h2 id="versions-title">{t('versions.title')}</h2>
      {result && <Notice kind={result.kind}>{result.text}</Notice>}
      <LoadState state={state}>
        {({ versions }) =>
          versions.length === 0 ? (
            <p class="muted">{t('versions.none')}</p>
          ) : (
            <ol class="versions" reversed>
              {versions.map((version) => (
                <li key={version.version} data-version={version.version}>
                  <strong>{t('templates.version', { version: version.version })}</strong> · {version.user} ·{' '}
                  {time(version.at)}
                  {version.summary && <span class="muted"> · {version.summary}</span>}
                  <div class="actions">
                    <button
                      type="button"
                      aria-expanded={open === version.version}
                      onClick={() => setOpen(open === version.version ? undefined : version.version)}
                    >
                      {t('versions.show')}
                    </button>
                    {version.version !== props.current && (
                      <button type="button" onClick={() => restore(version.version)}>
                        {t('versions.restore')}
                      </button>
                    )}
                  </div>
                  {open === version.version && <Diff shop={props.shop} version={version.version} />}
                </li>
              ))}
            </ol>
          )
        }
      </LoadState>
    </section>
  );
}
