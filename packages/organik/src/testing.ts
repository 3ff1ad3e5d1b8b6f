export {
  listenOrganikFakeServer,
  type OrganikFakeHttpOptions,
  type OrganikFakeHttpServer,
} from './testing/organik-fake-http';
export { organikMswHandlers } from './testing/organik-fake-msw';
export {
  createOrganikFakeServer,
  FAKE_ORGANIK_API_KEY,
  FAKE_ORGANIK_BASE_URL,
  type OrganikFakeCall,
  type OrganikFakeCallback,
  type OrganikFakeContact,
  type OrganikFakeFailure,
  type OrganikFakeFailureOptions,
  type OrganikFakeGroup,
  type OrganikFakeHeader,
  type OrganikFakeInboxMessage,
  type OrganikFakeMessage,
  type OrganikFakeQuirks,
  OrganikFakeServer,
  type OrganikFakeServerOptions,
} from './testing/organik-fake-server';
