/**
 * `@x/messaging-core/testing`: the conformance kit every SMS provider runs in its tests (vitest).
 */
import { afterEach, beforeEach, describe, it } from 'vitest';
import { ABORT_CHECKS } from './testing-abort-checks';
import { type ConformanceCheck, type ConformanceContext, createConformanceContext } from './testing-context';
import { FAILURE_CHECKS } from './testing-failure-checks';
import { runCheck } from './testing-leaks';
import { SEND_CHECKS } from './testing-send-checks';
import { SETTINGS_CHECKS } from './testing-settings-checks';
import type { ConformanceSetup } from './testing-setup';

export type { ConformanceFailure, ConformanceSentMessage, ConformanceSetup } from './testing-setup';

/**
 * Version of the conformance kit's checks. 3: secrets in encoded forms, causes, `toJSON()` and logs; every
 * recipient's number in every error; `from`, `sendAt`, `reference` and `idempotencyKey` reach the provider or are
 * declared unsupported (`setup.sender` is new, `sentMessages()` reports them); ignored abort signals and
 * `timeoutMs` fail with a message that says so.
 */
export const CONFORMANCE_KIT_VERSION = 3;

/** Every check, in the order the suite runs them. */
const CHECKS: readonly ConformanceCheck[] = [
  ...SEND_CHECKS,
  ...FAILURE_CHECKS,
  ...ABORT_CHECKS,
  ...SETTINGS_CHECKS,
];

/**
 * Runs the provider conformance suite (a vitest `describe` block) against your provider and its fake server.
 * `setup` is called before every test, `teardown` after it. After every test the kit also checks that no
 * secret appears in an error or a logged value, in any encoding, and that no recipient's full number appears in
 * an error message.
 *
 * Covered: the contract's shape; optional methods present exactly when `capabilities` say so; single and
 * multi-recipient sends, each recipient `accepted`, `rejected` (error with `maybeDelivered: false`) or `unknown`
 * (error with `maybeDelivered: true`); Turkish and Unicode texts (type and segments as `@x/sms-segments` computes
 * them); invalid and malformed numbers; authentication failure; insufficient balance; rate limit with
 * retry-after; 5xx; timeout with `maybeDelivered` within `timeoutMs`; abort before and during the request;
 * `from`, `sendAt`, `reference` and `idempotencyKey` sent, or declared unsupported with a warning.
 *
 * @param name - the suite's name (your provider's)
 * @param setup - builds a fresh provider and fake server for each test
 *
 * @example
 * testSmsProvider('acme', async () => {
 *   const server = createAcmeFakeServer();
 *   return { provider: createAcme({ apiKey: 'k', fetch: server.fetch }), secrets: ['k'], ... };
 * });
 */
export function testSmsProvider(
  name: string,
  setup: () => Promise<ConformanceSetup> | ConformanceSetup,
): void {
  describe(`SMS provider conformance: ${name}`, () => {
    let context: ConformanceContext;

    beforeEach(async () => {
      context = createConformanceContext(await setup());
    });

    afterEach(async () => {
      await context.setup.teardown?.();
    });

    for (const check of CHECKS) it(check.name, () => runCheck(check, context));
  });
}
