/**
 * A fault a provider package's fake server injects on request, named the same way in every package so that a
 * test reads the same whichever fake it drives. These are the ones the conformance kit asks for:
 * - `'auth'`: the credentials are refused;
 * - `'insufficient-balance'`: the account cannot pay for the send;
 * - `'rate-limit'`: HTTP 429, with a `Retry-After` when the fake is told one;
 * - `'server-error'`: HTTP 500, the request not processed;
 * - `'timeout'`: the request is processed, then the answer never comes (the outcome the client cannot know);
 * - `'invalid-number'`: every recipient of the request is refused as an incorrect number.
 */
export type FakeServerFault =
  | 'auth'
  | 'insufficient-balance'
  | 'rate-limit'
  | 'server-error'
  | 'timeout'
  | 'invalid-number';

/**
 * Faults of the transport that a first-party fake server also injects, on top of {@link FakeServerFault}:
 * - `'html-error'`: HTTP 502 with a proxy's HTML page, the request not processed;
 * - `'reset'`: the connection breaks before the request is processed.
 */
export type FakeTransportFault = 'html-error' | 'reset';
