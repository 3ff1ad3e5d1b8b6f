import { testVoiceProvider } from '@x/messaging-core/testing';
import { createBulutfonVoice } from '../src/index';
import { createBulutfonFakeServer } from '../src/testing';
import { recordingHooks } from './helpers';

testVoiceProvider('bulutfon', () => {
  const fake = createBulutfonFakeServer({ calls: { autoDial: false } });
  const logs: unknown[] = [];
  const provider = createBulutfonVoice({
    token: fake.token,
    fetch: fake.fetch,
    hooks: recordingHooks(logs),
  });
  return {
    provider,
    secrets: [fake.token],
    logs,
    simulate(failure) {
      fake.clearFaults();
      if (failure !== 'none') fake.failNext(failure);
    },
    validRecipient: '0532 123 45 67',
    invalidRecipient: '+90 532 999 99 99',
    from: '902122222222',
    announcementId: '22',
    bridgeDestination: '1001',
    // The reference travels in the campaign title: `Otomatik arama [kit-order-1001]`.
    placedCalls: () =>
      fake.placedCalls.map((call) => ({
        to: call.to,
        announcementId: call.announcementId,
        soundUrl: call.soundUrl,
        gatherKey: call.gather,
        windows: call.windows,
        reference: /\[([^\]]+)\]$/.exec(call.title)?.[1],
      })),
    callEvent: () => ({
      contentType: 'application/x-www-form-urlencoded',
      body: new URLSearchParams({
        event_type: 'call_hangup',
        uuid: '704b83fa-0000-4000-8000-000000000001',
        caller: '902122222222',
        callee: '905321234567',
        direction: 'OUT',
        timestamp: '1741000000123456',
        autodial: 'true',
        talk_duration: '12',
        hangup_cause: 'NORMAL_CLEARING',
      }).toString(),
    }),
  };
});
