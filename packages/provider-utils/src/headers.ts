/** Headers as the helpers of this package accept them: a record (undefined values are dropped) or `Headers`. */
export type HeadersLike = Record<string, string | undefined> | Headers | [string, string][];

function entriesOf(headers: HeadersLike): Iterable<[string, string | undefined]> {
  if (headers instanceof Headers || Array.isArray(headers)) return headers as Iterable<[string, string]>;
  return Object.entries(headers);
}

/**
 * Merges header sets left to right: a later set wins, names compare case-insensitively, `undefined` values are
 * skipped (so a default can be left unset). Names in the result are lower-case.
 *
 * @param headers - header sets, lowest precedence first (defaults, then settings, then per-call)
 * @returns one record of lower-case names
 *
 * @example
 * combineHeaders({ Accept: 'application/json' }, settings.headers, options?.headers);
 */
export function combineHeaders(...headers: (HeadersLike | undefined)[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const set of headers) {
    if (!set) continue;
    for (const [name, value] of entriesOf(set)) {
      if (value !== undefined) result[name.toLowerCase()] = value;
    }
  }
  return result;
}

/**
 * Appends identification parts to the `user-agent` header (kept when already there), e.g.
 * `x-messaging/organik/1.2.0`. Empty parts are skipped; a part already present is not repeated.
 *
 * @param headers - the request headers
 * @param parts - parts to append, separated by spaces
 * @returns a new record of lower-case names
 *
 * @example
 * withUserAgentSuffix({ accept: 'application/json' }, `x-messaging/organik/${VERSION}`);
 */
export function withUserAgentSuffix(
  headers: HeadersLike | undefined,
  ...parts: (string | undefined)[]
): Record<string, string> {
  const result = combineHeaders(headers);
  const current = (result['user-agent'] ?? '').split(' ').filter(Boolean);
  for (const part of parts) {
    if (part && !current.includes(part)) current.push(part);
  }
  if (current.length > 0) result['user-agent'] = current.join(' ');
  return result;
}
