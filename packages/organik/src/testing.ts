export {
  listenOrganikFakeServer,
  type OrganikFakeHttpOptions,
  type OrganikFakeHttpServer,
} from './testing/organik-fake-http';
export { createOrganikMswHandlers, type OrganikMswApi } from './testing/organik-fake-msw';
export { createOrganikFakeServer, type OrganikFakeServer } from './testing/organik-fake-server';
export {
  FAKE_ORGANIK_API_KEY,
  type OrganikFakeCallback,
  type OrganikFakeContact,
  type OrganikFakeFailOptions,
  type OrganikFakeFault,
  type OrganikFakeGroup,
  type OrganikFakeHeader,
  type OrganikFakeInboxMessage,
  type OrganikFakeMessage,
  type OrganikFakeQuirks,
  type OrganikFakeRequest,
  type OrganikFakeSentMessage,
  type OrganikFakeServerOptions,
} from './testing/organik-fake-types';
