import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
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
