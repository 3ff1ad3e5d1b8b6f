import type { DeliveryReportV1 } from '@x/messaging-core';
import { mapOrganikStatus } from './map-organik-status';
import { organikGsmToE164 } from './organik-phone';
import type { OrganikReportRow } from './organik-schemas';

/**
 * Converts a detailed-report row (or a `report_url` callback row) to the core's delivery report.
 * @param row - the row
 * @param references - your references by the `track_id` they were sent as; a row whose `track_id` is there
 *   reports that reference, any other its `track_id` as Organik stores it
 */
export function convertOrganikReportRow(
  row: OrganikReportRow,
  references?: ReadonlyMap<string, string>,
): DeliveryReportV1 {
  const report: DeliveryReportV1 = {
    providerMessageId: row.gsmTrackId,
    providerBatchId: row.transactionId,
    to: organikGsmToE164(row.gsm),
    status: mapOrganikStatus(row.status),
    raw: row,
  };
  if (row.deliveryTrackId) report.reference = references?.get(row.deliveryTrackId) ?? row.deliveryTrackId;
  const at = row.finishedAt ?? row.startedAt ?? row.createdAt;
  if (at) report.at = at;
  if (row.smsCount > 0) report.segments = row.smsCount;
  return report;
}
