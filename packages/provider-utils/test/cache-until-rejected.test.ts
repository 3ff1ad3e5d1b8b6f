import { describe, expect, it } from 'vitest';
import { cacheUntilRejected } from '../src';

describe('cacheUntilRejected', () => {
  it('shares one lookup between concurrent and later calls, with the first call arguments', async () => {
    const seen: string[] = [];
    const lookup = cacheUntilRejected(async (who: string) => {
      seen.push(who);
      return `sender for ${who}`;
    });
    expect(await Promise.all([lookup('a'), lookup('b')])).toEqual(['sender for a', 'sender for a']);
    expect(await lookup('c')).toBe('sender for a');
    expect(seen).toEqual(['a']);
  });

  it('looks up again after a failure, and keeps the answer that follows', async () => {
    let calls = 0;
    const lookup = cacheUntilRejected(async () => {
      calls += 1;
      if (calls === 1) throw new Error('network down');
      return 'MAGAZA';
    });
    await expect(lookup()).rejects.toThrow('network down');
    expect(await lookup()).toBe('MAGAZA');
    expect(await lookup()).toBe('MAGAZA');
    expect(calls).toBe(2);
  });
});
