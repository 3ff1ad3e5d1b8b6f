import { describe, expect, it } from 'vitest';
import { createIdGenerator } from '../src/message-id';

describe('createIdGenerator', () => {
  it('gives 32 hex characters that sort in the order they were made, with no repeat across many draws', () => {
    const newId = createIdGenerator();
    const ids = Array.from({ length: 3000 }, () => newId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    // The random halves come from the system's generator, not from a counter: they do not repeat either.
    expect(new Set(ids.map((id) => id.slice(16))).size).toBe(ids.length);
  });
});
