import { toIstanbulIso } from './bulutfon-fake-data';
import { asBool, asString, error, json, splitNumbers } from './bulutfon-fake-responses';
import type { FakeContext, FakeRoute } from './bulutfon-fake-routes';
import type { BulutfonFakeOptOut, BulutfonFakeSms, BulutfonFakeState } from './bulutfon-fake-types';

/**
 * SMS: titles and their opt-out lists, sent messages, and the send with Bulutfon's checks (a CONFIRMED title,
 * credits) and its anti-spam rule: more than 6 identical or 20 different messages to a number within an hour are
 * dropped silently, and the number is blocked for an hour.
 */

const HOUR_MS = 3_600_000;

/** `dd/mm/yyyy HH:MM` in Turkish time (UTC+3) as a Date. */
function readSendDate(sendDate: string): Date {
  const [day, month, year, hour, minute] = sendDate.split(/[/ :]/).map(Number) as number[];
  return new Date(Date.UTC(year!, month! - 1, day!, hour! - 3, minute!));
}

/** Whether the anti-spam rule drops a message to `number` now; remembers it when it does not. */
function dropsAsSpam(state: BulutfonFakeState, number: string, text: string, at: number): boolean {
  const history = (state.smsHistory.get(number) ?? []).filter((entry) => entry.at > at - HOUR_MS);
  const identical = history.filter((entry) => entry.text === text).length;
  if ((state.smsBlockedUntil.get(number) ?? 0) > at || identical >= 6 || history.length >= 20) {
    state.smsBlockedUntil.set(number, at + HOUR_MS);
    return true;
  }
  history.push({ at, text });
  state.smsHistory.set(number, history);
  return false;
}

function sendMessages({ env, state, body = {} }: FakeContext): Response {
  const title = asString(body.title);
  const content = asString(body.content);
  const receivers = splitNumbers(body.receivers);
  const known = state.messageTitles.find((item) => item.name === title);
  if (!title || !known) return error(422, 'Title not found');
  if (known.state !== 'CONFIRMED') return error(422, 'Title is not confirmed');
  if (!content) return error(422, 'Content is required');
  if (!receivers) return error(422, 'Receivers are invalid');
  const future = asBool(body.is_future_sms, false);
  const sendDate = asString(body.send_date);
  if (future && (!sendDate || !/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/.test(sendDate))) {
    return error(422, 'send_date must be dd/mm/yyyy HH:MM');
  }
  const segments = Math.max(1, Math.ceil(content.length / 153));
  if (state.smsCredits < segments * receivers.length) return error(422, 'Insufficient SMS credit');
  state.smsCredits -= segments * receivers.length;
  const at = env.now();
  const id = state.messages.length + 1;
  const recipients = receivers.map((number) => {
    const sms: BulutfonFakeSms = { to: `+${number}`, text: content, from: title, messageId: id, at };
    if (future && sendDate) sms.sendAt = readSendDate(sendDate);
    if (dropsAsSpam(state, number, content, at)) {
      state.droppedMessages.push(sms);
      return { number, state: 'FAILED' };
    }
    state.sentMessages.push(sms);
    return { number, state: future ? 'WAITING' : 'SENT' };
  });
  state.messages.push({
    id,
    title,
    content,
    created_at: toIstanbulIso(at, true),
    is_planned_sms: future,
    send_date: future ? (sendDate ?? null) : null,
    sent_as_single_sms: asBool(body.is_single_sms, false),
    recipients,
  });
  return json({ message: 'Messages created successfully' }, 201);
}

function listMessages({ state, query }: FakeContext): Response {
  const limit = Math.max(1, Number(query.limit ?? 20) || 20);
  const page = Math.max(1, Number(query.page ?? 1) || 1);
  const newestFirst = [...state.messages].reverse();
  const totalPages = Math.max(1, Math.ceil(newestFirst.length / limit));
  // Bulutfon copies the caller's token into its pagination links.
  const link = (target: number) =>
    `/messages?access_token=${query.access_token ?? ''}&limit=${limit}&page=${target}`;
  return json({
    messages: newestFirst
      .slice((page - 1) * limit, page * limit)
      .map(({ recipients, is_planned_sms: _planned, send_date: _date, ...message }) => ({
        ...message,
        recipients: recipients.map((item) => item.number).join(','),
      })),
    paginate: {
      total_pages: totalPages,
      previous_page: page > 1 ? link(page - 1) : null,
      next_page: page < totalPages ? link(page + 1) : null,
    },
  });
}

/** The opt-out list of the title in the path (by name or id), or the 404 Bulutfon gives for an unknown title. */
function optOuts({ state, params }: FakeContext): BulutfonFakeOptOut[] | Response {
  const title = state.messageTitles.find(
    (item) => item.name === params.title || String(item.id) === params.title,
  );
  if (!title) return error(404, 'Title not found');
  return state.smsRejections.get(title.name) ?? [];
}

/** `/message-titles` and `/messages`. */
export const messageRoutes: FakeRoute[] = [
  {
    method: 'GET',
    path: '/message-titles',
    sms: true,
    answer: ({ state }) => json({ message_titles: state.messageTitles }),
  },
  {
    method: 'GET',
    path: '/message-titles/:title/sms-rejections',
    sms: true,
    answer: (context) => {
      const list = optOuts(context);
      return list instanceof Response ? list : json({ sms_rejections: list });
    },
  },
  {
    method: 'DELETE',
    path: '/message-titles/:title/sms-rejections/:number',
    sms: true,
    answer: (context) => {
      const list = optOuts(context);
      if (list instanceof Response) return list;
      const index = list.findIndex((item) => item.number === context.params.number);
      if (index < 0) return error(404, 'Number is not in the list');
      list.splice(index, 1);
      return json({ message: 'Numara kara listeden kaldırıldı.' });
    },
  },
  { method: 'GET', path: '/messages', sms: true, answer: listMessages },
  {
    method: 'GET',
    path: '/messages/:id',
    sms: true,
    answer: ({ state, params }) => {
      const message = state.messages.find((item) => String(item.id) === params.id);
      if (!message) return error(404, 'Message not found');
      const { sent_as_single_sms: _single, ...rest } = message;
      return json({ message: rest });
    },
  },
  { method: 'POST', path: '/messages', sms: true, answer: sendMessages },
];
