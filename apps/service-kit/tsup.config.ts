import { defineConfig } from 'tsup';
import { appBuild } from '../../tooling/package-config';

// The console's assets are embedded in the service's build, so that the service finds them wherever it runs.
export default defineConfig({
  ...appBuild(['src/index.ts', 'src/testing.ts']),
  noExternal: ['@x/app-console'],
});
