import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { PostgresPool } from '../src/index';

describe('the public types', () => {
  it('do not import pg, an optional peer dependency', async () => {
    for (const file of ['index.d.ts', 'index.d.cts']) {
      const text = await readFile(new URL(`../dist/${file}`, import.meta.url), 'utf8');
      expect(text, file).not.toMatch(
        /from\s+['"]pg['"]|import\(\s*['"]pg['"]\s*\)|require\(\s*['"]pg['"]\s*\)/,
      );
      expect(text, file).toContain('interface PostgresPool');
    }
  });

  it('take a pg.Pool where they ask for a PostgresPool', async () => {
    // Checked by the type checker: a pg.Pool must fit the structural interface.
    const pool: PostgresPool = new pg.Pool({ max: 1 });
    await pool.end();
  });
});
