import { md5Hex } from './organik-md5';

/*
 * Organik's documentation is unsure what a `track_id` is: its field tables call it an integer, while its
 * examples send strings. A server that reads an integer may refuse, truncate or renumber `order-1001/shipped` or
 * a 32-hex message id, and a report asked for by that reference would then find nothing. So the provider sends
 * a form both readings accept, digits only and within a signed 64-bit integer:
 *
 * - a reference that already has that form (a canonical integer: no sign, no leading zero, at most
 *   9223372036854775807) travels as is, so numeric references stay readable in the panel;
 * - any other reference travels as a digest: the first 13 hex digits of the MD5 of its UTF-8 bytes, read as a
 *   number and written in decimal (at most 16 digits, below 2^52, so a JSON reader that turns it into a double
 *   keeps it exact).
 *
 * Both are deterministic, so a retry of the same send carries the same track_id, and `getDeliveryReports` can
 * ask for a reference's track_id and map the rows back to the reference. Applied to its own result the function
 * gives the same track_id again.
 */

const MAX_SIGNED_64 = 9223372036854775807n;
const CANONICAL_INTEGER = /^(?:0|[1-9]\d{0,18})$/;

/**
 * The `track_id` the provider sends for a reference (a send's `reference`, or its `idempotencyKey` when there is
 * no reference): the reference itself when it is already a canonical integer within signed 64-bit, otherwise its
 * deterministic digest (digits only, below 2^52).
 * @param reference - your reference
 * @returns the digits sent as Organik's `track_id`
 * @example
 * toOrganikTrackId('4711'); // '4711'
 * toOrganikTrackId('order-1001/shipped'); // 16 digits or fewer, always the same for this reference
 */
export function toOrganikTrackId(reference: string): string {
  if (CANONICAL_INTEGER.test(reference) && BigInt(reference) <= MAX_SIGNED_64) return reference;
  return String(Number.parseInt(md5Hex(reference).slice(0, 13), 16));
}
