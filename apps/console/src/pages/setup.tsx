/** The setup page: the webhook URLs to paste into the shop, last deliveries, signature failures, checklist. */
import { useState } from 'preact/hooks';
import { useApp, useLoad } from '../context';
import { useT } from '../i18n';
import { navigate } from '../router';
import type { Setup } from '../types';
import { LoadState, PageTitle, ShopSelect } from '../ui';

function CopyButton(props: { text: string; label: string; inputId: string }) {
  const { t } = useT();
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(props.text);
    } catch {
      // Without clipboard access (plain HTTP), the URL is selected for the user to copy.
      const input = document.getElementById(props.inputId) as HTMLInputElement | null;
      input?.select();
      document.execCommand?.('copy');
    }
    setCopied(true);
  }
  return (
    <button type="button" onClick={copy} aria-label={`${t('setup.copy')}: ${props.label}`}>
      {copied ? t('setup.copied') : t('setup.copy')}
    </button>
  );
}

function SetupView(props: { setup: Setup }) {
  const { t, time, number, pick } = useT();
  const { setup } = props;
  const last = new Map(setup.lastDeliveries.map((item) => [item.topic, item.at]));
  return (
    <>
      <section class="card wide" aria-labelledby="webhooks-title">
        <h2 id="webhooks-title">{t('setup.webhooks')}</h2>
        <p class="muted">{t('setup.webhooksHint')}</p>
        <ul class="plain webhooks">
          {setup.webhooks.map((hook, index) => (
            <li key={hook.topic}>
              <label for={`webhook-${index}`}>
                <strong>{hook.topic}</strong>{' '}
                <span class="muted">
                  ({t('setup.lastDeliveries')}:{' '}
                  {last.has(hook.topic) ? time(last.get(hook.topic)) : t('setup.never')})
                </span>
              </label>
              <div class="copy-row">
                <input
                  id={`webhook-${index}`}
                  type="text"
                  readOnly
                  value={hook.url}
                  data-topic={hook.topic}
                />
                <CopyButton text={hook.url} label={hook.topic} inputId={`webhook-${index}`} />
              </div>
            </li>
          ))}
        </ul>
      </section>
      <div class="cards">
        <section class="card" aria-labelledby="signature-title">
          <h2 id="signature-title">{t('setup.signatureFailures')}</h2>
          <p class="big" data-testid="signature-failures">
            {number(setup.signatureFailures24h)}
          </p>
          {setup.signatureFailures24h > 0 && <p>{t('setup.signatureHint')}</p>}
        </section>
        <section class="card wide" aria-labelledby="checklist-title">
          <h2 id="checklist-title">{t('setup.checklist')}</h2>
          <ul class="plain checklist">
            {setup.checklist.map((item) => (
              <li key={item.id} class={item.ok ? 'ok' : 'missing'}>
                <span class={`badge ${item.ok ? 'status-sent' : 'status-failed'}`}>
                  {item.ok ? t('setup.ok') : t('setup.missing')}
                </span>{' '}
                {pick(item.message)}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}

/** The setup page. */
export function SetupPage(props: { params: URLSearchParams }) {
  const { api, shops } = useApp();
  const { t } = useT();
  const shop = props.params.get('shop') || shops[0]?.id || '';
  const state = useLoad(`setup/${shop}`, () =>
    shop ? api.get<Setup>(`shops/${encodeURIComponent(shop)}/setup`) : new Promise<Setup>(() => undefined),
  );
  return (
    <>
      <PageTitle>{t('nav.setup')}</PageTitle>
      <div class="toolbar">
        <ShopSelect id="setup-shop" value={shop} onChange={(next) => navigate('/setup', { shop: next })} />
      </div>
      <LoadState state={state}>{(setup) => <SetupView setup={setup} />}</LoadState>
    </>
  );
}
