import * as z from 'zod/mini';
import {
  date,
  itemIn,
  optionalText,
  readDate,
  readFlag,
  readNumber,
  readText,
  record,
  text,
  withoutCredentials,
} from './bulutfon-response-fields';
import type { OpenString } from './bulutfon-schemas';

/**
 * Call detail records as Bulutfon sends them, read into the camelCase types below. A CDR list is the one answer
 * that can be long (hundreds of thousands of records over a walk), so a page is read in one pass by a plain mapper
 * instead of a schema per item; a single CDR goes through a schema like every other answer.
 */

/** Direction of a call. */
export type BulutfonCallDirection = OpenString<'IN' | 'OUT' | 'LOCAL'>;
/** Whether a call was recorded (`Var`/`Yok` in old accounts). */
export type BulutfonCallRecordState = OpenString<'YES' | 'NO' | 'REMOVED'>;
/** Q.850 hang-up cause. */
export type BulutfonHangupCause = OpenString<
  | 'NORMAL_CLEARING'
  | 'USER_BUSY'
  | 'NO_USER_RESPONSE'
  | 'NO_ANSWER'
  | 'CALL_REJECTED'
  | 'INVALID_NUMBER_FORMAT'
  | 'ORIGINATOR_CANCEL'
  | 'LOSE_RACE'
  | 'ANSWERED'
>;
/** Which side ended the call, and how. */
export type BulutfonHangupState = OpenString<
  'send_cancel' | 'send_bye' | 'recv_refuse' | 'recv_cancel' | 'send_refuse' | 'recv_bye'
>;

/** A call detail record. */
export interface BulutfonCdr {
  uuid: string;
  callType?: OpenString<'voice' | 'fax'>;
  direction?: BulutfonCallDirection;
  caller?: string;
  callee?: string;
  /** The extension that made an outbound call. */
  extension?: string;
  callTime?: Date;
  /** `undefined` when the call was not answered. */
  answerTime?: Date;
  hangupTime?: Date;
  missingCall: boolean;
  /** Price in TL, outbound calls only. */
  callPrice?: number;
  callRecord?: BulutfonCallRecordState;
  /** `true` when a recording can be downloaded (`call_record` is `YES` or the historic `Var`). */
  hasRecording: boolean;
  hangupCause?: BulutfonHangupCause;
  hangupState?: BulutfonHangupState;
}

/** One leg of the way a call took through the PBX. */
export interface BulutfonCallFlowStep {
  callee?: string;
  startTime?: Date;
  answerTime?: Date;
  hangupTime?: Date;
  redirection?: OpenString<
    | 'REDIRECTED_TO_MENU'
    | 'REDIRECTED_TO_GROUP'
    | 'REDIRECTED_TO_EXTENSION'
    | 'CONNECTING_TO_MENU'
    | 'CONNECTING_TO_GROUP'
    | 'CONNECTING_TO_EXTENSION'
    | 'OTHER'
  >;
  redirectionTarget?: string;
  origination: {
    destination?: string;
    startTime?: Date;
    answerTime?: Date;
    hangupTime?: Date;
    result?: OpenString<'ANSWERED' | 'LOSE_RACE'>;
  }[];
}

/** A call detail record with its call flow. */
export interface BulutfonCdrDetail extends BulutfonCdr {
  callFlow: BulutfonCallFlowStep[];
}

/** Pagination of `/cdrs`. */
export interface BulutfonPagination {
  /** The page's number (the one asked for when Bulutfon leaves it out). */
  page: number;
  totalCount?: number;
  totalPages: number;
  limit?: number;
  previousPage?: string;
  nextPage?: string;
}

/** One page of CDRs. */
export interface BulutfonCdrPage {
  cdrs: BulutfonCdr[];
  pagination: BulutfonPagination;
}

/** Maps one CDR as Bulutfon sends it: one object literal per record, always the same shape. Pure. */
function mapCdr(cdr: Record<string, unknown>, uuid: string): BulutfonCdr {
  const callRecord = readText(cdr.call_record);
  return {
    uuid,
    callType: readText(cdr.bf_calltype),
    direction: readText(cdr.direction),
    caller: readText(cdr.caller),
    callee: readText(cdr.callee),
    extension: readText(cdr.extension),
    callTime: readDate(cdr.call_time),
    answerTime: readDate(cdr.answer_time),
    hangupTime: readDate(cdr.hangup_time),
    missingCall: readFlag(cdr.missing_call),
    callPrice: readNumber(cdr.call_price),
    callRecord,
    hasRecording: callRecord === 'YES' || callRecord === 'Var',
    hangupCause: readText(cdr.hangup_cause),
    hangupState: readText(cdr.hangup_state),
  };
}

/** Where a response does not have the expected shape. */
interface ShapeIssue {
  path: (string | number)[];
  message: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The CDRs of a page (`null` is none), or the issue that makes the list unusable (absent, not a list). Pure. */
function readCdrList(items: unknown, issues: ShapeIssue[]): BulutfonCdr[] {
  if (items === null) return [];
  if (items === undefined) {
    issues.push({ path: ['cdrs'], message: 'the list of CDRs is missing' });
    return [];
  }
  if (!Array.isArray(items)) {
    issues.push({ path: ['cdrs'], message: 'expected an array of CDRs' });
    return [];
  }
  const cdrs = new Array<BulutfonCdr>(items.length);
  for (let index = 0; index < items.length; index++) {
    const item = items[index] as unknown;
    const uuid = isRecord(item) ? item.uuid : undefined;
    if (typeof uuid !== 'string' && typeof uuid !== 'number') {
      issues.push({ path: ['cdrs', index, 'uuid'], message: 'expected a CDR with a uuid' });
      return [];
    }
    cdrs[index] = mapCdr(item as Record<string, unknown>, String(uuid));
  }
  return cdrs;
}

/**
 * The pagination block (required; `null` reads as one page): numbers as numbers or numeric strings, links without
 * credentials. A page number left out reads as 0, for the client to number the page as the one it asked for. Pure.
 */
function readPagination(value: unknown, issues: ShapeIssue[]): BulutfonPagination {
  if (value === undefined) issues.push({ path: ['pagination'], message: 'the pagination is missing' });
  else if (value !== null && !isRecord(value)) {
    issues.push({ path: ['pagination'], message: 'expected an object' });
  }
  const pagination = isRecord(value) ? value : {};
  const field = (key: string, expected: string): unknown => {
    const raw = pagination[key];
    if (raw === undefined || raw === null || typeof raw === 'number' || typeof raw === 'string') return raw;
    issues.push({ path: ['pagination', key], message: `expected ${expected}` });
    return undefined;
  };
  return {
    page: readNumber(field('page', 'a number')) ?? 0,
    totalCount: readNumber(field('total_count', 'a number')),
    totalPages: readNumber(field('total_pages', 'a number')) ?? 1,
    limit: readNumber(field('limit', 'a number')),
    previousPage: withoutCredentials(readText(field('previous_page', 'a URL'))),
    nextPage: withoutCredentials(readText(field('next_page', 'a URL'))),
  };
}

/**
 * `GET /cdrs` as a zod schema, for the shared JSON response handler and its typed errors: one transform that
 * reads the page in a single pass (every item must be an object with a uuid, the list an array or null, the
 * pagination an object or null), so zod does not walk and copy the list item by item. The issues name where.
 */
export const cdrPageResponseSchema: z.ZodMiniType<BulutfonCdrPage> = z.pipe(
  z.unknown(),
  z.transform((value, payload): BulutfonCdrPage => {
    const issues: ShapeIssue[] = [];
    const body = isRecord(value) ? value : { cdrs: null, pagination: null };
    if (!isRecord(value)) issues.push({ path: [], message: 'expected an object' });
    const page = {
      cdrs: readCdrList(body.cdrs, issues),
      pagination: readPagination(body.pagination, issues),
    };
    for (const issue of issues) payload.issues.push({ code: 'custom', input: value, ...issue });
    return page;
  }),
);

const callTimes = { start_time: date, answer_time: date, hangup_time: date };

const originationSchema = record(
  { ...callTimes, destination: optionalText, result: optionalText },
  (item) => ({
    destination: item.destination,
    startTime: item.start_time,
    answerTime: item.answer_time,
    hangupTime: item.hangup_time,
    result: item.result,
  }),
);

const callFlowStepSchema = record(
  {
    ...callTimes,
    callee: optionalText,
    redirection: optionalText,
    redirection_target: optionalText,
    origination: z.nullish(z.array(originationSchema)),
  },
  (step): BulutfonCallFlowStep => ({
    callee: step.callee,
    startTime: step.start_time,
    answerTime: step.answer_time,
    hangupTime: step.hangup_time,
    redirection: step.redirection,
    redirectionTarget: step.redirection_target,
    origination: step.origination ?? [],
  }),
);

/** `GET /cdrs/{uuid}`: one CDR with its call flow. */
export const cdrResponseSchema = itemIn(
  'cdr',
  z.pipe(
    z.looseObject({ uuid: text, call_flow: z.nullish(z.array(callFlowStepSchema)) }),
    z.transform((cdr): BulutfonCdrDetail => ({ ...mapCdr(cdr, cdr.uuid), callFlow: cdr.call_flow ?? [] })),
  ),
);
