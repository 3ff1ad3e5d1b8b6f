/**
 * `@x/provider-utils/testing`: what a provider package's fake server needs to be reached over a real port (Node
 * only), apart from the main entry so that no client bundle sees `node:http`.
 */
export {
  type FakeServerListener,
  hangUntilAborted,
  type ListenFakeServerOptions,
  listenFakeServer,
} from './fake-server-http';
