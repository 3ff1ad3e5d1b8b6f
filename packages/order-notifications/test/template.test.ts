import { expect, it } from 'vitest';
import { renderTemplate } from '../src/index';

it('fills known variables', () => {
  expect(
    renderTemplate('Sayın {first_name}, #{order_number}', { first_name: 'Ayşe', order_number: '1001' }),
  ).toBe('Sayın Ayşe, #1001');
});
