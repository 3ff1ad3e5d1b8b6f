import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tooling/package-config';

export default defineConfig(libraryBuild(import.meta.url, ['src/index.ts', 'src/xml.ts']));
