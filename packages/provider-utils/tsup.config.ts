import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tooling/package-config';

export default defineConfig({
  ...libraryBuild(import.meta.url, ['src/index.ts', 'src/xml.ts', 'src/testing.ts']),
  // `node:http` stays as written (loaded on demand by the testing entry's real-port server), so that no bundler
  // takes it for a package named `http`.
  removeNodeProtocol: false,
});
