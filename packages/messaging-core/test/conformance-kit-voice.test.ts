import { describe, expect, it } from 'vitest';
import { AuthenticationError, InvalidRecipientError, normalizePhoneNumber } from '../src/index';
import { testVoiceProvider } from '../src/testing';
import {
  honoursCallSettings,
  implementsVoiceContract,
  placesCall,
  playsAudio,
  refusesInvalidCallee,
  refusesMalformedCallee,
  voiceOptionalMethods,
} from '../src/testing-voice-checks';
import {
  readsCallEvents,
  voiceAbortBefore,
  voiceAbortInFlight,
  voiceAuthFailure,
  voiceServerError,
  voiceTimeout,
} from '../src/testing-voice-failures';
import { honestVoiceSetup, runVoiceCheck } from './support/voice-fake';

const SECRET = 'voice-api-key-0123456789';
const base64 = (text: string) => btoa(text);

testVoiceProvider('in-memory voice provider', () => honestVoiceSetup());

describe('the voice kit catches a provider that breaks the contract', () => {
  it('a wrong specification version', async () => {
    const setup = honestVoiceSetup({ provider: { specificationVersion: 'v2' as 'v1' } });
    await expect(runVoiceCheck(implementsVoiceContract, setup)).rejects.toThrow();
  });

  it('a capability without its method', async () => {
    const setup = honestVoiceSetup({ provider: { bridgeCall: undefined } });
    await expect(runVoiceCheck(voiceOptionalMethods, setup)).rejects.toThrow(
      'capabilities.bridgeCalls is true',
    );
  });

  it('an empty call id', async () => {
    const setup = honestVoiceSetup({
      placeCall: async ({ request, options, honestPlace }) => ({
        ...(await honestPlace(request, options)),
        callId: '',
      }),
    });
    await expect(runVoiceCheck(placesCall, setup)).rejects.toThrow('callId is not empty');
  });

  it('a call placed twice', async () => {
    const setup = honestVoiceSetup({
      placeCall: async ({ request, options, honestPlace }) => {
        await honestPlace(request, options);
        return honestPlace(request, options);
      },
    });
    await expect(runVoiceCheck(placesCall, setup)).rejects.toThrow('the fake server received one call');
  });

  it('findCall that cannot find the call it placed', async () => {
    const setup = honestVoiceSetup({ provider: { findCall: async () => undefined } });
    await expect(runVoiceCheck(placesCall, setup)).rejects.toThrow(
      'findCall(reference) finds the call just placed',
    );
  });

  it('a sound URL dropped although soundUrls is true', async () => {
    const setup = honestVoiceSetup({
      placeCall: ({ request, options, honestPlace }) =>
        honestPlace({ ...request, audio: { announcementId: '22' } }, options),
    });
    await expect(runVoiceCheck(playsAudio, setup)).rejects.toThrow('The provider ignored the audio');
  });

  it('announcements declared unsupported but played anyway', async () => {
    const setup = honestVoiceSetup({ capabilities: { announcements: false } });
    await expect(runVoiceCheck(playsAudio, setup)).rejects.toThrow(
      'did not fail with UnsupportedFunctionalityError',
    );
  });

  it('call windows dropped silently', async () => {
    const setup = honestVoiceSetup({
      placeCall: ({ request, options, honestPlace }) =>
        honestPlace({ ...request, windows: undefined }, options),
    });
    await expect(runVoiceCheck(honoursCallSettings, setup)).rejects.toThrow(
      'The provider ignored windows: the fake server',
    );
  });

  it('windows dropped by a provider that says it cannot honour them, without a warning', async () => {
    const setup = honestVoiceSetup({
      capabilities: { callWindows: false },
      placeCall: ({ request, options, honestPlace }) =>
        honestPlace({ ...request, windows: undefined }, options),
    });
    await expect(runVoiceCheck(honoursCallSettings, setup)).rejects.toThrow('no unsupported-setting warning');
  });

  it('a refused number named in full in the error', async () => {
    const setup = honestVoiceSetup({
      placeCall: async ({ request }) => {
        throw new InvalidRecipientError({
          message: `voice: ${normalizePhoneNumber(request.to)} cannot be called`,
          url: 'https://voice.example',
        });
      },
    });
    await expect(runVoiceCheck(refusesInvalidCallee, setup)).rejects.toThrow(
      "A recipient's full phone number appears in the message of error #1",
    );
  });

  it('a refusal that is not typed', async () => {
    const setup = honestVoiceSetup({
      placeCall: async () => {
        throw new Error('voice: 422');
      },
    });
    await expect(runVoiceCheck(refusesInvalidCallee, setup)).rejects.toThrow(
      'the refusal is a MessagingError',
    );
  });

  it('a malformed number that is placed', async () => {
    const setup = honestVoiceSetup({
      placeCall: async ({ request, options, honestPlace }) =>
        honestPlace({ ...request, to: '+905321234567' }, options),
    });
    await expect(runVoiceCheck(refusesMalformedCallee, setup)).rejects.toThrow(
      'placeCall to a malformed number succeeded',
    );
  });

  it.each([
    ['raw', SECRET],
    ['URL-encoded', encodeURIComponent(`${SECRET}/ü`)],
    ['base64', base64(SECRET)],
  ])('a secret in an authentication error (%s)', async (form, leak) => {
    const setup = honestVoiceSetup({
      setup: { secrets: [form === 'URL-encoded' ? `${SECRET}/ü` : SECRET] },
      placeCall: async () => {
        throw new AuthenticationError({
          message: `voice: key ${leak} refused`,
          url: 'https://voice.example',
        });
      },
    });
    await expect(runVoiceCheck(voiceAuthFailure, setup)).rejects.toThrow(`appears ${form} in error #1`);
  });

  it('a server error reported as certainly not placed', async () => {
    const setup = honestVoiceSetup({
      placeCall: async () => {
        throw new AuthenticationError({
          message: 'voice: 500',
          url: 'https://voice.example',
          statusCode: 500,
        });
      },
    });
    await expect(runVoiceCheck(voiceServerError, setup)).rejects.toThrow();
  });

  it('an ignored timeoutMs', async () => {
    const setup = honestVoiceSetup({
      setup: { timeoutMs: 20 },
      placeCall: ({ request, options, honestPlace }) =>
        honestPlace(request, { ...options, timeoutMs: 60_000 }),
    });
    await expect(runVoiceCheck(voiceTimeout, setup)).rejects.toThrow('The provider ignored timeoutMs');
  });

  it('an abort signal ignored before the call', async () => {
    const setup = honestVoiceSetup({
      placeCall: ({ request, options, honestPlace }) =>
        honestPlace(request, { ...options, signal: undefined }),
    });
    await expect(runVoiceCheck(voiceAbortBefore, setup)).rejects.toThrow(
      'The provider ignored the abort signal: placeCall whose signal was aborted before the call resolved',
    );
  });

  it('an abort signal ignored in flight', async () => {
    const setup = honestVoiceSetup({
      placeCall: ({ request, options, honestPlace }) =>
        honestPlace(request, { ...options, signal: undefined, timeoutMs: 60_000 }),
    });
    await expect(runVoiceCheck(voiceAbortInFlight, setup)).rejects.toThrow(
      'The provider ignored the abort signal: placeCall was still pending',
    );
  });

  it('call events accepted without the credentials', async () => {
    const honest = honestVoiceSetup();
    const parse = honest.provider.parseCallEvent!;
    const setup = honestVoiceSetup({ provider: { parseCallEvent: (request) => parse(request) } });
    await expect(runVoiceCheck(readsCallEvents, setup)).rejects.toThrow(
      'parseCallEvent accepted a call event without credentials',
    );
  });

  it('a malformed call event that crashes the parser', async () => {
    const honest = honestVoiceSetup();
    const parse = honest.provider.parseCallEvent!;
    const setup = honestVoiceSetup({
      provider: {
        async parseCallEvent(request, options) {
          const copy = request.clone();
          if ((await copy.text()).startsWith('[')) throw new TypeError('Cannot read properties of undefined');
          return parse(request, options);
        },
      },
    });
    await expect(runVoiceCheck(readsCallEvents, setup)).rejects.toThrow(
      'with TypeError, not with a ValidationError',
    );
  });

  it('the webhook password in a refusal', async () => {
    const parse = honestVoiceSetup().provider.parseCallEvent!;
    const setup = honestVoiceSetup({
      provider: {
        parseCallEvent: (request, options) =>
          parse(request, options).catch((error: unknown) => {
            if (!AuthenticationError.isInstance(error)) throw error;
            throw new AuthenticationError({
              message: `voice: expected ${options?.credentials?.password}`,
              url: 'https://shop.example',
            });
          }),
      },
    });
    await expect(runVoiceCheck(readsCallEvents, setup)).rejects.toThrow('A secret, setup.secrets[1]');
  });

  it('passes the honest provider, check by check', async () => {
    for (const check of [placesCall, playsAudio, refusesInvalidCallee, voiceTimeout, readsCallEvents]) {
      await expect(runVoiceCheck(check, honestVoiceSetup())).resolves.toBeUndefined();
    }
  });
});
