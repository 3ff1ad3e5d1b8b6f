export { createRandom, generateCdr, generatedBytes, type RawCdr } from './testing/bulutfon-fake-data';
export { type BulutfonFakeListener, listenBulutfonFakeServer } from './testing/bulutfon-fake-listen';
export { type BulutfonMswApi, createBulutfonMswHandlers } from './testing/bulutfon-fake-msw';
export { createBulutfonFakeServer } from './testing/bulutfon-fake-server';
export type {
  BulutfonFakeAnswer,
  BulutfonFakeCallOptions,
  BulutfonFakeCallOutcome,
  BulutfonFakeExtension,
  BulutfonFakeFault,
  BulutfonFakeFaultOptions,
  BulutfonFakeFile,
  BulutfonFakeIncomingCall,
  BulutfonFakeMessage,
  BulutfonFakePlacedCall,
  BulutfonFakeRequest,
  BulutfonFakeServer,
  BulutfonFakeServerOptions,
  BulutfonFakeSms,
  BulutfonFakeState,
  BulutfonFakeWebhookDelivery,
} from './testing/bulutfon-fake-types';
export {
  type BulutfonVoiceFake,
  bulutfonVoiceSettings,
  startBulutfonVoiceFake,
} from './testing/bulutfon-fake-voice-service';
