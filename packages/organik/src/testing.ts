export {
  listenOrganikFakeServer,
  type OrganikFakeHttpOptions,
  type OrganikFakeHttpServer,
} from './testing/organik-fake-http';
export { createOrganikMswHandlers, type OrganikMswApi } from './testing/organik-fake-msw';
export { createOrganikFakeServer, type OrganikFakeServer } from './testing/organik-fake-server';
export * from './testing/organik-fake-types';
