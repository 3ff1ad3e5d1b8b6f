import { UnsupportedFunctionalityError } from './errors';
import type {
  CallOptionsV1,
  SendSmsRequestV1,
  SendSmsResultV1,
  SmsCapabilitiesV1,
} from './sms-provider/v1/sms-provider-v1';
import { type ConformanceCheck, type ConformanceContext, send, success } from './testing-context';
import type { ConformanceSetup } from './testing-setup';

/** The kit's reference: digits only, a form every provider's API can carry unchanged. */
export const KIT_REFERENCE = '4242001';

/** The kit's idempotency key. */
export const KIT_IDEMPOTENCY_KEY = 'conformance-kit/order-1001/processing';

/** A setting of a send that must reach the provider or be declared unsupported. */
export type CheckedSetting = 'from' | 'sendAt' | 'reference' | 'idempotencyKey';

/** How the kit sends one setting and what it expects of it. */
interface SettingSpec {
  /** The setting's name, as the warning names it. */
  setting: CheckedSetting;
  /** The capability that says whether the provider supports it (`from` has none: it is always expected). */
  capability?: keyof Pick<SmsCapabilitiesV1, 'scheduling' | 'references' | 'idempotency'>;
  /** The value the kit sends. */
  value(setup: ConformanceSetup): string | Date;
  /** The send that carries it. */
  call(to: string, value: string | Date): { request: SendSmsRequestV1; options?: CallOptionsV1 };
}

/** A time a day ahead, on a whole minute (Turkish providers schedule to the minute). */
function tomorrowOnTheMinute(): Date {
  return new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 24 * 3_600_000);
}

const SETTINGS: SettingSpec[] = [
  {
    setting: 'from',
    value: (setup) => setup.sender,
    call: (to, value) => ({ request: { to, text: 'Sender check', from: value as string } }),
  },
  {
    setting: 'sendAt',
    capability: 'scheduling',
    value: () => tomorrowOnTheMinute(),
    call: (to, value) => ({ request: { to, text: 'Schedule check', sendAt: value as Date } }),
  },
  {
    setting: 'reference',
    capability: 'references',
    value: () => KIT_REFERENCE,
    call: (to, value) => ({ request: { to, text: 'Reference check', reference: value as string } }),
  },
  {
    setting: 'idempotencyKey',
    capability: 'idempotency',
    value: () => KIT_IDEMPOTENCY_KEY,
    call: (to, value) => ({
      request: { to, text: 'Idempotency check' },
      options: { idempotencyKey: value as string },
    }),
  },
];

function same(received: unknown, value: string | Date): boolean {
  if (value instanceof Date) return received instanceof Date && received.getTime() === value.getTime();
  return received === value;
}

function show(value: unknown): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid Date' : value.toISOString();
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function warned(result: SendSmsResultV1, setting: string): boolean {
  return (result.warnings ?? []).some(
    (warning) => warning.type === 'unsupported-setting' && warning.setting === setting,
  );
}

/** What the provider must do instead of ignoring `spec.setting`, for the failure message. */
function remedy(spec: SettingSpec): string {
  const warning = `return a { type: 'unsupported-setting', setting: '${spec.setting}' } warning`;
  if (spec.capability === undefined) return `send it, or ${warning}`;
  return `send it, or set capabilities.${spec.capability} to false and ${warning}`;
}

/**
 * Sends with one setting and checks that it reached the fake server, or that the provider declared it
 * unsupported: by capability and an `unsupported-setting` warning, or by refusing the send with
 * `UnsupportedFunctionalityError` before anything went out.
 */
async function expectSettingHonoured(context: ConformanceContext, spec: SettingSpec): Promise<void> {
  const { setup } = context;
  // Without a capability for it (`from`), a setting may always be declared unsupported.
  const mayBeUnsupported = spec.capability === undefined || !setup.provider.capabilities[spec.capability];
  const value = spec.value(setup);
  const { request, options } = spec.call(setup.validRecipient, value);
  const outcome = await send(context, request, options);
  if (!outcome.ok && UnsupportedFunctionalityError.isInstance(outcome.error) && mayBeUnsupported) {
    if (setup.sentMessages().length > 0) {
      throw new Error(
        `sendSms refused ${spec.setting} as unsupported, but the fake server received a message.`,
      );
    }
    return;
  }
  const result = success(outcome, `sendSms with ${spec.setting}`);
  const sent = setup.sentMessages().at(-1);
  if (sent === undefined)
    throw new Error(`sendSms with ${spec.setting} resolved, but nothing reached the fake server.`);
  const received = sent[spec.setting];
  if (same(received, value)) return;
  if (mayBeUnsupported && warned(result, spec.setting)) return;
  const why = mayBeUnsupported
    ? 'and no unsupported-setting warning names it'
    : `although capabilities.${spec.capability} is true`;
  throw new Error(
    `The provider ignored ${spec.setting}: the kit sent ${show(value)}, the fake server's sentMessages() reported ${show(received)}, ${why}. Fix: ${remedy(spec)} (and report what the fake server received in sentMessages()).`,
  );
}

/** The check of one setting: it reaches the fake server, or the provider declares it unsupported. */
export function settingCheck(setting: CheckedSetting): ConformanceCheck {
  const spec = SETTINGS.find((candidate) => candidate.setting === setting)!;
  return {
    name: `sends ${setting} to the provider, or declares it unsupported with a warning`,
    run: (context) => expectSettingHonoured(context, spec),
  };
}

/**
 * The checks that `from`, `sendAt`, `reference` and the call's `idempotencyKey` reach the provider, or are
 * declared unsupported.
 */
export const SETTINGS_CHECKS: ConformanceCheck[] = SETTINGS.map((spec) => settingCheck(spec.setting));
