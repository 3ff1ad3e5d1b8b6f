import { describe, expect, it } from 'vitest';
import { GSM7_BASIC, isGsm7Basic } from '../src/index';

describe('isGsm7Basic', () => {
  it('has the 128 codes of the default alphabet', () => {
    expect([...GSM7_BASIC]).toHaveLength(128);
  });
  it('accepts plain text and rejects Turkish-only letters', () => {
    expect(isGsm7Basic('Hello World')).toBe(true);
    expect(isGsm7Basic('Sipariş')).toBe(false);
    expect(isGsm7Basic('\u001b')).toBe(false);
  });
});
