export { createRandom, generateCdr, generatedBytes, type RawCdr } from './testing/bulutfon-fake-data';
export { type BulutfonFakeHttpServer, startBulutfonFakeHttpServer } from './testing/bulutfon-fake-http';
export {
  type BulutfonFakeFault,
  type BulutfonFakeRequest,
  type BulutfonFakeServer,
  type BulutfonFakeServerOptions,
  type BulutfonFakeSms,
  type BulutfonFakeState,
  createBulutfonFakeServer,
  FAKE_BASE_URL,
  FAKE_MASTER_TOKEN,
} from './testing/bulutfon-fake-server';
export { createBulutfonMswHandlers } from './testing/bulutfon-msw';
