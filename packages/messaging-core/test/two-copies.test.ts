import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

type Core = typeof import('../src/index');
type Sandbox = typeof import('../src/sandbox');

const distCjs = fileURLToPath(new URL('../dist/index.cjs', import.meta.url));
const distEsm = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const distSandboxCjs = fileURLToPath(new URL('../dist/sandbox.cjs', import.meta.url));
const require = createRequire(import.meta.url);

/** Loads the built CommonJS file as a fresh module instance: a second install of the package. */
function freshCjsCopy(): Core {
  delete require.cache[distCjs];
  return require(distCjs) as Core;
}

describe('errors across two copies of the package', () => {
  it('has a build to load (run the build first)', () => {
    expect(existsSync(distCjs) && existsSync(distEsm) && existsSync(distSandboxCjs)).toBe(true);
  });

  it('are different classes, so instanceof fails, but isInstance works both ways', async () => {
    const esm = (await import(/* @vite-ignore */ pathToFileURL(distEsm).href)) as Core;
    const cjs = freshCjsCopy();
    expect(cjs.RateLimitError).not.toBe(esm.RateLimitError);

    const fromCjs = new cjs.RateLimitError({ message: '429', url: 'u', retryAfterMs: 1000 });
    const fromEsm = new esm.AuthenticationError({ message: '401', url: 'u' });
    expect(fromCjs instanceof esm.RateLimitError).toBe(false);

    expect(esm.RateLimitError.isInstance(fromCjs)).toBe(true);
    expect(esm.ApiCallError.isInstance(fromCjs)).toBe(true);
    expect(esm.MessagingError.isInstance(fromCjs)).toBe(true);
    expect(esm.AuthenticationError.isInstance(fromCjs)).toBe(false);
    expect(cjs.AuthenticationError.isInstance(fromEsm)).toBe(true);
    expect(cjs.RateLimitError.isInstance(fromEsm)).toBe(false);
  });

  it('are recognised between two CommonJS copies, and by withRetry of the other copy', async () => {
    const first = freshCjsCopy();
    const second = freshCjsCopy();
    expect(first.NetworkError).not.toBe(second.NetworkError);
    const error = new first.NetworkError({ message: 'refused', code: 'ECONNREFUSED', maybeDelivered: false });
    expect(second.NetworkError.isInstance(error)).toBe(true);

    let attempts = 0;
    const value = await second.withRetry(
      async () => {
        attempts++;
        if (attempts === 1) throw error;
        return 'sent';
      },
      { initialDelayMs: 1 },
    );
    expect([value, attempts]).toEqual(['sent', 2]);
  });

  it('lets a strategy from one copy fail over on errors from another', async () => {
    delete require.cache[distSandboxCjs];
    const sandbox = require(distSandboxCjs) as Sandbox;
    const second = freshCjsCopy();
    const a = sandbox.createSandboxProvider({ providerId: 'a' });
    const b = sandbox.createSandboxProvider({ providerId: 'b' });
    a.failNext('auth');
    const result = await second.fallback([a, b]).sendSms({ to: '05321234567', text: 'x' });
    expect(result.providerId).toBe('b');
  });
});
