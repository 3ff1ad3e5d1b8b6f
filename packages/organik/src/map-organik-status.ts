import type { DeliveryStatus } from '@x/messaging-core';

/**
 * Maps Organik's report status to the core's delivery status: 0 (not yet sent) → `queued`, 1 (handed to the
 * operator) → `sent`, 2 → `delivered`, 3 (wrong number, refunded) → `rejected`, 4 (timed out, refunded) →
 * `expired`. An undocumented code maps to `failed`, so that it is never mistaken for progress.
 * @param status - the `status` of a detailed-report row or a `report_url` callback
 */
export function mapOrganikStatus(status: number): DeliveryStatus {
  switch (status) {
    case 0:
      return 'queued';
    case 1:
      return 'sent';
    case 2:
      return 'delivered';
    case 3:
      return 'rejected';
    case 4:
      return 'expired';
    default:
      return 'failed';
  }
}
