import { describe, expect, it } from 'vitest';
import { MessagingError } from '../src/index';

describe('MessagingError.isInstance', () => {
  it('recognises its own errors and not plain ones', () => {
    expect(MessagingError.isInstance(new MessagingError('x'))).toBe(true);
    expect(MessagingError.isInstance(new Error('x'))).toBe(false);
  });
});
