import { expect, it } from 'vitest';
import { joinUrl } from '../src/index';

it('joins with exactly one slash', () => {
  expect(joinUrl('https://h/', '/v2/balance/')).toBe('https://h/v2/balance/');
});
