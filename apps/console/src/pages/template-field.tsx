/** A template textarea with its unknown variables flagged inline, at their position in the text. */
import { useT } from '../i18n';
import type { UnknownVariable } from '../types';

/** The field being previewed: where it is in the settings, its label and its text. */
export interface FocusedField {
  path: string;
  label: string;
  text: string;
}

function marked(text: string, unknown: UnknownVariable[]) {
  const parts = [];
  let at = 0;
  const sorted = [...unknown].sort((left, right) => left.index - right.index);
  for (const item of sorted) {
    if (item.index < at || item.index >= text.length) continue;
    const close = text.indexOf('}', item.index);
    const end = close === -1 ? text.length : close + 1;
    parts.push(text.slice(at, item.index));
    parts.push(<mark key={item.index}>{text.slice(item.index, end)}</mark>);
    at = end;
  }
  parts.push(text.slice(at));
  return parts;
}

/** One template's textarea; `onFocus` makes it the previewed field. */
export function TemplateField(props: {
  id: string;
  path: string;
  label: string;
  value: string | undefined;
  unknown: UnknownVariable[];
  onInput: (text: string | undefined) => void;
  onFocus: (field: FocusedField) => void;
}) {
  const { t } = useT();
  const text = props.value ?? '';
  const issues = props.unknown.length > 0;
  const focus = (value: string) => props.onFocus({ path: props.path, label: props.label, text: value });
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <textarea
        id={props.id}
        rows={3}
        maxLength={2000}
        value={text}
        aria-invalid={issues ? 'true' : undefined}
        aria-describedby={issues ? `${props.id}-issues` : undefined}
        onFocus={(event) => focus((event.target as HTMLTextAreaElement).value)}
        onInput={(event) => {
          const value = (event.target as HTMLTextAreaElement).value;
          props.onInput(value === '' ? undefined : value);
          focus(value);
        }}
      />
      {issues && (
        <div id={`${props.id}-issues`} class="issues" role="alert">
          <p class="mirror" aria-hidden="true">
            {marked(text, props.unknown)}
          </p>
          <ul class="issue-list">
            {props.unknown.map((item) => (
              <li key={`${item.variable}-${item.index}`}>
                {t('templates.unknownVariable', {
                  variable: item.variable.startsWith('{') ? item.variable : `{${item.variable}}`,
                  index: item.index + 1,
                })}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
