/**
 * Build and test settings every published package shares (and the apps' build). A package's `tsup.config.ts` and
 * `vitest.config.ts` call these with their own URL, so the version stamp, output formats and targets stay the same
 * everywhere.
 */
import { readFileSync } from 'node:fs';
import type { Options } from 'tsup';
import type { ViteUserConfig } from 'vitest/config';

/** The `version` of the package whose config file is at `configUrl`. */
export function packageVersion(configUrl: string | URL): string {
  const manifest = JSON.parse(readFileSync(new URL('./package.json', configUrl), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/** Build-time constants: `__PACKAGE_VERSION__` is the package's version (for user agents and `VERSION`). */
export function packageDefines(configUrl: string | URL): Record<string, string> {
  return { __PACKAGE_VERSION__: JSON.stringify(packageVersion(configUrl)) };
}

/**
 * tsup options of a published library: ESM and CommonJS with `.d.ts` / `.d.cts`, source maps, ES2022.
 * @param configUrl - `import.meta.url` of the package's tsup config
 * @param entry - the entry files (`src/index.ts`, `src/testing.ts`...)
 */
export function libraryBuild(configUrl: string | URL, entry: string[]): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'es2022',
    define: packageDefines(configUrl),
  };
}

/**
 * tsup options of a service app: ESM only for Node 20, with `.d.ts` and source maps. Apps are not published as
 * libraries, so there is no CommonJS build and no version stamp.
 * @param entry - the entry files (`src/index.ts`, `src/main.ts`...)
 */
export function appBuild(entry: string[]): Options {
  return {
    entry,
    format: ['esm'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    platform: 'node',
  };
}

/**
 * vitest settings of a package: tests under `test/`, the version constant defined, and time limits generous
 * enough for a loaded two-core CI machine (no test asserts on time).
 * @param configUrl - `import.meta.url` of the package's vitest config
 * @param test - extra test options
 */
export function packageTest(configUrl: string | URL, test: ViteUserConfig['test'] = {}): ViteUserConfig {
  return {
    define: packageDefines(configUrl),
    test: { include: ['test/**/*.test.ts'], testTimeout: 20_000, hookTimeout: 30_000, ...test },
  };
}
