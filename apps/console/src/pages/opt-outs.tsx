/** The opt-out list: search, add, remove, CSV import; the provider's blacklist shown with its source. */
import { useState } from 'preact/hooks';
import { useApp, useLoad } from '../context';
import { type MessageKey, type Translator, useT } from '../i18n';
import type { OptOut } from '../types';
import { errorText, LoadState, Notice, PageTitle, phoneLines } from '../ui';

type Result = { kind: 'ok' | 'error'; text: string; lines?: string[] };

/** A source in words: `local` is the service's own list, anything else a provider's blacklist. */
function sourceWord(t: Translator['t'], source: string): string {
  return source === 'local' ? t('source.local') : t('source.provider', { provider: source });
}

function PhonesForm(props: {
  id: string;
  label: MessageKey;
  button: MessageKey;
  onSubmit: (phones: string[]) => Promise<void>;
}) {
  const { t } = useT();
  return (
    <form
      class="inline-form"
      onSubmit={async (event) => {
        event.preventDefault();
        const form = event.currentTarget as HTMLFormElement;
        const phones = phoneLines(String(new FormData(form).get('phones') ?? ''));
        if (phones.length === 0) return;
        await props.onSubmit(phones);
        form.reset();
      }}
    >
      <div class="field">
        <label for={props.id}>{t(props.label)}</label>
        <textarea id={props.id} name="phones" rows={2} required />
      </div>
      <button type="submit">{t(props.button)}</button>
    </form>
  );
}

function ImportForm(props: { onImport: (csv: Blob) => Promise<void> }) {
  const { t } = useT();
  return (
    <form
      class="inline-form"
      onSubmit={async (event) => {
        event.preventDefault();
        const form = event.currentTarget as HTMLFormElement;
        const file = (form.elements.namedItem('csv') as HTMLInputElement).files?.[0];
        if (!file) return;
        await props.onImport(file);
        form.reset();
      }}
    >
      <div class="field">
        <label for="opt-out-csv">{t('optOuts.importLabel')}</label>
        <input id="opt-out-csv" name="csv" type="file" accept=".csv,text/csv,text/plain" required />
      </div>
      <button type="submit">{t('optOuts.import')}</button>
    </form>
  );
}

function List(props: { optOuts: OptOut[] }) {
  const { t, time } = useT();
  if (props.optOuts.length === 0) return <p class="muted">{t('optOuts.none')}</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">{t('optOuts.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('col.phone')}</th>
            <th scope="col">{t('col.source')}</th>
            <th scope="col">{t('col.added')}</th>
          </tr>
        </thead>
        <tbody>
          {props.optOuts.map((entry) => (
            <tr key={`${entry.phone}-${entry.source}`}>
              <td class="nowrap">{entry.phone}</td>
              <td>{sourceWord(t, entry.source)}</td>
              <td>{time(entry.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The forms that change the list: add, remove, import. */
function Changes(props: { act: (run: () => Promise<Result>) => Promise<void> }) {
  const { api } = useApp();
  const { t } = useT();
  const { act } = props;
  return (
    <div class="cards">
      <section class="card" aria-labelledby="add-title">
        <h2 id="add-title">{t('optOuts.add')}</h2>
        <PhonesForm
          id="opt-out-add"
          label="optOuts.addLabel"
          button="optOuts.add"
          onSubmit={(phones) =>
            act(async () => {
              const { added } = await api.send<{ added: number }>('POST', 'opt-outs', { phones });
              return { kind: 'ok', text: t('optOuts.added', { count: added }) };
            })
          }
        />
      </section>
      <section class="card" aria-labelledby="remove-title">
        <h2 id="remove-title">{t('optOuts.remove')}</h2>
        <PhonesForm
          id="opt-out-remove"
          label="optOuts.removeLabel"
          button="optOuts.remove"
          onSubmit={(phones) =>
            act(async () => {
              const { removed } = await api.send<{ removed: number }>('DELETE', 'opt-outs', { phones });
              return { kind: 'ok', text: t('optOuts.removed', { count: removed }) };
            })
          }
        />
      </section>
      <section class="card" aria-labelledby="import-title">
        <h2 id="import-title">{t('optOuts.import')}</h2>
        <ImportForm
          onImport={(csv) =>
            act(async () => {
              const answer = await api.send<{
                added: number;
                invalid: { line?: number; index?: number; reason: string }[];
              }>('POST', 'opt-outs/import', csv, 'text/csv');
              return {
                kind: 'ok',
                text: t('optOuts.imported', { added: answer.added, invalid: answer.invalid.length }),
                lines: answer.invalid.map((item) =>
                  t('optOuts.line', { line: item.line ?? (item.index ?? 0) + 1, reason: item.reason }),
                ),
              };
            })
          }
        />
      </section>
    </div>
  );
}

/** The opt-outs page. */
export function OptOutsPage() {
  const { api, shops } = useApp();
  const { t } = useT();
  const [search, setSearch] = useState<{ q: string; source: string; cursor?: string }>({ q: '', source: '' });
  const [round, setRound] = useState(0);
  const [result, setResult] = useState<Result>();
  const state = useLoad(
    `opt-outs?${search.q}&${search.source}&${search.cursor ?? ''}`,
    () => api.get<{ optOuts: OptOut[]; nextCursor?: string }>('opt-outs', { ...search, limit: 100 }),
    round,
  );
  async function act(run: () => Promise<Result>) {
    try {
      setResult(await run());
      setRound((value) => value + 1);
    } catch (error) {
      setResult({ kind: 'error', text: errorText(error) });
    }
  }
  return (
    <>
      <PageTitle>{t('optOuts.title')}</PageTitle>
      <form
        class="filters"
        aria-label={t('optOuts.search')}
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget as HTMLFormElement);
          setSearch({ q: String(form.get('q') ?? '').trim(), source: String(form.get('source') ?? '') });
        }}
      >
        <div class="field">
          <label for="opt-out-q">{t('optOuts.search')}</label>
          <input id="opt-out-q" name="q" type="search" inputMode="numeric" />
        </div>
        <div class="field">
          <label for="opt-out-source">{t('optOuts.source')}</label>
          <select id="opt-out-source" name="source">
            <option value="">{t('optOuts.anySource')}</option>
            {['local', ...new Set(shops.map((shop) => shop.provider))].map((source) => (
              <option key={source} value={source}>
                {sourceWord(t, source)}
              </option>
            ))}
          </select>
        </div>
        <div class="actions">
          <button type="submit" class="primary">
            {t('messages.apply')}
          </button>
        </div>
      </form>
      {result && (
        <Notice kind={result.kind}>
          {result.text}
          {result.lines && result.lines.length > 0 && (
            <ul>
              {result.lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </Notice>
      )}
      <Changes act={act} />
      <LoadState state={state}>
        {(answer) => (
          <>
            <List optOuts={answer.optOuts} />
            <nav class="pager" aria-label={t('optOuts.title')}>
              {search.cursor && (
                <button type="button" onClick={() => setSearch({ ...search, cursor: undefined })}>
                  {t('messages.first')}
                </button>
              )}
              {answer.nextCursor && (
                <button type="button" onClick={() => setSearch({ ...search, cursor: answer.nextCursor })}>
                  {t('messages.next')}
                </button>
              )}
            </nav>
          </>
        )}
      </LoadState>
    </>
  );
}
