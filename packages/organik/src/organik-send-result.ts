import type { ValidationIssue } from '@x/messaging-core';
import {
  type OrganikAcceptedNumber,
  type OrganikDeliveryResult,
  type OrganikErrorInfo,
  type OrganikRejectedNumber,
  type OrganikSendResult,
  pickOrganikErrorCode,
} from './organik-schemas';

/*
 * The `sendsms` answer is the one response that grows with the send: 10 000 numbers give 10 000 rows. It is
 * checked here by plain code instead of a zod schema (several times faster on large sends), with the same rules
 * as the other schemas: JSON numbers or XML strings, a list as an array, one element or empty, ids as strings.
 */

/** What a parser of response data gives: the value, or the issues found (paths, no received values). */
export type OrganikParseResult<T> =
  | { success: true; data: T }
  | { success: false; issues: ValidationIssue[] };

/** A shape problem; the path is completed on the way up, so that rows that pass allocate no path. */
class ShapeIssue {
  readonly path: PropertyKey[];
  constructor(
    key: PropertyKey | undefined,
    readonly message: string,
    readonly code = 'invalid_type',
  ) {
    this.path = key === undefined ? [] : [key];
  }
}

type Row = Record<string, unknown>;

function isRow(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function row(value: unknown, key?: PropertyKey): Row {
  if (!isRow(value)) throw new ShapeIssue(key, 'Expected an object');
  return value;
}

/** A required id: a string or a number, made a string. */
function id(value: unknown, key: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new ShapeIssue(key, 'Expected a string or a number');
}

/** An optional id: `undefined` when missing, null or empty. */
function optionalId(value: unknown, key: string): string | undefined {
  return isBlank(value) ? undefined : id(value, key);
}

const AMOUNT = /^-?\d+(?:\.\d+)?$/;

/** A count or an amount: a number, a numeric string, or 0 when missing or empty. */
function amount(value: unknown, key: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (isBlank(value)) return 0;
  if (typeof value === 'string' && AMOUNT.test(value)) return Number(value);
  throw new ShapeIssue(
    key,
    'Expected a number',
    typeof value === 'string' ? 'invalid_format' : 'invalid_type',
  );
}

function errorInfo(value: unknown, key: string): OrganikErrorInfo {
  const error = row(value, key);
  return {
    code: pickOrganikErrorCode(error.number, error.code),
    message: typeof error.message === 'string' ? error.message : '',
  };
}

/** A list as JSON or XML gives it: an array, one element (a single `<item>`), or empty ('', null, missing). */
function list<T>(value: unknown, key: string, item: (value: unknown) => T): T[] {
  if (isBlank(value)) return [];
  if (!Array.isArray(value)) {
    try {
      return [item(value)];
    } catch (error) {
      if (error instanceof ShapeIssue) error.path.unshift(key);
      throw error;
    }
  }
  const result = new Array<T>(value.length);
  for (let index = 0; index < value.length; index++) {
    try {
      result[index] = item(value[index]);
    } catch (error) {
      if (error instanceof ShapeIssue) error.path.unshift(key, index);
      throw error;
    }
  }
  return result;
}

function acceptedNumber(value: unknown): OrganikAcceptedNumber {
  const number = row(value);
  const gsm = id(number.gsm, 'gsm');
  return {
    requestGsm: optionalId(number.request_gsm, 'request_gsm') ?? gsm,
    gsm,
    gsmTrackId: id(number.gsm_track_id, 'gsm_track_id'),
    smsCount: amount(number.sms_count, 'sms_count'),
    creditAmount: amount(number.credit_amount, 'credit_amount'),
    tlAmount: amount(number.tl_amount, 'tl_amount'),
  };
}

function rejectedNumber(value: unknown): OrganikRejectedNumber {
  const number = row(value);
  const requestGsm = optionalId(number.request_gsm, 'request_gsm');
  const gsm = optionalId(number.gsm, 'gsm');
  const result: OrganikRejectedNumber = {
    requestGsm: requestGsm ?? gsm ?? '',
    error: errorInfo(number.error, 'error'),
  };
  if (gsm !== undefined) result.gsm = gsm;
  return result;
}

function deliveryResult(value: unknown): OrganikDeliveryResult {
  const delivery = row(value);
  const trackId = optionalId(delivery.track_id, 'track_id');
  const transactionId = optionalId(delivery.transaction_id, 'transaction_id');
  const error = delivery.error;
  const result: OrganikDeliveryResult = {
    transactionId: transactionId ?? null,
    valid: list(delivery.valid, 'valid', acceptedNumber),
    invalid: list(delivery.invalid, 'invalid', rejectedNumber),
  };
  if (trackId !== undefined) result.trackId = trackId;
  // An empty error element (`<error/>`, `{}`) means no error.
  if (!isBlank(error) && !(typeof error === 'object' && Object.keys(error as object).length === 0)) {
    result.error = errorInfo(error, 'error');
  }
  return result;
}

/**
 * Checks and converts the `data` of a `sendsms` or `smsviaget` answer: one result per delivery, numbers accepted
 * and refused, ids as strings, amounts as numbers.
 * @param data - `response.data` of the envelope, from JSON or XML
 * @returns the send result, or the issues (with their paths) when the shape is not Organik's
 */
export function parseOrganikSendResult(data: unknown): OrganikParseResult<OrganikSendResult> {
  try {
    const value = row(data);
    return { success: true, data: { deliveries: list(value.deliveries, 'deliveries', deliveryResult) } };
  } catch (error) {
    if (!(error instanceof ShapeIssue)) throw error;
    return { success: false, issues: [{ path: error.path, message: error.message, code: error.code }] };
  }
}
