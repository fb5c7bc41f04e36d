import { expect, it } from 'vitest';
import { pathWithoutQuery } from './url-path';

it('keeps the path and drops the query, which may carry a token', () => {
  expect(pathWithoutQuery('/socket?token=FAKE_TOKEN')).toBe('/socket');
  expect(pathWithoutQuery('/orders/7')).toBe('/orders/7');
  expect(pathWithoutQuery('/?')).toBe('/');
});
