import { defineConfig } from 'tsup';

export default defineConfig({
  entry: [
    'src/index.ts',
    'src/main.ts',
    'src/demo.ts',
    'src/bench.ts',
    'src/bench-load.ts',
    'src/bench-service.ts',
  ],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
});
