import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const dist = (file: string) => new URL(`../dist/${file}`, import.meta.url).href;

/** The first ```ts block after `heading`. */
function codeBlock(heading: string): string {
  const section = readme.slice(readme.indexOf(heading));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error(`no code block under ${heading}`);
  return match[1]!;
}

describe('README', () => {
  afterEach(() => vi.restoreAllMocks());

  it('runs the main example against the built package and prints what its comments say', async () => {
    const code = codeBlock('## Example');
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...values: unknown[]) => {
      printed.push(values.map(String).join(' '));
    });
    // The example as a user runs it, with the package specifiers pointing at this package's build.
    const module = code
      .replaceAll("'@x/messaging-core/sandbox'", `'${dist('sandbox.js')}'`)
      .replaceAll("'@x/messaging-core'", `'${dist('index.js')}'`);
    await import(/* @vite-ignore */ `data:text/javascript,${encodeURIComponent(module)}`);
    const expected = [...code.matchAll(/^\/\/ (\+\d+ .*)$/gm)].map((match) => match[1]);
    expect(expected.length).toBeGreaterThan(0);
    expect(printed).toEqual(expected);
  });
});
