import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fallback,
  MessagingError,
  retryProvider,
  roundRobin,
  type SendSmsResult,
  type SmsProviderV1,
} from '../src/index';
import { createScriptedProvider, type Fault, type SeenEvent } from './support/scripted-provider';

const NUMBERS = Array.from({ length: 8 }, (_, index) => `+9053200000${String(index).padStart(2, '0')}`);
const FAULTS: Fault[] = ['ok', 'ok', 'refused', 'rate-limit', 'server-error', 'timeout', 'blacklisted-first'];

const memberArbitrary = fc.record({
  recipientsPerRequest: fc.integer({ min: 1, max: 4 }),
  faults: fc.array(fc.constantFrom(...FAULTS), { maxLength: 6 }),
});

const scenarioArbitrary = fc.record({
  members: fc.array(memberArbitrary, { minLength: 1, maxLength: 3 }),
  recipients: fc.integer({ min: 1, max: NUMBERS.length }),
  strategy: fc.constantFrom('fallback', 'round-robin'),
  retry: fc.boolean(),
});

type Scenario = typeof scenarioArbitrary extends fc.Arbitrary<infer T> ? T : never;

const DELIVERED = new Set(['accepted', 'sent-without-answer']);

/** Runs one scenario and returns what the members saw and what the strategy said. */
async function play(scenario: Scenario) {
  const log: SeenEvent[] = [];
  const members = scenario.members.map((member, index) =>
    createScriptedProvider(`m${index}`, { ...member, log }),
  );
  const combine = scenario.strategy === 'fallback' ? fallback : roundRobin;
  let provider: SmsProviderV1 = combine(members);
  if (scenario.retry) provider = retryProvider(provider, { initialDelayMs: 0, maxDelayMs: 0 });
  const to = NUMBERS.slice(0, scenario.recipients);
  let result: SendSmsResult | undefined;
  let error: unknown;
  try {
    result = await provider.sendSms({ to, text: 'Kargoda.' });
  } catch (caught) {
    error = caught;
  }
  return { log, members, to, result, error };
}

describe('strategies and retries over batched providers (property)', () => {
  it('never deliver a recipient twice, and report each recipient as the members saw it', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async (scenario) => {
        const { log, members, to, result, error } = await play(scenario);
        for (const number of to) {
          const events = log.filter((event) => event.to === number);
          const delivered = events.findIndex((event) => DELIVERED.has(event.what));
          // Delivered (or maybe delivered) at most once, by one member, and never sent to again afterwards.
          expect(delivered === -1 || delivered === events.length - 1, number).toBe(true);
        }
        if (result === undefined) {
          expect(MessagingError.isInstance(error)).toBe(true);
          const deliveringRequests = new Set(
            log
              .filter((event) => DELIVERED.has(event.what))
              .map((event) => `${event.providerId}#${event.request}`),
          );
          // A rejection says nothing was sent, or comes from the one request whose outcome is unknown.
          expect(deliveringRequests.size).toBe((error as MessagingError).maybeDelivered ? 1 : 0);
          return;
        }
        expect(result.messages.map((message) => message.to)).toEqual(to);
        for (const message of result.messages) {
          const last = log.filter((event) => event.to === message.to).at(-1);
          const expected =
            last === undefined || !DELIVERED.has(last.what)
              ? 'rejected'
              : last.what === 'accepted'
                ? 'accepted'
                : 'unknown';
          expect(message.status, message.to).toBe(expected);
          if (message.status !== 'rejected') expect(message.providerId).toBe(last!.providerId);
          // Without retries, a recipient refused for a reason other than its number reached the last member.
          const aboutNumber = last?.what === 'blacklisted';
          if (!scenario.retry && message.status === 'rejected' && !aboutNumber) {
            expect(members.at(-1)!.calls.flat(), message.to).toContain(message.to);
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});
