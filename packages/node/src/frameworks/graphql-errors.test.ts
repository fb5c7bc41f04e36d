import { expect, it } from 'vitest';
import { ValidationError } from '@faultline/core';
import { errorsToRecord, isExpectedError, MAX_RECORDED_ERRORS, operationOf, pathShape, rootError } from './graphql-errors';

class GraphQLError extends Error {
  override name = 'GraphQLError';
  constructor(message: string, readonly originalError?: unknown) {
    super(message);
  }
}

it('finds the thrown error under the GraphQLErrors that located it', () => {
  const thrown = new Error('db down');
  expect(rootError(new GraphQLError('db down', new GraphQLError('db down', thrown)))).toBe(thrown);
  const plain = new GraphQLError('syntax');
  expect(rootError(plain)).toBe(plain);
});

it('expected: a GraphQLError the app threw, an exposed Faultline error; unexpected: anything else', () => {
  expect(isExpectedError(new GraphQLError('wrapped', new GraphQLError('coupon expired')))).toBe(true);
  expect(isExpectedError(new GraphQLError('wrapped', new ValidationError('bad quantity', { expose: true })))).toBe(true);
  expect(isExpectedError(new GraphQLError('wrapped', new ValidationError('bad quantity', { expose: false })))).toBe(false);
  expect(isExpectedError(new GraphQLError('wrapped', new Error('db down')))).toBe(false);
  expect(isExpectedError(new GraphQLError('wrapped', 'a thrown string'))).toBe(false);
});

it('names the operation the request chose, else the document\'s only one', () => {
  const op = (name: string, operation: string) => ({ kind: 'OperationDefinition', operation, name: { value: name } });
  const two = { definitions: [op('GetUser', 'query'), op('Pay', 'mutation'), { kind: 'FragmentDefinition' }] };
  expect(operationOf(two, 'Pay')).toEqual({ name: 'Pay', type: 'mutation' });
  expect(operationOf(two, undefined)).toEqual({ name: undefined, type: undefined });
  expect(operationOf({ definitions: [{ kind: 'OperationDefinition', operation: 'query' }] }, undefined)).toEqual({ name: undefined, type: 'query' });
  expect(operationOf(undefined, 'Named')).toEqual({ name: 'Named', type: undefined });
});

it('records the first error of each kind (path shape and class), at most the cap, and counts the rest', () => {
  expect(pathShape(['items', 17, 'broken'])).toBe('items.[].broken');
  class NotFound extends Error {}
  const located = (error: Error) => new GraphQLError(error.message, error) as GraphQLError & { path: (string | number)[] };
  const at = (path: (string | number)[], error: Error) => Object.assign(located(error), { path });
  const list = Array.from({ length: 500 }, (_, i) => at(['items', i, 'broken'], new Error(`item ${i}`)));
  const other = at(['items', 3, 'broken'], new NotFound('gone'));
  const { chosen, dropped } = errorsToRecord([new GraphQLError('syntax'), ...list, other]);
  expect(chosen).toEqual([list[0], other]);
  expect(dropped).toBe(499);
  const distinct = Array.from({ length: 30 }, (_, i) => at([`field${i}`], new Error('x')));
  const capped = errorsToRecord(distinct);
  expect(capped.chosen).toEqual(distinct.slice(0, MAX_RECORDED_ERRORS));
  expect(capped.dropped).toBe(30 - MAX_RECORDED_ERRORS);
});
