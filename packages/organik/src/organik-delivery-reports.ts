import type { CallOptionsV1, DeliveryReportQueryV1, DeliveryReportV1 } from '@x/messaging-core';
import { convertOrganikReportRow } from './convert-organik-report-row';
import { toOrganikCallOptions } from './organik-call-options';
import type { OrganikClient } from './organik-client';
import { splitOrganikIds } from './organik-ids';
import { toOrganikTrackId } from './organik-track-id';

/**
 * Asks Organik's detailed report for the messages of a query: by batch id (several joined with `,` as a split send
 * gives them), by message id, or by your references. References are looked up by the `track_id` they were sent
 * as ({@link toOrganikTrackId}), and the rows come back with `reference` set to your reference.
 * @param client - the raw client
 * @param query - batch ids, message ids and/or references
 * @param options - signal, time limit, headers
 */
export async function getOrganikDeliveryReports(
  client: OrganikClient,
  query: DeliveryReportQueryV1,
  options?: CallOptionsV1,
): Promise<DeliveryReportV1[]> {
  const references = new Map(
    (query?.references ?? []).map((reference) => [toOrganikTrackId(reference), reference]),
  );
  const rows = await client.detailedReport(
    {
      transactionIds: splitOrganikIds(query?.providerBatchIds),
      gsmTrackIds: splitOrganikIds(query?.providerMessageIds),
      deliveryTrackIds: [...references.keys()],
    },
    toOrganikCallOptions(options),
  );
  return rows.map((row) => convertOrganikReportRow(row, references));
}
