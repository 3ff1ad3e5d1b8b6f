import { readdirSync, readFileSync } from 'node:fs';
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

  it('runs the example against the built package and prints what its comments say', async () => {
    const code = codeBlock('## Example');
    expect(code.trim().split('\n').length).toBeLessThanOrEqual(12);
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...values: unknown[]) => {
      printed.push(values.map(String).join(' '));
    });
    const module = code
      .replaceAll("'@x/organik/testing'", `'${dist('testing.js')}'`)
      .replaceAll("'@x/organik'", `'${dist('index.js')}'`);
    await import(/* @vite-ignore */ `data:text/javascript,${encodeURIComponent(module)}`);
    const expected = [...code.matchAll(/^\/\/ (.+)$/gm)].map((match) => match[1]);
    expect(expected.length).toBeGreaterThan(0);
    expect(printed).toEqual(expected);
  });

  it('names only what the testing entry exports', async () => {
    const testing = await import('../src/testing');
    for (const name of ['createOrganikFakeServer', 'createOrganikMswHandlers', 'listenOrganikFakeServer']) {
      expect(readme).toContain(name);
      expect(testing).toHaveProperty(name);
    }
  });
});

describe('the testing entry', () => {
  it('imports nothing from msw, so its types compile without the optional peer dependency', () => {
    const folder = new URL('../src/testing/', import.meta.url);
    const files = readdirSync(folder).map((file) => readFileSync(new URL(file, folder), 'utf8'));
    files.push(readFileSync(new URL('../src/testing.ts', import.meta.url), 'utf8'));
    for (const source of files) expect(source).not.toMatch(/^import[^;]*from 'msw|import\(['"]msw/m);
  });
});
