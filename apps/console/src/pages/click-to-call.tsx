/** Click-to-call: the PBX rings a chosen extension of the shop, then bridges it to the customer's number. */
import { useState } from 'preact/hooks';
import { useApp } from '../context';
import { useT } from '../i18n';
import { Confirm, errorText, Notice, ShopSelect } from '../ui';

/**
 * The click-to-call form (`POST /admin/calls/click-to-call` `{ shop, to, destination }`), with a confirmation
 * before the call is placed. Numbers in the calls log are masked, so the number to call is typed.
 * @param props.shop - the shop the form starts with (an order's shop); the first shop otherwise
 */
export function ClickToCall(props: { shop?: string }) {
  const { api, shops } = useApp();
  const { t } = useT();
  const [shop, setShop] = useState(props.shop ?? shops[0]?.id ?? '');
  const [to, setTo] = useState('');
  const [extension, setExtension] = useState('');
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ kind: 'ok' | 'error'; text: string } | undefined>();

  async function call() {
    setBusy(true);
    try {
      await api.send('POST', 'calls/click-to-call', { shop, to: to.trim(), destination: extension.trim() });
      setResult({ kind: 'ok', text: t('call.ringing') });
    } catch (error) {
      setResult({ kind: 'error', text: errorText(error) });
    } finally {
      setAsking(false);
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="call-title">
      <h2 id="call-title">{t('call.title')}</h2>
      <p class="muted">{t('call.hint')}</p>
      <form
        class="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          setResult(undefined);
          setAsking(true);
        }}
      >
        <ShopSelect id="call-shop" value={shop} onChange={setShop} />
        <div class="field">
          <label for="call-to">{t('call.to')}</label>
          <input
            id="call-to"
            type="tel"
            required
            minLength={3}
            maxLength={32}
            autocomplete="off"
            value={to}
            onInput={(event) => setTo((event.target as HTMLInputElement).value)}
          />
        </div>
        <div class="field">
          <label for="call-extension">{t('call.extension')}</label>
          <input
            id="call-extension"
            inputMode="numeric"
            required
            pattern="[0-9]{2,4}"
            maxLength={4}
            value={extension}
            onInput={(event) => setExtension((event.target as HTMLInputElement).value)}
          />
        </div>
        {!asking && <button type="submit">{t('call.action')}</button>}
      </form>
      {asking && (
        <Confirm
          question={t('call.confirm', { extension, to })}
          busy={busy}
          onYes={call}
          onNo={() => setAsking(false)}
        />
      )}
      {result && <Notice kind={result.kind}>{result.text}</Notice>}
    </section>
  );
}
