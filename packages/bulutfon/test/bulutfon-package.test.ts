import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const dist = path.join(import.meta.dirname, '..', 'dist');
const allowed = new Set(['@x/messaging-core', '@x/provider-utils', 'zod/mini']);

function staticSpecifiers(file: string, seen = new Set<string>(), folder = dist): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const source = readFileSync(path.join(folder, file), 'utf8');
  const specifiers = [
    ...source.matchAll(/^(?:import|export)\s[^;]*?from\s*"([^"]+)"/gms),
    ...source.matchAll(/\brequire\("([^"]+)"\)/g),
    ...source.matchAll(/\bimport\("([^"]+)"\)/g),
  ].map((match) => match[1]!);
  return specifiers.flatMap((specifier) =>
    specifier.startsWith('./') ? staticSpecifiers(specifier.slice(2), seen, folder) : [specifier],
  );
}

it('the main entry loads no Node built-in, even on demand, and nothing but its dependencies (ESM and CJS)', () => {
  expect(readdirSync(dist)).toContain('index.js');
  for (const entry of ['index.js', 'index.cjs']) {
    const outside = staticSpecifiers(entry).filter((specifier) => !allowed.has(specifier));
    expect(outside, entry).toEqual([]);
  }
});

it('the testing entry loads msw never and node:http only when a real port is asked for (ESM and CJS)', () => {
  // The real-port server is provider-utils' `listenFakeServer`: its build is read too.
  const sharedDist = path.dirname(createRequire(import.meta.url).resolve('@x/provider-utils/testing'));
  for (const [entry, shared] of [
    ['testing.js', 'testing.js'],
    ['testing.cjs', 'testing.cjs'],
  ] as const) {
    const outside = staticSpecifiers(entry).filter((specifier) => !allowed.has(specifier));
    expect([...new Set(outside)], entry).toEqual(['@x/provider-utils/testing']);
    const sharedOutside = staticSpecifiers(shared, new Set(), sharedDist);
    expect(sharedOutside, `provider-utils ${shared}`).toEqual(['node:http']);
    expect(readFileSync(path.join(sharedDist, shared), 'utf8')).toMatch(
      /await import\("node:http"\)|require\("node:http"\)/,
    );
  }
});

it('the public declarations need no msw types (an optional peer dependency)', () => {
  for (const file of readdirSync(dist).filter((name) => /\.d\.c?ts$/.test(name))) {
    const declarations = readFileSync(path.join(dist, file), 'utf8').replace(/\/\*\*[\s\S]*?\*\//g, '');
    expect(declarations, file).not.toMatch(/(from|import\()\s*['"]msw/);
  }
});

it('the fake server works on a real port where msw is not installed', async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'bulutfon-no-msw-'));
  try {
    // A resolve hook that makes msw (and its subpaths) missing, as in a project that did not install it.
    const hook = path.join(folder, 'hide-msw.mjs');
    writeFileSync(
      hook,
      `export async function resolve(specifier, context, next) {
        if (specifier === 'msw' || specifier.startsWith('msw/')) {
          throw Object.assign(new Error("Cannot find package 'msw'"), { code: 'ERR_MODULE_NOT_FOUND' });
        }
        return next(specifier, context);
      }`,
    );
    const register = path.join(folder, 'register.mjs');
    writeFileSync(
      register,
      `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hook).href)});`,
    );
    const script = path.join(folder, 'run.mjs');
    writeFileSync(
      script,
      `const testing = await import(${JSON.stringify(pathToFileURL(path.join(dist, 'testing.js')).href)});
      const { createBulutfonClient } = await import(${JSON.stringify(pathToFileURL(path.join(dist, 'index.js')).href)});
      const fake = testing.createBulutfonFakeServer({ cdrCount: 3 });
      const listener = await testing.listenBulutfonFakeServer(fake);
      const client = createBulutfonClient({ token: fake.token, baseUrl: listener.url });
      const page = await client.cdrs.list();
      await listener.close();
      console.log(JSON.stringify({ cdrs: page.cdrs.length }));`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', register, script], {
      timeout: 20_000,
    });
    expect(JSON.parse(stdout)).toEqual({ cdrs: 3 });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
