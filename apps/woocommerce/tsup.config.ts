import { defineConfig } from 'tsup';
import { appBuild } from '../../tooling/package-config';

export default defineConfig(
  appBuild([
    'src/index.ts',
    'src/main.ts',
    'src/demo.ts',
    'src/bench.ts',
    'src/bench-load.ts',
    'src/bench-service.ts',
  ]),
);
