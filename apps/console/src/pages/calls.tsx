/** The calls page, shown when the service has a calls API: the PBX's recent calls. */
import { useApp, useLoad } from '../context';
import { useT } from '../i18n';
import { LoadState, PageTitle } from '../ui';

type Call = Record<string, unknown>;

function cell(value: unknown): string {
  if (value === undefined || value === null) return '–';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The calls page: every field the API gives, one column each. */
export function CallsPage() {
  const { api } = useApp();
  const { t } = useT();
  const state = useLoad('calls', () => api.get<{ calls: Call[] }>('calls', { limit: 100 }));
  return (
    <>
      <PageTitle>{t('calls.title')}</PageTitle>
      <LoadState state={state}>
        {({ calls }) => {
          if (calls.length === 0) return <p class="muted">{t('calls.none')}</p>;
          const columns = [...new Set(calls.flatMap((call) => Object.keys(call)))].slice(0, 8);
          return (
            <div class="table-wrap">
              <table>
                <caption class="visually-hidden">{t('calls.title')}</caption>
                <thead>
                  <tr>
                    {columns.map((column) => (
                      <th key={column} scope="col">
                        {column}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {calls.map((call, index) => (
                    <tr key={`${index}-${cell(call[columns[0] ?? ''])}`}>
                      {columns.map((column) => (
                        <td key={column}>{cell(call[column])}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        }}
      </LoadState>
    </>
  );
}
