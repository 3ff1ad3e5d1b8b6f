import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tooling/package-config';

// ESM and CommonJS with declarations, as every provider package of the repository ships.
export default defineConfig(libraryBuild(import.meta.url, ['src/index.ts', 'src/testing.ts']));
