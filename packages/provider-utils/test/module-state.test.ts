import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('module state', () => {
  it('no source file keeps state or a cache at module level: two clients never share anything', () => {
    const folder = new URL('../src/', import.meta.url);
    const files = readdirSync(folder).filter((file) => file.endsWith('.ts'));
    expect(files).toContain('request.ts');
    for (const file of files) {
      const source = readFileSync(new URL(file, folder), 'utf8');
      expect(
        source.match(/^(export )?(let|var) |^(export )?const \w+ = new (Weak)?Map\b/gm),
        file,
      ).toBeNull();
    }
  });
});
