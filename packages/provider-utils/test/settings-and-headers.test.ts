import { LoadSettingError } from '@x/messaging-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  combineHeaders,
  loadOptionalSetting,
  loadSetting,
  parseRetryAfter,
  retryAfterFromHeaders,
  withUserAgentSuffix,
} from '../src/index';

const base = { envVar: 'X_TEST_API_KEY', optionName: 'apiKey', description: 'Test API key' };

describe('loadSetting', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.unstubAllGlobals();
  });

  it('prefers the given value over the environment', () => {
    vi.stubEnv('X_TEST_API_KEY', 'from-env');
    expect(loadSetting({ ...base, value: 'from-option' })).toBe('from-option');
  });

  it('reads the environment at call time when no value is given', () => {
    vi.stubEnv('X_TEST_API_KEY', 'from-env');
    expect(loadSetting({ ...base, value: undefined })).toBe('from-env');
  });

  it('names the option and the variable when the setting is missing', () => {
    vi.stubEnv('X_TEST_API_KEY', '');
    let thrown: unknown;
    try {
      loadSetting({ ...base, value: undefined });
    } catch (error) {
      thrown = error;
    }
    expect(LoadSettingError.isInstance(thrown)).toBe(true);
    expect((thrown as Error).message).toContain("'apiKey'");
    expect((thrown as Error).message).toContain('X_TEST_API_KEY');
  });

  it('refuses a non-string value without echoing it', () => {
    const value = 12345 as unknown as string;
    expect(() => loadSetting({ ...base, value })).toThrow(/must be a string/);
    expect(() => loadSetting({ ...base, value })).not.toThrow(/12345/);
  });

  it('works where process does not exist', () => {
    vi.stubGlobal('process', undefined);
    expect(loadOptionalSetting({ ...base, value: undefined })).toBeUndefined();
    expect(loadOptionalSetting({ ...base, value: 'v' })).toBe('v');
  });
});

describe('combineHeaders', () => {
  it('merges case-insensitively, later sets winning, undefined skipped', () => {
    expect(
      combineHeaders(
        { Accept: 'application/json', 'X-A': '1' },
        undefined,
        { accept: 'application/xml', 'x-b': undefined },
        new Headers({ 'X-C': '3' }),
      ),
    ).toEqual({ accept: 'application/xml', 'x-a': '1', 'x-c': '3' });
  });
});

describe('withUserAgentSuffix', () => {
  it('appends to an existing user agent and does not repeat a part', () => {
    const headers = withUserAgentSuffix({ 'User-Agent': 'shop/1.0' }, 'x-messaging/organik/1.2.3');
    expect(headers['user-agent']).toBe('shop/1.0 x-messaging/organik/1.2.3');
    expect(withUserAgentSuffix(headers, 'x-messaging/organik/1.2.3')['user-agent']).toBe(
      'shop/1.0 x-messaging/organik/1.2.3',
    );
  });

  it('creates the header when absent', () => {
    expect(withUserAgentSuffix(undefined, 'a/1', undefined, 'b/2')).toEqual({ 'user-agent': 'a/1 b/2' });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads delay-seconds, fractional seconds included', () => {
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter(' 1.5 ', now)).toBe(1500);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
  });

  it('returns undefined for missing or unreadable values', () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter('-3')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('prefers retry-after-ms over retry-after', () => {
    expect(retryAfterFromHeaders(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(
      250,
    );
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': '9' }), now)).toBe(9000);
  });
});
