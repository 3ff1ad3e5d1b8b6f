import { ValidationError } from '@x/messaging-core';
import { toValidationIssues } from '@x/provider-utils';
import { z } from 'zod';
import { ORGANIK_PROVIDER_ID } from './organik-error';
import { type OrganikReportRow, reportRowSchema } from './organik-schemas';

const rowsSchema = z.array(reportRowSchema).min(1, 'no report row');

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
  const result = rowsSchema.safeParse(rowsOf(payload));
  if (result.success) return result.data;
  throw new ValidationError({
    message: 'The Organik delivery report has an unexpected shape.',
    target: 'webhook',
    issues: toValidationIssues(result.error.issues),
    providerId: ORGANIK_PROVIDER_ID,
  });
}
