import { defineConfig } from 'tsup';
import { appBuild } from '../../tooling/package-config';

export default defineConfig(appBuild(['src/index.ts', 'src/testing.ts']));
