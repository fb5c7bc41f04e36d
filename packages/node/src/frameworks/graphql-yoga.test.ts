import { GraphQLError } from 'graphql';
import { expect, it } from 'vitest';
import { patchYoga } from './graphql-yoga';

type MaskError = (error: unknown, message: string, isDev?: boolean) => unknown;

/** A fake graphql-yoga module whose createYoga hands back the options Faultline built. */
function patchedYoga(): (options?: object) => { maskedErrors?: { maskError?: MaskError } } {
  const yoga = { createYoga: (options?: object) => options, maskError: (error: unknown) => error };
  patchYoga(yoga as never);
  return yoga.createYoga as never;
}

class OrderNotFound extends GraphQLError {
  readonly orderId: string;
  constructor(orderId: string) {
    super(`order ${orderId} not found`, { extensions: { code: 'NOT_FOUND', orderId } });
    this.orderId = orderId;
  }
}

it('a subclass of the app\'s keeps its message and extensions; its own constructor is not called again', () => {
  const maskError = patchedYoga()().maskedErrors?.maskError;
  const thrown = new OrderNotFound('42');
  const masked = maskError?.(thrown, 'Unexpected error.') as GraphQLError;
  expect(masked).toBeInstanceOf(GraphQLError);
  expect(masked.message).toBe('order 42 not found');
  expect(masked.extensions).toMatchObject({ code: 'NOT_FOUND', orderId: '42' });
});

it('a subclass whose constructor throws on other arguments still answers', () => {
  class Strict extends GraphQLError {
    constructor(code: number) {
      if (typeof code !== 'number') throw new TypeError('code must be a number');
      super(`failed with ${code}`);
    }
  }
  const maskError = patchedYoga()().maskedErrors?.maskError;
  const masked = maskError?.(new Strict(7), 'Unexpected error.') as GraphQLError;
  expect(masked.message).toBe('failed with 7');
});
