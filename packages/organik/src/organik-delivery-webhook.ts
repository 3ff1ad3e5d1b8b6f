import { type DeliveryReportV1, toValidationIssues, ValidationError } from '@x/messaging-core';
import { safeParseWithMessages } from '@x/provider-utils';
import * as z from 'zod/mini';
import { convertOrganikReportRow } from './convert-organik-report-row';
import { ORGANIK_PROVIDER_ID } from './organik-error';
import { type OrganikReportRow, reportRowSchema } from './organik-schemas';

const rowsSchema = z.array(reportRowSchema).check(z.minLength(1, 'no report row'));

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Finds the rows in a callback body: a row, a list of rows, `{ data }`, `{ response: { data } }`, `{ item }`. */
function rowsOf(payload: unknown): unknown[] {
  if (Array.isArray(payload)) return payload;
  if (!isRecord(payload)) return [payload];
  if (isRecord(payload.response)) return rowsOf(payload.response.data ?? payload.response);
  for (const key of ['data', 'item', 'items', 'reports', 'report']) {
    if (payload[key] !== undefined && typeof payload[key] === 'object') return rowsOf(payload[key]);
  }
  return [payload];
}

/**
 * Reads the body of a `report_url` callback. Organik does not document it; this accepts the detailed-report row
 * shape (`gsm`, `transaction_id`, `gsm_track_id`, `status`, dates…) alone, in a list, or wrapped in `data` /
 * `response.data`, with numbers as numbers or strings, and ignores unknown fields. Throws a
 * {@link ValidationError} (`target: 'webhook'`) when no row can be read; the error never quotes the body.
 * @param payload - the parsed JSON body
 */
export function parseOrganikDeliveryReport(payload: unknown): OrganikReportRow[] {
  const result = safeParseWithMessages(rowsSchema, rowsOf(payload));
  if (result.success) return result.data;
  throw new ValidationError({
    message: 'The Organik delivery report has an unexpected shape.',
    target: 'webhook',
    issues: toValidationIssues(result.error.issues),
    providerId: ORGANIK_PROVIDER_ID,
  });
}

function notReadable(): ValidationError {
  return new ValidationError({
    message: 'The Organik delivery report is not JSON.',
    target: 'webhook',
    issues: [{ path: [], message: 'not JSON', code: 'invalid_format' }],
    providerId: ORGANIK_PROVIDER_ID,
  });
}

/**
 * Reads a `report_url` callback request: a JSON body (or a form with a `gsm` field) of one or more report rows,
 * as {@link parseOrganikDeliveryReport} accepts them. Each report's `reference` is the `track_id` as Organik
 * stores it: your reference when it was already a canonical integer, its digest otherwise (see
 * `toOrganikTrackId`); ask `getDeliveryReports({ references })` to have the rows mapped back to your references.
 * @param request - the incoming web `Request`
 * @throws ValidationError (`target: 'webhook'`) when the body holds no report
 */
export async function parseOrganikDeliveryWebhook(request: Request): Promise<DeliveryReportV1[]> {
  const text = await request.text();
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    const form = new URLSearchParams(text);
    if (!form.has('gsm')) throw notReadable();
    payload = Object.fromEntries(form);
  }
  return parseOrganikDeliveryReport(payload).map((row) => convertOrganikReportRow(row));
}
