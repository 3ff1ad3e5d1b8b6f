import { describe, expect, it } from 'vitest';
import {
  ApiCallError,
  AuthenticationError,
  InvalidRecipientError,
  MessagingError,
  RateLimitError,
  TimeoutError,
} from '../src/index';

describe('error family', () => {
  it('recognises its own errors and not plain ones', () => {
    expect(MessagingError.isInstance(new MessagingError({ message: 'x' }))).toBe(true);
    expect(MessagingError.isInstance(new Error('x'))).toBe(false);
    expect(MessagingError.isInstance(null)).toBe(false);
  });

  it('lets a subclass pass the checks of its parents but not of its siblings', () => {
    const error = new AuthenticationError({
      message: 'refused',
      url: 'https://h/v2/***/balance/',
      statusCode: 401,
    });
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(MessagingError.isInstance(error)).toBe(true);
    expect(RateLimitError.isInstance(error)).toBe(false);
    expect(error.kind).toBe('authentication');
    expect(error.name).toBe('AuthenticationError');
  });

  it('makes rate limits retryable and never delivered, whatever the caller passes', () => {
    const error = new RateLimitError({
      message: 'slow down',
      url: 'u',
      retryAfterMs: 2000,
      maybeDelivered: true,
    });
    expect(error.isRetryable).toBe(true);
    expect(error.maybeDelivered).toBe(false);
    expect(error.retryAfterMs).toBe(2000);
  });

  it('classifies blacklisted recipients', () => {
    const error = new InvalidRecipientError({ message: 'on the blacklist', url: 'u', blacklisted: true });
    expect(error.kind).toBe('blacklisted');
  });

  it('keeps providerCode as a string and serialises without the cause', () => {
    const error = new TimeoutError({
      message: 'timed out',
      timeoutMs: 100,
      providerCode: 93,
      maybeDelivered: true,
      cause: new Error('secret-bearing cause'),
    });
    expect(error.providerCode).toBe('93');
    expect(JSON.stringify(error)).not.toContain('secret-bearing');
    expect(error.toJSON()).toMatchObject({ kind: 'timeout', maybeDelivered: true, isRetryable: true });
  });
});
