/**
 * `@x/messaging-core/testing`: the conformance kits every SMS provider and every voice provider run in their
 * tests (vitest).
 */
import { afterEach, beforeEach, describe, it } from 'vitest';
import { ABORT_CHECKS } from './testing-abort-checks';
import {
  type ConformanceCheck,
  type ConformanceContext,
  createConformanceContext,
  type LeakSources,
} from './testing-context';
import { FAILURE_CHECKS } from './testing-failure-checks';
import { runCheck } from './testing-leaks';
import { SEND_CHECKS } from './testing-send-checks';
import { SETTINGS_CHECKS } from './testing-settings-checks';
import type { ConformanceSetup } from './testing-setup';
import { VOICE_CALL_CHECKS } from './testing-voice-checks';
import { VOICE_FAILURE_CHECKS } from './testing-voice-failures';
import type { VoiceConformanceSetup } from './testing-voice-setup';

export type { ConformanceFailure, ConformanceSentMessage, ConformanceSetup } from './testing-setup';
export type {
  ConformancePlacedCall,
  VoiceConformanceFailure,
  VoiceConformanceSetup,
} from './testing-voice-setup';

/**
 * Version of the voice conformance kit's checks. 1: the contract's shape and optional methods, a call placed
 * and read back (`getCall`, `findCall`), audio, windows and gatherKey honoured or declared unsupported, refused and
 * malformed numbers (typed, masked), authentication, server errors and timeouts (maybe delivered), abort signals,
 * call events (credentials and malformed bodies), click-to-call; no secret in any error or log.
 */
export const VOICE_CONFORMANCE_KIT_VERSION = 1;

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
  describeKit(`SMS provider conformance: ${name}`, setup, CHECKS);
}

/**
 * Runs the voice provider conformance suite (a vitest `describe` block) against your voice provider and its fake
 * server. `setup` is called before every test, `teardown` after it. After every test the kit also checks that no
 * secret (the webhook password the kit sets included) appears in an error or a logged value, in any encoding, and
 * that no called number appears in full in an error message.
 *
 * Covered: the contract's shape; optional methods present exactly when `capabilities` say so; a call placed once
 * and read back with `getCall` and `findCall(reference)`; announcements and sound URLs played as the
 * capabilities promise (others refused with `UnsupportedFunctionalityError`); call windows and `gatherKey` sent or
 * declared unsupported with a warning; a refused number (`invalid-recipient`, not delivered) and a malformed one;
 * authentication failure; a server error and a timeout reported as maybe delivered; abort before and during the
 * request; call events read with the right HTTP Basic credentials, refused without them, malformed bodies refused
 * with `ValidationError`; click-to-call.
 *
 * @param name - the suite's name (your provider's)
 * @param setup - builds a fresh voice provider and fake server for each test
 * @example
 * testVoiceProvider('acme', () => {
 *   const server = createAcmeFakeServer();
 *   return { provider: createAcmeVoice({ apiKey: 'k', fetch: server.fetch }), secrets: ['k'], ... };
 * });
 */
export function testVoiceProvider(
  name: string,
  setup: () => Promise<VoiceConformanceSetup> | VoiceConformanceSetup,
): void {
  describeKit(`Voice provider conformance: ${name}`, setup, [...VOICE_CALL_CHECKS, ...VOICE_FAILURE_CHECKS]);
}

/** One kit as a vitest `describe` block: a fresh setup before every check, its teardown after it. */
function describeKit<Setup extends LeakSources & { teardown?(): void | Promise<void> }>(
  title: string,
  setup: () => Promise<Setup> | Setup,
  checks: readonly ConformanceCheck<Setup>[],
): void {
  describe(title, () => {
    let context: ConformanceContext<Setup>;

    beforeEach(async () => {
      context = createConformanceContext(await setup());
    });

    afterEach(async () => {
      await context.setup.teardown?.();
    });

    for (const check of checks) it(check.name, () => runCheck(check, context));
  });
}
