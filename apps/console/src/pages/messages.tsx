/** The message log: filters in the URL, server-side keyset pagination, one row per message. */
import { useApp, useLoad } from '../context';
import { useT } from '../i18n';
import { href, navigate } from '../router';
import { type AdminMessage, EVENTS, STATUSES } from '../types';
import { LoadState, PageTitle, ShopSelect, StatusBadge } from '../ui';

const FILTERS = ['shop', 'status', 'event', 'since', 'until', 'order', 'phone'] as const;
const PAGE_SIZE = 25;

/** The filters of the URL, as the API takes them (a date's `until` is the end of that day). */
function query(params: URLSearchParams): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = {};
  for (const key of FILTERS) values[key] = params.get(key) ?? undefined;
  if (values.since) values.since = new Date(`${values.since}T00:00:00`).toISOString();
  if (values.until) values.until = new Date(`${values.until}T23:59:59.999`).toISOString();
  return values;
}

/**
 * The filters of the messages page. The typed fields are the browser's own (`defaultValue`): a render while the
 * list loads must not put the URL's value back over what the owner is typing. The page gives the form a new key
 * when the URL changes, which fills them afresh.
 */
function Filters(props: { params: URLSearchParams }) {
  const { t, word } = useT();
  const { params } = props;
  const value = (key: string) => params.get(key) ?? '';
  function submit(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const next: Record<string, string> = {};
    for (const key of FILTERS) next[key] = String(form.get(key) ?? '').trim();
    navigate('/messages', next);
  }
  const status = value('status');
  const knownStatus = status === '' || status === 'failed,dead,unknown' || STATUSES.includes(status as never);
  return (
    <form class="filters" onSubmit={submit} aria-label={t('messages.filters')}>
      <ShopSelect id="filter-shop" name="shop" value={value('shop')} all />
      <div class="field">
        <label for="filter-status">{t('messages.status')}</label>
        <select id="filter-status" name="status" value={status}>
          <option value="">{t('messages.anyStatus')}</option>
          <option value="failed,dead,unknown">{t('messages.attention')}</option>
          {!knownStatus && <option value={status}>{status}</option>}
          {STATUSES.map((item) => (
            <option key={item} value={item}>
              {word(item)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="filter-event">{t('messages.event')}</label>
        <select id="filter-event" name="event" value={value('event')}>
          <option value="">{t('messages.anyEvent')}</option>
          {EVENTS.map((item) => (
            <option key={item} value={item}>
              {word(item)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="filter-since">{t('messages.since')}</label>
        <input id="filter-since" name="since" type="date" defaultValue={value('since')} />
      </div>
      <div class="field">
        <label for="filter-until">{t('messages.until')}</label>
        <input id="filter-until" name="until" type="date" defaultValue={value('until')} />
      </div>
      <div class="field">
        <label for="filter-order">{t('messages.order')}</label>
        <input id="filter-order" name="order" type="text" maxLength={100} defaultValue={value('order')} />
      </div>
      <div class="field">
        <label for="filter-phone">{t('messages.phone')}</label>
        <input
          id="filter-phone"
          name="phone"
          type="text"
          inputMode="numeric"
          pattern="[0-9]{2,10}"
          maxLength={10}
          aria-describedby="filter-phone-hint"
          defaultValue={value('phone')}
        />
        <small id="filter-phone-hint" class="muted">
          {t('messages.phoneHint')}
        </small>
      </div>
      <div class="actions">
        <button type="submit" class="primary">
          {t('messages.apply')}
        </button>
        <a class="button" href={href('/messages')}>
          {t('messages.clear')}
        </a>
      </div>
    </form>
  );
}

function MessageRow(props: { message: AdminMessage }) {
  const { t, time, word, number } = useT();
  const { message } = props;
  // data-label: the column's name, shown beside each value when the table becomes a list on a phone.
  return (
    <tr>
      <td data-label={t('col.time')}>
        <a href={href(`/messages/${encodeURIComponent(message.id)}`)}>{time(message.createdAt)}</a>
      </td>
      <td data-label={t('shop')}>{message.shopId}</td>
      <td data-label={t('col.order')}>{message.orderId ?? '–'}</td>
      <td data-label={t('col.event')}>{word(message.eventType)}</td>
      <td data-label={t('col.role')}>{message.role === 'admin' ? t('role.admin') : t('role.customer')}</td>
      <td class="nowrap" data-label={t('col.recipient')}>
        {message.recipient}
      </td>
      <td data-label={t('col.status')}>
        <StatusBadge status={message.status} />
      </td>
      <td class="num" data-label={t('col.segments')}>
        {number(message.segments)}
      </td>
      <td class="text-cell" data-label={t('col.text')}>
        {message.text}
      </td>
    </tr>
  );
}

function Table(props: { messages: AdminMessage[] }) {
  const { t } = useT();
  return (
    <div class="table-wrap">
      <table class="stack">
        <caption class="visually-hidden">{t('nav.messages')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('col.time')}</th>
            <th scope="col">{t('shop')}</th>
            <th scope="col">{t('col.order')}</th>
            <th scope="col">{t('col.event')}</th>
            <th scope="col">{t('col.role')}</th>
            <th scope="col">{t('col.recipient')}</th>
            <th scope="col">{t('col.status')}</th>
            <th scope="col" class="num">
              {t('col.segments')}
            </th>
            <th scope="col">{t('col.text')}</th>
          </tr>
        </thead>
        <tbody>
          {props.messages.map((message) => (
            <MessageRow key={message.id} message={message} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The messages page. */
export function MessagesPage(props: { params: URLSearchParams }) {
  const { api } = useApp();
  const { t } = useT();
  const { params } = props;
  const cursor = params.get('cursor') ?? undefined;
  // The cursors of the pages before this one, so that "previous" goes back without a second query kind.
  const back = params.get('back')?.split('~') ?? [];
  const state = useLoad(`messages?${params.toString()}`, () =>
    api.get<{ messages: AdminMessage[]; nextCursor?: string }>('messages', {
      ...query(params),
      limit: PAGE_SIZE,
      cursor,
    }),
  );
  const filters: Record<string, string | undefined> = {};
  for (const key of FILTERS) filters[key] = params.get(key) ?? undefined;
  return (
    <>
      <PageTitle>{t('nav.messages')}</PageTitle>
      <Filters key={params.toString()} params={params} />
      <LoadState state={state}>
        {(page) => (
          <>
            <p class="muted" role="status">
              {t('messages.count', { count: page.messages.length })}
            </p>
            {page.messages.length === 0 ? <p>{t('messages.none')}</p> : <Table messages={page.messages} />}
            <nav class="pager" aria-label={t('nav.messages')}>
              {cursor && (
                <a
                  class="button"
                  href={href('/messages', {
                    ...filters,
                    cursor: back.at(-1) || undefined,
                    back: back.slice(0, -1).join('~') || undefined,
                  })}
                >
                  {t('messages.previous')}
                </a>
              )}
              {page.nextCursor && (
                <a
                  class="button"
                  href={href('/messages', {
                    ...filters,
                    cursor: page.nextCursor,
                    back: [...back, cursor ?? ''].join('~') || undefined,
                  })}
                >
                  {t('messages.next')}
                </a>
              )}
            </nav>
          </>
        )}
      </LoadState>
    </>
  );
}
