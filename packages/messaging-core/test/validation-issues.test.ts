import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatValidationIssues, toValidationIssues } from '../src/index';

describe('toValidationIssues and formatValidationIssues', () => {
  it('keeps path, message and code of zod issues and never the input', () => {
    const result = z
      .object({ apiKey: z.string().regex(/^[0-9a-f]{32}$/) })
      .safeParse({ apiKey: 'secret-value-123' });
    expect(result.success).toBe(false);
    const issues = toValidationIssues(result.error!.issues, ['env']);
    expect(issues).toEqual([
      { path: ['env', 'apiKey'], message: expect.any(String), code: 'invalid_format' },
    ]);
    expect(JSON.stringify(issues)).not.toContain('secret-value-123');
  });

  it('describes issues as path: message, the root as (root), and counts the ones left out', () => {
    const issues = [
      { path: ['shops', 'demo', 'provider'], message: 'unknown provider' },
      { path: [], message: 'expected an object' },
      { path: ['server', 'port'], message: 'expected a number' },
    ];
    expect(formatValidationIssues(issues)).toBe(
      'shops.demo.provider: unknown provider; (root): expected an object; server.port: expected a number',
    );
    expect(formatValidationIssues(issues, { max: 1 })).toBe(
      'shops.demo.provider: unknown provider; (+2 more)',
    );
  });
});
