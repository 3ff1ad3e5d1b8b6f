import { defineConfig } from 'vitest/config';
import { packageTest } from '../../tooling/package-config';

// The packages' time limits, made for a loaded two-core CI machine: the tests that drive the server over real
// sockets (hundreds of slow clients, client processes) take seconds there, and no test asserts on time.
export default defineConfig(packageTest(import.meta.url));
