/** The overview: counts today and over 7 days, credits, what needs attention, balances, dispatcher, chart. */
import { useState } from 'preact/hooks';
import { useApp, useLoad } from '../context';
import { useT } from '../i18n';
import { href } from '../router';
import { type Counts, type Overview, STATUSES } from '../types';
import { LoadState, PageTitle, ShopSelect, StatusBadge } from '../ui';
import { DayChart } from './chart';

function CountsCard(props: { title: string; counts: Counts; shop: string; id: string }) {
  const { number } = useT();
  const total = STATUSES.reduce((sum, status) => sum + (props.counts[status] ?? 0), 0);
  return (
    <section class="card" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      <p class="big" data-testid={`${props.id}-total`}>
        {number(total)}
      </p>
      <dl class="counts">
        {STATUSES.filter((status) => (props.counts[status] ?? 0) > 0).map((status) => (
          <div key={status}>
            <dt>
              <a href={href('/messages', { status, shop: props.shop })}>
                <StatusBadge status={status} />
              </a>
            </dt>
            <dd data-status={status}>{number(props.counts[status])}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Attention(props: { overview: Overview; shop: string }) {
  const { t, number } = useT();
  const items = (['failed', 'dead', 'unknown'] as const).filter((key) => props.overview.attention[key] > 0);
  return (
    <section class="card attention" aria-labelledby="attention">
      <h2 id="attention">{t('overview.attention')}</h2>
      {items.length === 0 ? (
        <p>{t('overview.allGood')}</p>
      ) : (
        <ul class="plain">
          {items.map((key) => (
            <li key={key}>
              <a href={href('/messages', { status: key, shop: props.shop })}>
                <strong>{number(props.overview.attention[key])}</strong> {t(`overview.${key}`)}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Health(props: { overview: Overview }) {
  const { t, number, time, balance } = useT();
  const { dispatcher, balances, credits } = props.overview;
  return (
    <>
      <section class="card" aria-labelledby="credits">
        <h2 id="credits">{t('overview.credits')}</h2>
        <dl class="pairs">
          <dt>{t('overview.today')}</dt>
          <dd>{number(credits.today)}</dd>
          <dt>{t('overview.last7Days')}</dt>
          <dd>{number(credits.last7Days)}</dd>
        </dl>
      </section>
      <section class="card" aria-labelledby="balances">
        <h2 id="balances">{t('overview.balances')}</h2>
        <ul class="plain">
          {balances.map((entry) => (
            <li key={`${entry.shopId}-${entry.providerId}`}>
              {entry.shopId} · {entry.providerId}:{' '}
              {entry.balance ? (
                <strong data-testid="balance">{balance(entry.balance.amount, entry.balance.unit)}</strong>
              ) : (
                <span class="muted">{entry.error ?? t('overview.noBalance')}</span>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section class="card" aria-labelledby="dispatcher">
        <h2 id="dispatcher">{t('overview.dispatcher')}</h2>
        <p>
          <span class={`badge ${dispatcher.running ? 'status-sent' : 'status-failed'}`}>
            {dispatcher.running ? t('overview.running') : t('overview.stopped')}
          </span>
        </p>
        <dl class="pairs">
          <dt>{t('overview.queued')}</dt>
          <dd>{number(dispatcher.queued)}</dd>
          <dt>{t('overview.oldestQueued')}</dt>
          <dd>{time(dispatcher.oldestQueuedAt)}</dd>
          <dt>{t('overview.lastSent')}</dt>
          <dd>{time(dispatcher.lastSentAt)}</dd>
        </dl>
      </section>
    </>
  );
}

/** The overview page. */
export function OverviewPage(props: { params: URLSearchParams }) {
  const { api } = useApp();
  const { t } = useT();
  const [shop, setShop] = useState(props.params.get('shop') ?? '');
  const state = useLoad(`overview?${shop}`, () => api.get<Overview>('overview', { shop }));
  return (
    <>
      <PageTitle>{t('nav.overview')}</PageTitle>
      <div class="toolbar">
        <ShopSelect id="overview-shop" value={shop} all onChange={setShop} />
      </div>
      <LoadState state={state}>
        {(overview) => (
          <>
            <div class="cards">
              <CountsCard id="today" title={t('overview.today')} counts={overview.today} shop={shop} />
              <CountsCard id="week" title={t('overview.last7Days')} counts={overview.last7Days} shop={shop} />
              <Attention overview={overview} shop={shop} />
              <Health overview={overview} />
            </div>
            <section class="card wide" aria-labelledby="chart-title">
              <h2 id="chart-title">{t('overview.chart')}</h2>
              <DayChart days={overview.perDay} />
            </section>
          </>
        )}
      </LoadState>
    </>
  );
}
