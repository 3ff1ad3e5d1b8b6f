import {
  type FakeServerListener,
  type ListenFakeServerOptions,
  listenFakeServer,
} from '@x/provider-utils/testing';
import type { OrganikFakeServer } from './organik-fake-server';

/** A running `node:http` server in front of a fake server: its `url` (the client's `baseUrl`) and `close()`. */
export type OrganikFakeHttpServer = FakeServerListener;

/** Options of {@link listenOrganikFakeServer}: `port` (default 0, any free port) and `host` (`127.0.0.1`). */
export type OrganikFakeHttpOptions = ListenFakeServerOptions;

/**
 * Serves a fake server over real HTTP, for code that does not use msw (another process, a demo, a browser), with
 * `@x/provider-utils`' `listenFakeServer`.
 * @param server - the fake server
 * @param options - port and host
 */
export function listenOrganikFakeServer(
  server: OrganikFakeServer,
  options: OrganikFakeHttpOptions = {},
): Promise<OrganikFakeHttpServer> {
  return listenFakeServer((request) => server.handle(request), options);
}
