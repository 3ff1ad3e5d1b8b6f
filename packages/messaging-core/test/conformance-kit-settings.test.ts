import { describe, expect, it } from 'vitest';
import { type SendSmsRequestV1, UnsupportedFunctionalityError } from '../src/index';
import { abortBefore, abortInFlight } from '../src/testing-abort-checks';
import { timeoutFailure } from '../src/testing-failure-checks';
import { type CheckedSetting, settingCheck } from '../src/testing-settings-checks';
import { buggySetup, runAgainst } from './support/buggy-sandbox';

/** The request without one of its fields. */
function without(request: SendSmsRequestV1, field: keyof SendSmsRequestV1): SendSmsRequestV1 {
  const { [field]: _dropped, ...rest } = request;
  return rest as SendSmsRequestV1;
}

describe('the kit catches a setting the provider ignores', () => {
  it.each(['from', 'sendAt', 'reference'] as const)('%s dropped silently', async (setting) => {
    const setup = buggySetup({
      sendSms: ({ request, options, sandboxSend }) => sandboxSend(without(request, setting), options),
    });
    await expect(runAgainst(settingCheck(setting), setup)).rejects.toThrow(`The provider ignored ${setting}`);
  });

  it('an idempotency key dropped silently', async () => {
    const setup = buggySetup({
      sendSms: ({ request, options, sandboxSend }) =>
        sandboxSend(request, { ...options, idempotencyKey: undefined }),
    });
    await expect(runAgainst(settingCheck('idempotencyKey'), setup)).rejects.toThrow(
      'The provider ignored idempotencyKey: the kit sent "conformance-kit/order-1001/processing", the fake server\'s sentMessages() reported nothing, although capabilities.idempotency is true',
    );
  });

  it('sendAt dropped by a provider that says it cannot schedule, without a warning', async () => {
    const setup = buggySetup({
      capabilities: { scheduling: false },
      sendSms: ({ request, options, sandboxSend }) => sandboxSend(without(request, 'sendAt'), options),
    });
    await expect(runAgainst(settingCheck('sendAt'), setup)).rejects.toThrow(
      'and no unsupported-setting warning names it',
    );
  });

  it('a warning that names another setting', async () => {
    const setup = buggySetup({
      capabilities: { references: false },
      sendSms: async ({ request, options, sandboxSend }) => {
        const result = await sandboxSend(without(request, 'reference'), options);
        return { ...result, warnings: [{ type: 'unsupported-setting', setting: 'sendAt' }] };
      },
    });
    await expect(runAgainst(settingCheck('reference'), setup)).rejects.toThrow(
      'The provider ignored reference',
    );
  });

  it('a fake server whose sentMessages() does not report the setting', async () => {
    const setup = buggySetup({});
    const reported = setup.sentMessages;
    setup.sentMessages = () => reported().map(({ to, text }) => ({ to, text }));
    await expect(runAgainst(settingCheck('from'), setup)).rejects.toThrow(
      'the kit sent "KAMPANYA", the fake server\'s sentMessages() reported nothing',
    );
  });
});

describe('the kit accepts a setting declared unsupported', () => {
  const declared = (setting: CheckedSetting) =>
    buggySetup({
      capabilities: { scheduling: false, references: false, idempotency: false },
      sendSms: async ({ request, options, sandboxSend }) => {
        const dropped = setting === 'idempotencyKey' ? request : without(request, setting);
        const result = await sandboxSend(dropped, { ...options, idempotencyKey: undefined });
        return { ...result, warnings: [{ type: 'unsupported-setting', setting }] };
      },
    });

  it.each(['from', 'sendAt', 'reference', 'idempotencyKey'] as const)(
    '%s with an unsupported-setting warning',
    async (setting) => {
      await expect(runAgainst(settingCheck(setting), declared(setting))).resolves.toBeUndefined();
    },
  );

  it('sendAt refused with UnsupportedFunctionalityError before anything is sent', async () => {
    const setup = buggySetup({
      capabilities: { scheduling: false },
      sendSms: async () => {
        throw new UnsupportedFunctionalityError({ message: 'buggy cannot schedule (sendAt).' });
      },
    });
    await expect(runAgainst(settingCheck('sendAt'), setup)).resolves.toBeUndefined();
  });

  it('but not a warning from a provider whose capability says it is supported', async () => {
    const setup = buggySetup({
      sendSms: async ({ request, options, sandboxSend }) => {
        const result = await sandboxSend(without(request, 'sendAt'), options);
        return { ...result, warnings: [{ type: 'unsupported-setting', setting: 'sendAt' }] };
      },
    });
    await expect(runAgainst(settingCheck('sendAt'), setup)).rejects.toThrow(
      'although capabilities.scheduling is true',
    );
  });
});

describe('the kit catches an ignored abort signal or time limit, with a message that says so', () => {
  it('an already aborted signal, ignored: the send goes out', async () => {
    const setup = buggySetup({
      sendSms: ({ request, options, sandboxSend }) => sandboxSend(request, { ...options, signal: undefined }),
    });
    await expect(runAgainst(abortBefore, setup)).rejects.toThrow(
      'The provider ignored the abort signal: a send whose signal was aborted before the call resolved',
    );
  });

  it('a signal aborted in flight, ignored: the send stays pending', async () => {
    const setup = buggySetup({
      sendSms: ({ request, options, sandboxSend, teardownSignal }) =>
        sandboxSend(request, { ...options, signal: teardownSignal }),
    });
    await expect(runAgainst(abortInFlight, setup)).rejects.toThrow(
      'The provider ignored the abort signal: the send was still pending 2000 ms after signal.abort()',
    );
  });

  it("a signal aborted in flight, answered with the provider's own error instead of the caller's reason", async () => {
    const setup = buggySetup({
      sendSms: ({ request, options, sandboxSend }) =>
        sandboxSend(request, options).catch(() => {
          throw new Error('aborted');
        }),
    });
    await expect(runAgainst(abortInFlight, setup)).rejects.toThrow(
      "rejected with Error, not with the caller's abort reason",
    );
  });

  it('timeoutMs ignored: the send stays pending', async () => {
    const setup = buggySetup({
      sendSms: ({ request, options, sandboxSend, teardownSignal }) =>
        sandboxSend(request, { ...options, timeoutMs: undefined, signal: teardownSignal }),
    });
    await expect(runAgainst(timeoutFailure, setup)).rejects.toThrow(
      'The provider ignored timeoutMs: a send given timeoutMs: 300 to a server that never answers was still pending after 2300 ms',
    );
  });

  it.each([
    ['abort before the call', abortBefore],
    ['abort in flight', abortInFlight],
    ['timeout', timeoutFailure],
  ])('passes the honest sandbox (%s)', async (_label, check) => {
    await expect(runAgainst(check, buggySetup({}))).resolves.toBeUndefined();
  });
});
