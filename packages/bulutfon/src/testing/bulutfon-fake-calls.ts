import { DAY_PREFIXES } from '../bulutfon-request-options';
import { toIstanbulIso } from './bulutfon-fake-data';
import { asBool, asString, error, field, json, splitNumbers } from './bulutfon-fake-responses';
import type { FakeContext, FakeRoute } from './bulutfon-fake-routes';
import type { BulutfonFakePlacedCall } from './bulutfon-fake-types';

/** Calls the PBX makes for you: automatic call campaigns and click-to-call. */

/** The per-day windows of a campaign (09:00–18:00 every day unless the body says otherwise), or a refusal. */
function callRange(body: Record<string, unknown>): Record<string, unknown> | string {
  const range: Record<string, unknown> = {};
  for (const [day, prefix] of Object.entries(DAY_PREFIXES)) {
    const start = asString(body[`${prefix}_start`]) ?? '09:00';
    const finish = asString(body[`${prefix}_finish`]) ?? '18:00';
    if (!/^\d{2}:\d{2}$/.test(start) || !/^\d{2}:\d{2}$/.test(finish)) return `${prefix} hours are invalid`;
    range[day] = { active: asBool(body[`${prefix}_active`], true), start, finish };
  }
  return range;
}

/** The windows of a campaign as `placedCalls` reports them: a day that is not active is `null`. */
function toWindows(range: Record<string, unknown>): BulutfonFakePlacedCall['windows'] {
  const windows: BulutfonFakePlacedCall['windows'] = {};
  for (const [day, value] of Object.entries(range)) {
    const { active, start, finish } = value as { active: boolean; start: string; finish: string };
    windows[day] = active ? { start, end: finish } : null;
  }
  return windows;
}

function createAutomaticCall({ env, state, body = {} }: FakeContext): Response {
  const title = asString(body.title);
  const receivers = splitNumbers(body.receivers);
  const did = asString(body.did);
  if (!title) return error(422, 'title is required');
  if (!receivers) return error(422, 'receivers are invalid');
  if (!did) return error(422, 'did is required');
  const announcementId = asString(body.announcement_id);
  const soundUrl = asString(body.sound_url);
  if ([announcementId, soundUrl, asString(body.bulutfon_xm_id)].filter(Boolean).length !== 1) {
    return error(422, 'exactly one of announcement_id, sound_url, bulutfon_xm_id is required');
  }
  const announcement = state.announcements.find((item) => String(item.id) === announcementId);
  if (announcementId && !announcement) return error(422, 'announcement not found');
  const timeout = asString(body.timeout);
  if (timeout !== undefined && !(Number(timeout) >= 0 && Number(timeout) <= 60)) {
    return error(422, 'timeout must be between 0 and 60');
  }
  const range = callRange(body);
  if (typeof range === 'string') return error(422, range);
  const id = state.automaticCalls.length + 1;
  const hoursActive = asBool(body.hours_active, false);
  for (const number of receivers) {
    state.placedCalls.push({
      callId: String(id),
      to: `+${number}`,
      from: `+${did}`,
      title,
      ...(announcementId ? { announcementId } : {}),
      ...(soundUrl ? { soundUrl } : {}),
      gather: asBool(body.gather, true),
      ...(timeout === undefined ? {} : { timeout: Number(timeout) }),
      ...(hoursActive ? { windows: toWindows(range) } : {}),
      status: 'queued',
      at: env.now(),
    });
  }
  state.automaticCalls.push({
    id,
    title,
    did: Number(did),
    announcement: announcement?.name ?? null,
    gather: asBool(body.gather, true),
    created_at: toIstanbulIso(env.now()),
    sound_url: soundUrl ?? null,
    hours_active: hoursActive,
    bulutfon_xm_data: asString(body.bulutfon_xm_data) ?? null,
    timeout: timeout === undefined ? null : Number(timeout),
    call_range: range,
    recipients: receivers.map((number) => ({ number, has_called: false, answer: false, gather: null })),
  });
  return json({ message: 'Automatic call created' }, 201);
}

function callAndBridge({ state, query, body }: FakeContext): Response {
  const caller = asString(field(query, body, 'caller'));
  const callee = asString(field(query, body, 'callee'));
  const destination = asString(field(query, body, 'destination'));
  const timeout = asString(field(query, body, 'timeout'));
  if (!caller || !state.dids.some((item) => item.number === caller)) {
    return error(422, 'caller must be a number of the PBX');
  }
  if (!callee || !/^\d{10,15}$/.test(callee)) return error(422, 'callee is invalid');
  if (!destination || !/^\d{2,4}$/.test(destination)) return error(422, 'destination is invalid');
  state.bridgedCalls.push({
    caller,
    callee,
    destination,
    timeout: timeout === undefined ? undefined : Number(timeout),
  });
  return json({ success: true, message: 'Arama başarıyla başlatıldı.' });
}

/** `/automatic-calls` and `/call_and_bridge`. */
export const callRoutes: FakeRoute[] = [
  {
    method: 'GET',
    path: '/automatic-calls',
    answer: ({ state }) =>
      json({
        automatic_calls: state.automaticCalls.map(({ id, title, did, announcement, gather, created_at }) => ({
          id,
          title,
          did,
          announcement,
          gather,
          created_at,
        })),
      }),
  },
  {
    method: 'GET',
    path: '/automatic-calls/:id',
    answer: ({ state, params }) => {
      const call = state.automaticCalls.find((item) => String(item.id) === params.id);
      return call ? json({ automatic_call: call }) : error(404, 'Automatic call not found');
    },
  },
  { method: 'POST', path: '/automatic-calls', answer: createAutomaticCall },
  { method: 'POST', path: '/call_and_bridge', answer: callAndBridge },
];
