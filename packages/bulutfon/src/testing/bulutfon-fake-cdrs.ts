import { cdrIndexOf, generateCdr, type RawCdr } from './bulutfon-fake-data';
import { asBool, error, fileResponse, json } from './bulutfon-fake-responses';
import type { FakeContext, FakeEnvironment, FakeRoute } from './bulutfon-fake-routes';
import type { BulutfonFakeState } from './bulutfon-fake-types';

/**
 * Call detail records, generated from the seed on demand (a server can serve millions without holding them),
 * and the recordings of the recorded calls.
 */

const TIME_LIMITS_MS: Record<string, number> = { hour: 3_600_000, day: 86_400_000, month: 31 * 86_400_000 };

function cdrMatches(cdr: RawCdr, query: Record<string, string>): boolean {
  const list = (value: string | undefined) => value?.split(',').map((item) => item.trim());
  const callers = list(query.caller);
  const callees = list(query.callee);
  const either = list(query.caller_or_callee);
  if (callers && !callers.includes(String(cdr.caller))) return false;
  if (callees && !callees.includes(String(cdr.callee))) return false;
  if (either && !either.includes(String(cdr.caller)) && !either.includes(String(cdr.callee))) return false;
  return query.missing_call === undefined || asBool(query.missing_call, false) === cdr.missing_call;
}

/** The CDRs of one page and how many match in all. */
function selectCdrs(
  env: FakeEnvironment,
  query: Record<string, string>,
  page: number,
  limit: number,
): { items: RawCdr[]; total: number } {
  const windowMs = TIME_LIMITS_MS[query.time_limit ?? ''];
  const available =
    windowMs === undefined
      ? env.cdrCount
      : Math.min(env.cdrCount, Math.floor((env.now() - (env.epoch - windowMs)) / 60_000) + 1);
  const descending = /,\s*desc$/i.test(query.order ?? '');
  const at = (position: number) =>
    generateCdr(env.seed, descending ? available - 1 - position : position, env.epoch, env.pbxNumber);
  const filtered = query.caller || query.callee || query.caller_or_callee || query.missing_call !== undefined;
  if (filtered) {
    const all: RawCdr[] = [];
    for (let position = 0; position < available; position++) {
      const cdr = at(position);
      if (cdrMatches(cdr, query)) all.push(cdr);
    }
    return { items: all.slice((page - 1) * limit, page * limit), total: all.length };
  }
  const total = Math.max(0, available);
  const items: RawCdr[] = [];
  for (let position = (page - 1) * limit; position < Math.min(total, page * limit); position++) {
    items.push(at(position));
  }
  return { items, total };
}

function listCdrs({ env, query }: FakeContext): Response {
  const page = Math.max(1, Number(query.page ?? 1) || 1);
  const limit = Math.min(1000, Math.max(1, Number(query.limit ?? 100) || 100));
  const { items, total } = selectCdrs(env, query, page, limit);
  const totalPages = Math.max(1, Math.ceil(total / limit));
  const pageUrl = (target: number) => `${env.baseUrl}/cdrs?page=${target}`;
  return json({
    cdrs: items,
    pagination: {
      page,
      total_count: total,
      total_pages: totalPages,
      limit,
      previous_page: page > 1 ? pageUrl(page - 1) : null,
      next_page: page < totalPages ? pageUrl(page + 1) : null,
    },
  });
}

function findCdr(env: FakeEnvironment, uuid: string, state?: BulutfonFakeState): RawCdr | undefined {
  const made = state?.callCdrs.get(uuid);
  if (made) return made as unknown as RawCdr;
  const index = cdrIndexOf(env.seed, uuid);
  return index === undefined || index >= env.cdrCount
    ? undefined
    : generateCdr(env.seed, index, env.epoch, env.pbxNumber);
}

function cdrDetail({ env, state, params }: FakeContext): Response {
  const cdr = findCdr(env, params.uuid!, state);
  if (!cdr) return error(404, 'Cdr not found');
  const times = { start_time: cdr.call_time, answer_time: cdr.answer_time, hangup_time: cdr.hangup_time };
  const step = {
    callee: cdr.direction === 'IN' ? '1001' : String(cdr.callee),
    ...times,
    redirection: cdr.direction === 'IN' ? 'CONNECTING_TO_EXTENSION' : 'OTHER',
    origination: [{ destination: '1001', ...times, result: cdr.answer_time ? 'ANSWERED' : 'LOSE_RACE' }],
  };
  return json({ cdr: { ...cdr, call_flow: [step] } });
}

function recording({ env, state, params }: FakeContext): Response {
  const uuid = params.uuid!;
  const stored = state.recordings.get(uuid);
  if (stored) return fileResponse(stored, env.seed);
  const cdr = findCdr(env, uuid);
  if (cdr?.call_record !== 'YES' || state.deletedRecordings.has(uuid))
    return error(404, 'Call record not found');
  return fileResponse(
    { size: env.recordingSize, contentType: 'audio/ogg', fileName: `${uuid}.ogg` },
    env.seed,
  );
}

/** `/cdrs` and `/call-records`. */
export const cdrRoutes: FakeRoute[] = [
  { method: 'GET', path: '/cdrs', answer: listCdrs },
  { method: 'GET', path: '/cdrs/:uuid', answer: cdrDetail },
  { method: 'GET', path: '/call-records/:uuid', file: true, answer: recording },
  { method: 'GET', path: '/call-records/:uuid/stream', file: true, answer: recording },
];
