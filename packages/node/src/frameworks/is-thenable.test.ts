import { expect, it } from 'vitest';
import { isThenable } from './is-thenable';

it('tells an async answer from any other', () => {
  expect(isThenable(Promise.resolve(1))).toBe(true);
  expect(isThenable({ then: () => undefined })).toBe(true);
  expect(isThenable(Object.assign(() => undefined, { then: () => undefined }))).toBe(true);
  expect([undefined, null, 1, 'then', {}, { then: 1 }].some(isThenable)).toBe(false);
});
