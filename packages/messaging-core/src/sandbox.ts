/**
 * `@x/messaging-core/sandbox`: an in-memory SMS provider with every optional method, for demos, application
 * tests and the default provider of examples. It records what was sent and can be told to fail in each typed
 * way, request by request.
 */

export { provider, type SandboxDescriptorOptions } from './sandbox/sandbox-descriptor';
export { createSandboxProvider } from './sandbox/sandbox-provider';
export type {
  SandboxCall,
  SandboxFailOptions,
  SandboxFailure,
  SandboxMessage,
  SandboxMethod,
  SandboxProvider,
  SandboxProviderOptions,
} from './sandbox/sandbox-types';
