import { expect, it } from 'vitest';
import { redact } from '../src/index';

it('hides every occurrence of a secret', () => {
  expect(redact('https://h/v2/KEY/balance/?k=KEY', ['KEY', undefined, ''])).toBe(
    'https://h/v2/***/balance/?k=***',
  );
});
