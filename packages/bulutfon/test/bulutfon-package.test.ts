import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const dist = path.join(import.meta.dirname, '..', 'dist');
const allowed = new Set(['@x/messaging-core', '@x/provider-utils', 'zod']);

function staticSpecifiers(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const source = readFileSync(path.join(dist, file), 'utf8');
  const specifiers = [
    ...source.matchAll(/^(?:import|export)\s[^;]*?from\s*"([^"]+)"/gms),
    ...source.matchAll(/\brequire\("([^"]+)"\)/g),
  ].map((match) => match[1]!);
  return specifiers.flatMap((specifier) =>
    specifier.startsWith('./') ? staticSpecifiers(specifier.slice(2), seen) : [specifier],
  );
}

it('the main entry loads no Node built-in and nothing but its dependencies (ESM and CJS)', () => {
  expect(readdirSync(dist)).toContain('index.js');
  for (const entry of ['index.js', 'index.cjs']) {
    const outside = staticSpecifiers(entry).filter((specifier) => !allowed.has(specifier));
    expect(outside, entry).toEqual([]);
  }
});

it('the testing entry loads neither msw nor node:http when imported (ESM and CJS)', () => {
  for (const entry of ['testing.js', 'testing.cjs']) {
    const outside = staticSpecifiers(entry).filter((specifier) => !allowed.has(specifier));
    expect(outside, entry).toEqual([]);
  }
});

it('the fake server and its node:http wrapper work where msw cannot be resolved', async () => {
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
      const http = await testing.startBulutfonFakeHttpServer(fake);
      const client = createBulutfonClient({ token: fake.token, baseUrl: http.url });
      const page = await client.cdrs.list();
      await http.close();
      const msw = await testing.createBulutfonMswHandlers(fake).then(() => 'loaded', (error) => error.message);
      console.log(JSON.stringify({ cdrs: page.cdrs.length, msw }));`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', register, script], {
      timeout: 20_000,
    });
    expect(JSON.parse(stdout)).toEqual({
      cdrs: 3,
      msw: 'createBulutfonMswHandlers needs the optional peer dependency msw (npm i -D msw@^2)',
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
