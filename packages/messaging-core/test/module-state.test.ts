import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Every `.ts` file under `src/`, relative to it. */
function sourceFiles(): string[] {
  const folder = new URL('../src/', import.meta.url);
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
}

describe('module state', () => {
  it('no source file keeps state at module level: two providers or strategies never share anything', () => {
    const files = sourceFiles();
    expect(files).toContain('phone-number.ts');
    for (const file of files) {
      const source = readFileSync(new URL(`../src/${file}`, import.meta.url), 'utf8');
      expect(source.match(/^(export )?(let|var) /gm), file).toBeNull();
    }
  });
});
