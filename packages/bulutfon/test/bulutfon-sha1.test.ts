import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRecordingSafeToken, sha1Hex } from '../src/bulutfon-sha1';

describe('sha1Hex', () => {
  it('gives the spec check value for the recording safe token', () => {
    expect(createRecordingSafeToken('abcde123123', '1234-1234-1234')).toBe(
      '0abd013609331a5439f1865d20df1a8223bfd0fa',
    );
  });

  it.each([0, 1, 55, 56, 63, 64, 65, 119, 1000])('matches node:crypto for %i bytes', (length) => {
    const input = 'ğ'.repeat(length).slice(0, length);
    expect(sha1Hex(input)).toBe(createHash('sha1').update(input, 'utf8').digest('hex'));
  });

  it('hashes bytes', () => {
    const bytes = Uint8Array.from({ length: 200 }, (_, index) => index);
    expect(sha1Hex(bytes)).toBe(createHash('sha1').update(bytes).digest('hex'));
  });
});
