/** Small shared pieces of the pages. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Loaded } from './context';
import { useApp } from './context';
import { useT } from './i18n';

/**
 * A page's title (the one `h1`), focused when the page opens so that a keyboard or screen-reader user starts
 * there.
 */
export function PageTitle(props: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {props.children}
    </h1>
  );
}

/** What a page shows while loading or after an error; its children once the data is there. */
export function LoadState<T>(props: { state: Loaded<T>; children: (data: T) => ComponentChildren }) {
  const { t } = useT();
  const { state } = props;
  if (state.error) {
    return (
      <div class="notice notice-error" role="alert">
        <p>
          {t('error')}: {state.error.message}
        </p>
        <button type="button" onClick={state.reload}>
          {t('retry')}
        </button>
      </div>
    );
  }
  if (state.data === undefined) {
    return (
      <p class="muted" aria-live="polite">
        {t('loading')}
      </p>
    );
  }
  return <>{props.children(state.data)}</>;
}

/** A status as a coloured badge (the colour comes with the word, never alone). */
export function StatusBadge(props: { status: string }) {
  const { word } = useT();
  return <span class={`badge status-${props.status}`}>{word(props.status)}</span>;
}

/** A message shown after an action: polite for a success, an alert for an error. */
export function Notice(props: { kind: 'ok' | 'error'; children: ComponentChildren }) {
  return (
    <div class={`notice notice-${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </div>
  );
}

/** A select of the shops, with "all shops" when `all` is set. */
export function ShopSelect(props: {
  id: string;
  value: string;
  name?: string;
  all?: boolean;
  onChange?: (shop: string) => void;
}) {
  const { shops } = useApp();
  const { t } = useT();
  return (
    <div class="field">
      <label for={props.id}>{t('shop')}</label>
      <select
        id={props.id}
        name={props.name}
        value={props.value}
        onChange={(event) => props.onChange?.((event.target as HTMLSelectElement).value)}
      >
        {props.all && <option value="">{t('allShops')}</option>}
        {shops.map((shop) => (
          <option key={shop.id} value={shop.id}>
            {shop.name} ({shop.id})
          </option>
        ))}
      </select>
    </div>
  );
}

/** The error text of a failed action, in words. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A list of numbers typed one per line (or separated by commas). */
export function phoneLines(text: string): string[] {
  return text
    .split(/[\n,;]+/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/**
 * The confirmation asked before an action that changes or sends something: a question, "yes" (focused) and "no".
 * @param props.question - what is about to happen
 * @param props.busy - whether the action is under way (the "yes" button is disabled)
 */
export function Confirm(props: { question: string; busy: boolean; onYes: () => void; onNo: () => void }) {
  const { t } = useT();
  return (
    <fieldset class="confirm">
      <legend>{props.question}</legend>
      <button
        type="button"
        class="primary"
        disabled={props.busy}
        ref={(element) => element?.focus()}
        onClick={props.onYes}
      >
        {t('detail.confirmYes')}
      </button>
      <button type="button" onClick={props.onNo}>
        {t('detail.confirmNo')}
      </button>
    </fieldset>
  );
}
