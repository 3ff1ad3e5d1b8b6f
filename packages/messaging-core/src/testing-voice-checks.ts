import { expect } from 'vitest';
import { MessagingError, UnsupportedFunctionalityError } from './errors';
import { normalizePhoneNumber } from './phone-number';
import {
  type ConformanceCheck,
  expectOptionalMethods,
  expectRefusal,
  expectSpecificationV1,
  type OptionalMethod,
  RECIPIENT_REFUSAL_KINDS,
  record,
  success,
} from './testing-context';
import { MALFORMED_RECIPIENT } from './testing-send-checks';
import {
  KIT_CALL_REFERENCE,
  KIT_SOUND_URL,
  place,
  type VoiceConformanceContext,
  type VoiceConformanceSetup,
} from './testing-voice-setup';
import type {
  CallOutcomeV1,
  CallWindowsV1,
  VoiceCapabilitiesV1,
  VoiceProviderV1,
} from './voice-provider/v1/voice-provider-v1';

/** The checks of calls that go through: the contract's shape, a placed call read back, refused numbers. */

/** A voice check. */
export type VoiceCheck = ConformanceCheck<VoiceConformanceSetup>;

const OUTCOMES: readonly CallOutcomeV1[] = ['queued', 'answered', 'no-answer', 'busy', 'failed'];

const OPTIONAL_METHODS: OptionalMethod<VoiceCapabilitiesV1, VoiceProviderV1>[] = [
  ['callStatus', (provider) => provider.getCall],
  ['findByReference', (provider) => provider.findCall],
  ['bridgeCalls', (provider) => provider.bridgeCall],
  ['callEvents', (provider) => provider.parseCallEvent],
];

/** Weekday windows the kit asks for (no calls at the weekend). */
const KIT_WINDOWS: CallWindowsV1 = {
  monday: { start: '09:00', end: '18:00' },
  tuesday: { start: '09:00', end: '18:00' },
  wednesday: { start: '09:00', end: '18:00' },
  thursday: { start: '09:00', end: '18:00' },
  friday: { start: '10:00', end: '17:30' },
};

/** The provider has the v1 voice contract's shape. */
export const implementsVoiceContract: VoiceCheck = {
  name: 'implements version 1 of the voice contract',
  run({ setup: { provider } }) {
    expectSpecificationV1(provider);
    expect(typeof provider.placeCall).toBe('function');
    expect(provider.capabilities.announcements || provider.capabilities.soundUrls, 'plays some audio').toBe(
      true,
    );
  },
};

/** Each optional method exists exactly when its capability flag is true. */
export const voiceOptionalMethods: VoiceCheck = {
  name: 'has each optional voice method exactly when its capability says so',
  run({ setup: { provider } }) {
    expectOptionalMethods(provider, OPTIONAL_METHODS);
  },
};

/** Reads the call back with `getCall` and `findCall`, when the provider has them. */
async function expectReadBack(context: VoiceConformanceContext, callId: string): Promise<void> {
  const { provider, validRecipient } = context.setup;
  if (provider.getCall) {
    const status = success(await record(context, provider.getCall(callId)), 'getCall');
    expect(status.callId, 'getCall(callId).callId').toBe(callId);
    expect(status.to, 'getCall(callId).to, in E.164').toBe(normalizePhoneNumber(validRecipient));
    expect(OUTCOMES).toContain(status.outcome);
  }
  if (provider.findCall) {
    const found = success(await record(context, provider.findCall(KIT_CALL_REFERENCE)), 'findCall');
    expect(found?.callId, 'findCall(reference) finds the call just placed').toBe(callId);
    const missing = success(await record(context, provider.findCall('kit-never-placed-0')), 'findCall');
    expect(missing, 'findCall of a reference never placed').toBeUndefined();
  }
}

/** A call is placed, reaches the fake server once, and reads back. */
export const placesCall: VoiceCheck = {
  name: 'places a call, returns its id and reads it back',
  async run(context) {
    const { setup } = context;
    const result = success(await place(context, { reference: KIT_CALL_REFERENCE }), 'placeCall');
    expect(typeof result.callId, 'callId').toBe('string');
    expect(result.callId.length, 'callId is not empty').toBeGreaterThan(0);
    expect(Array.isArray(result.warnings), 'warnings is an array').toBe(true);
    const placed = setup.placedCalls();
    expect(placed, 'the fake server received one call').toHaveLength(1);
    expect(normalizePhoneNumber(placed[0]!.to)).toBe(normalizePhoneNumber(setup.validRecipient));
    await expectReadBack(context, result.callId);
  },
};

function warned(warnings: { type: string; setting?: string }[], setting: string): boolean {
  return warnings.some((warning) => warning.type === 'unsupported-setting' && warning.setting === setting);
}

/** Plays each kind of audio the capabilities promise, and refuses the others before anything is placed. */
export const playsAudio: VoiceCheck = {
  name: 'plays the audio its capabilities promise and refuses the rest',
  async run(context) {
    const { setup } = context;
    const kinds = [
      ['announcements', 'announcementId', { announcementId: setup.announcementId ?? '1' }],
      ['soundUrls', 'soundUrl', { url: KIT_SOUND_URL }],
    ] as const;
    for (const [flag, field, audio] of kinds) {
      const before = setup.placedCalls().length;
      const outcome = await place(context, { audio });
      if (!setup.provider.capabilities[flag]) {
        const refused = !outcome.ok && UnsupportedFunctionalityError.isInstance(outcome.error);
        if (!refused || setup.placedCalls().length !== before) {
          throw new Error(
            `capabilities.${flag} is false, but placeCall with that audio did not fail with UnsupportedFunctionalityError before placing a call.`,
          );
        }
        continue;
      }
      success(outcome, `placeCall with ${field}`);
      const received = setup.placedCalls().at(-1)?.[field];
      const sent = 'url' in audio ? audio.url : audio.announcementId;
      if (received !== sent) {
        throw new Error(
          `The provider ignored the audio: capabilities.${flag} is true, the kit sent ${JSON.stringify(sent)}, the fake server's placedCalls() reported ${JSON.stringify(received)} as ${field}.`,
        );
      }
    }
  },
};

/** Windows and the gathered key reach the fake server, or are declared unsupported with a warning. */
export const honoursCallSettings: VoiceCheck = {
  name: 'sends call windows and gatherKey to the provider, or declares them unsupported',
  async run(context) {
    const { setup } = context;
    const specs = [
      ['windows', 'callWindows', { windows: KIT_WINDOWS }],
      ['gatherKey', 'gatherKey', { gatherKey: true }],
    ] as const;
    for (const [setting, flag, request] of specs) {
      const result = success(await place(context, request), `placeCall with ${setting}`);
      const received = setup.placedCalls().at(-1)?.[setting];
      const arrived =
        setting === 'windows'
          ? Object.entries(KIT_WINDOWS).every(([day, window]) => {
              const got = (received as CallWindowsV1 | undefined)?.[day as keyof CallWindowsV1];
              return got?.start === window?.start && got?.end === window?.end;
            })
          : received === true;
      if (arrived || (!setup.provider.capabilities[flag] && warned(result.warnings, setting))) continue;
      throw new Error(
        `The provider ignored ${setting}: the fake server's placedCalls() did not report what the kit sent${setup.provider.capabilities[flag] ? `, although capabilities.${flag} is true` : ', and no unsupported-setting warning names it'}.`,
      );
    }
  },
};

/** A number the provider refuses gives a typed, not-delivered error, and no call. */
export const refusesInvalidCallee: VoiceCheck = {
  name: 'refuses a number it cannot call with a typed error, the number masked',
  async run(context) {
    const { setup } = context;
    setup.simulate('invalid-number');
    const outcome = await place(context, { to: setup.invalidRecipient });
    if (outcome.ok) throw new Error('placeCall to the invalid recipient succeeded.');
    expectRefusal(outcome.error, RECIPIENT_REFUSAL_KINDS);
    expect(setup.placedCalls()).toHaveLength(0);
  },
};

/** A malformed number is refused before anything is placed. */
export const refusesMalformedCallee: VoiceCheck = {
  name: 'refuses a malformed number before placing anything, naming it only masked',
  async run(context) {
    const { setup } = context;
    const outcome = await place(context, { to: MALFORMED_RECIPIENT });
    if (outcome.ok) throw new Error('placeCall to a malformed number succeeded.');
    expectRefusal(outcome.error);
    expect(setup.placedCalls()).toHaveLength(0);
    if (setup.provider.bridgeCall && setup.bridgeDestination !== undefined) {
      context.recipients.push(MALFORMED_RECIPIENT);
      const bridged = await record(
        context,
        setup.provider.bridgeCall({
          from: setup.from,
          to: MALFORMED_RECIPIENT,
          destination: setup.bridgeDestination,
        }),
      );
      if (bridged.ok) throw new Error('bridgeCall to a malformed number succeeded.');
      expect(MessagingError.isInstance(bridged.error), 'the bridgeCall refusal is a MessagingError').toBe(
        true,
      );
    }
  },
};

/** The checks of calls that go through and numbers that are refused. */
export const VOICE_CALL_CHECKS: VoiceCheck[] = [
  implementsVoiceContract,
  voiceOptionalMethods,
  placesCall,
  playsAudio,
  honoursCallSettings,
  refusesInvalidCallee,
  refusesMalformedCallee,
];
