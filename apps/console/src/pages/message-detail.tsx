/** One message: its text and measure, recipient (masked), attempts, delivery, reason, actions and their log. */
import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { useApp, useLoad } from '../context';
import { type MessageKey, useT } from '../i18n';
import { href } from '../router';
import type { AdminMessage, Attempt, AuditEntry, MessageDetail } from '../types';
import { Confirm, errorText, LoadState, Notice, PageTitle, StatusBadge } from '../ui';
import { OrderCalls } from './calls';

interface Action {
  key: MessageKey;
  path: string;
  body?: unknown;
}

function actionsOf(message: AdminMessage): Action[] {
  const base = `messages/${encodeURIComponent(message.id)}`;
  switch (message.status) {
    case 'failed':
    case 'dead':
      return [{ key: 'detail.retry', path: `${base}/retry` }];
    case 'queued':
      return [{ key: 'detail.cancel', path: `${base}/cancel` }];
    case 'unknown':
      return [
        { key: 'detail.resolveSent', path: `${base}/resolve`, body: { outcome: 'sent' } },
        { key: 'detail.resolveFailed', path: `${base}/resolve`, body: { outcome: 'failed' } },
        { key: 'detail.resolveResend', path: `${base}/resolve`, body: { outcome: 'resend' } },
      ];
    default:
      return [];
  }
}

/** The action buttons; each asks for a confirmation before it is sent. */
function Actions(props: { message: AdminMessage; onDone: () => void }) {
  const { api } = useApp();
  const { t } = useT();
  const [asking, setAsking] = useState<Action | undefined>();
  const [result, setResult] = useState<{ kind: 'ok' | 'error'; text: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const actions = actionsOf(props.message);
  if (actions.length === 0 && !result) return null;

  async function confirm(action: Action) {
    setBusy(true);
    try {
      await api.send('POST', action.path, action.body ?? {});
      setResult({ kind: 'ok', text: t('detail.done') });
      setAsking(undefined);
      props.onDone();
    } catch (error) {
      setResult({ kind: 'error', text: error instanceof ApiError ? error.message : errorText(error) });
      setAsking(undefined);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="actions-title">
      <h2 id="actions-title">{t('col.action')}</h2>
      {props.message.status === 'unknown' && <p class="muted">{t('detail.resolveHint')}</p>}
      {asking ? (
        <Confirm
          question={t('detail.confirm', { action: t(asking.key) })}
          busy={busy}
          onYes={() => confirm(asking)}
          onNo={() => setAsking(undefined)}
        />
      ) : (
        <div class="actions">
          {actions.map((action) => (
            <button key={action.key} type="button" onClick={() => setAsking(action)}>
              {t(action.key)}
            </button>
          ))}
        </div>
      )}
      {result && <Notice kind={result.kind}>{result.text}</Notice>}
    </section>
  );
}

function Attempts(props: { attempts: Attempt[] }) {
  const { t, time, word } = useT();
  if (props.attempts.length === 0) return <p class="muted">{t('detail.noAttempts')}</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('col.time')}</th>
            <th scope="col">{t('col.result')}</th>
            <th scope="col">{t('col.error')}</th>
            <th scope="col">{t('col.providerId')}</th>
            <th scope="col" class="num">
              {t('col.duration')}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.attempts.map((attempt) => (
            <tr key={attempt.at}>
              <td>{time(attempt.at)}</td>
              <td>
                <span class={`badge status-${attempt.result}`}>{word(attempt.result)}</span>
              </td>
              <td>
                {[attempt.errorKind, attempt.errorCode, attempt.errorMessage].filter(Boolean).join(' · ') ||
                  '–'}
              </td>
              <td class="nowrap">{attempt.providerMessageId ?? '–'}</td>
              <td class="num">{attempt.durationMs === undefined ? '–' : `${attempt.durationMs} ms`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AuditLog(props: { entries: AuditEntry[] }) {
  const { t, time } = useT();
  if (props.entries.length === 0) return <p class="muted">{t('detail.noActions')}</p>;
  return (
    <ul class="plain">
      {props.entries.map((entry) => (
        <li key={`${entry.at}-${entry.action}`}>
          {time(entry.at)} · <strong>{entry.user}</strong> · {entry.action}
        </li>
      ))}
    </ul>
  );
}

function Detail(props: { detail: MessageDetail; onChange: () => void }) {
  const { t, time, word, number, pick } = useT();
  const { message, measure } = props.detail;
  return (
    <>
      <div class="cards">
        <section class="card wide" aria-labelledby="text-title">
          <h2 id="text-title">{t('detail.text')}</h2>
          <pre class="sms-text">{message.text}</pre>
          <dl class="pairs">
            <dt>{t('col.status')}</dt>
            <dd>
              <StatusBadge status={message.status} />
            </dd>
            <dt>{t('detail.type')}</dt>
            <dd>{word(measure.type)}</dd>
            <dt>{t('col.segments')}</dt>
            <dd>{number(measure.segments)}</dd>
            <dt>{t('detail.units')}</dt>
            <dd>{number(measure.units)}</dd>
            <dt>{t('col.cost')}</dt>
            <dd>{number(message.credits ?? measure.cost)}</dd>
            <dt>{t('col.recipient')}</dt>
            <dd>
              {message.recipient} ({message.role === 'admin' ? t('role.admin') : t('role.customer')})
            </dd>
            <dt>{t('col.event')}</dt>
            <dd>
              {word(message.eventType)}
              {message.orderId ? ` · ${t('col.order')} ${message.orderId}` : ''}
            </dd>
            <dt>{t('detail.provider')}</dt>
            <dd>{message.providerId}</dd>
            <dt>{t('detail.providerMessageId')}</dt>
            <dd>{message.providerMessageId ?? '–'}</dd>
            <dt>{t('detail.delivery')}</dt>
            <dd>
              {message.deliveredAt
                ? t('detail.deliveredAt', { time: time(message.deliveredAt) })
                : t('detail.notDelivered')}
            </dd>
          </dl>
        </section>
        {props.detail.explanation && (
          <section class="card" aria-labelledby="why-title">
            <h2 id="why-title">{t('detail.why')}</h2>
            <p data-testid="explanation">{pick(props.detail.explanation)}</p>
          </section>
        )}
        <Actions message={message} onDone={props.onChange} />
      </div>
      <section aria-labelledby="attempts-title">
        <h2 id="attempts-title">{t('detail.attempts')}</h2>
        <Attempts attempts={props.detail.attempts} />
      </section>
      <section aria-labelledby="audit-title">
        <h2 id="audit-title">{t('detail.actions')}</h2>
        <AuditLog entries={props.detail.actions} />
      </section>
      {message.orderId && <OrderCalls shop={message.shopId} order={message.orderId} />}
    </>
  );
}

/** The detail page of one message. */
export function MessageDetailPage(props: { id: string }) {
  const { api } = useApp();
  const { t } = useT();
  const state = useLoad(`message/${props.id}`, () =>
    api.get<MessageDetail>(`messages/${encodeURIComponent(props.id)}`),
  );
  return (
    <>
      <p>
        <a href={href('/messages')}>← {t('detail.back')}</a>
      </p>
      <PageTitle>{t('detail.title', { id: props.id })}</PageTitle>
      <LoadState state={state}>{(detail) => <Detail detail={detail} onChange={state.reload} />}</LoadState>
    </>
  );
}
