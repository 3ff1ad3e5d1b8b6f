/** The calls log (the PBX's calls the service recorded, numbers masked), per shop or order, newest first. */
import { useState } from 'preact/hooks';
import { useApp, useLoad } from '../context';
import { useT } from '../i18n';
import { LoadState, PageTitle, ShopSelect } from '../ui';
import { ClickToCall } from './click-to-call';

/** One call as `GET /admin/calls` gives it. */
interface Call {
  id: number | string;
  shopId: string;
  eventName?: string;
  eventType?: string;
  direction?: string;
  caller?: string;
  callee?: string;
  talkSeconds?: number;
  hangupCause?: string;
  automatic?: boolean;
  orderId?: string;
  at: string;
}

function CallTable(props: { calls: Call[]; caption: string }) {
  const { t, time, number } = useT();
  return (
    <div class="table-wrap">
      <table class="stack">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('col.time')}</th>
            <th scope="col">{t('shop')}</th>
            <th scope="col">{t('calls.direction')}</th>
            <th scope="col">{t('calls.caller')}</th>
            <th scope="col">{t('calls.callee')}</th>
            <th scope="col">{t('col.event')}</th>
            <th scope="col" class="num">
              {t('calls.talk')}
            </th>
            <th scope="col">{t('col.order')}</th>
          </tr>
        </thead>
        <tbody>
          {props.calls.map((call) => (
            <tr key={call.id}>
              <td data-label={t('col.time')}>{time(call.at)}</td>
              <td data-label={t('shop')}>{call.shopId}</td>
              <td data-label={t('calls.direction')}>
                {call.direction ?? '–'}
                {call.automatic ? ` · ${t('calls.automatic')}` : ''}
              </td>
              <td class="nowrap" data-label={t('calls.caller')}>
                {call.caller ?? '–'}
              </td>
              <td class="nowrap" data-label={t('calls.callee')}>
                {call.callee ?? '–'}
              </td>
              <td data-label={t('col.event')}>
                {[call.eventName, call.hangupCause].filter(Boolean).join(' · ') || '–'}
              </td>
              <td class="num" data-label={t('calls.talk')}>
                {call.talkSeconds === undefined ? '–' : `${number(call.talkSeconds)} s`}
              </td>
              <td data-label={t('col.order')}>{call.orderId ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The calls page. */
export function CallsPage() {
  const { api } = useApp();
  const { t } = useT();
  const [shop, setShop] = useState('');
  const [cursor, setCursor] = useState<string>();
  const state = useLoad(`calls?${shop}&${cursor ?? ''}`, () =>
    api.get<{ calls: Call[]; nextCursor?: string }>('calls', { shop, cursor, limit: 50 }),
  );
  return (
    <>
      <PageTitle>{t('calls.title')}</PageTitle>
      <div class="toolbar">
        <ShopSelect
          id="calls-shop"
          value={shop}
          all
          onChange={(next) => {
            setShop(next);
            setCursor(undefined);
          }}
        />
      </div>
      <LoadState state={state}>
        {({ calls, nextCursor }) => (
          <>
            {calls.length === 0 ? (
              <p class="muted">{t('calls.none')}</p>
            ) : (
              <CallTable calls={calls} caption={t('calls.title')} />
            )}
            <nav class="pager" aria-label={t('calls.title')}>
              {cursor && (
                <button type="button" onClick={() => setCursor(undefined)}>
                  {t('messages.first')}
                </button>
              )}
              {nextCursor && (
                <button type="button" onClick={() => setCursor(nextCursor)}>
                  {t('messages.next')}
                </button>
              )}
            </nav>
          </>
        )}
      </LoadState>
      <ClickToCall />
    </>
  );
}

/**
 * An order's calls (`GET /admin/calls?shop&order`), with click-to-call, shown on its messages.
 * @param props.shop - the order's shop
 * @param props.order - the order's id
 */
export function OrderCalls(props: { shop: string; order: string }) {
  const { api } = useApp();
  const { t } = useT();
  const state = useLoad(`calls?${props.shop}&order=${props.order}`, () =>
    api.get<{ calls: Call[] }>('calls', { shop: props.shop, order: props.order, limit: 50 }),
  );
  return (
    <section aria-labelledby="order-calls-title">
      <h2 id="order-calls-title">{t('calls.orderCalls')}</h2>
      <LoadState state={state}>
        {({ calls }) =>
          calls.length === 0 ? (
            <p class="muted">{t('calls.none')}</p>
          ) : (
            <CallTable calls={calls} caption={t('calls.orderCalls')} />
          )
        }
      </LoadState>
      <ClickToCall shop={props.shop} />
    </section>
  );
}
