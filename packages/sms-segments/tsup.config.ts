import { defineConfig } from 'tsup';
import { libraryBuild, packageDefines } from '../../tooling/package-config';

export default defineConfig([
  libraryBuild(import.meta.url, ['src/index.ts']),
  { entry: ['src/cli.ts'], format: ['esm'], target: 'es2022', define: packageDefines(import.meta.url) },
]);
