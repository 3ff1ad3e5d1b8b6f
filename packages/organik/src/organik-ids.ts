/**
 * The single ids in a list of ids, where one entry may join several with `,` (the `providerBatchId` of a send
 * split into several requests); blanks are dropped.
 * @param ids - ids as the caller gives them
 */
export function splitOrganikIds(ids: readonly string[] | undefined): string[] {
  return (ids ?? [])
    .flatMap((id) => String(id).split(','))
    .map((id) => id.trim())
    .filter(Boolean);
}
