// CLOSURE_FREE_ROOT_CONTEXT (closure-free-context.ts): behaves as ROOT_CONTEXT does, and every context
// derived from it, through the API and the propagators too, carries no function of its own.
import { ROOT_CONTEXT, createContextKey, trace } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { expect, it } from 'vitest';
import { CLOSURE_FREE_ROOT_CONTEXT, closureFree } from './closure-free-context';

const ORDER = createContextKey('order');
const USER = createContextKey('user');

function ownFunctions(ctx: Context): string[] {
  return Object.entries(ctx).filter(([, value]) => typeof value === 'function').map(([key]) => key);
}

it('is empty and immutable: setValue and deleteValue return new contexts, as ROOT_CONTEXT does', () => {
  for (const root of [ROOT_CONTEXT, CLOSURE_FREE_ROOT_CONTEXT]) {
    const withOrder = root.setValue(ORDER, 7);
    const withBoth = withOrder.setValue(USER, 'ada');
    const withoutOrder = withBoth.deleteValue(ORDER);
    expect(root.getValue(ORDER)).toBeUndefined();
    expect(withOrder.getValue(ORDER)).toBe(7);
    expect(withOrder.getValue(USER)).toBeUndefined();
    expect([withBoth.getValue(ORDER), withBoth.getValue(USER)]).toEqual([7, 'ada']);
    expect([withoutOrder.getValue(ORDER), withoutOrder.getValue(USER)]).toEqual([undefined, 'ada']);
  }
});

it('derives contexts with no function of their own, where ROOT_CONTEXT gives each three', () => {
  expect(ownFunctions(ROOT_CONTEXT.setValue(ORDER, 7)).sort()).toEqual(['deleteValue', 'getValue', 'setValue']);
  const span = trace.wrapSpanContext({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 });
  const derived = [
    CLOSURE_FREE_ROOT_CONTEXT,
    CLOSURE_FREE_ROOT_CONTEXT.setValue(ORDER, 7).deleteValue(ORDER),
    trace.setSpan(CLOSURE_FREE_ROOT_CONTEXT, span),
    new W3CTraceContextPropagator().extract(CLOSURE_FREE_ROOT_CONTEXT, { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }, {
      get: (carrier: Record<string, string>, key: string) => carrier[key],
      keys: (carrier: Record<string, string>) => Object.keys(carrier),
    }),
  ];
  for (const ctx of derived) expect(ownFunctions(ctx)).toEqual([]);
  expect(trace.getSpanContext(derived[3] as Context)?.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
});

it('stands in for the API\'s empty ROOT_CONTEXT only: any other context is kept as it is', () => {
  const caller = ROOT_CONTEXT.setValue(ORDER, 7);
  expect(closureFree(ROOT_CONTEXT)).toBe(CLOSURE_FREE_ROOT_CONTEXT);
  expect(closureFree(caller)).toBe(caller);
  expect(closureFree(CLOSURE_FREE_ROOT_CONTEXT)).toBe(CLOSURE_FREE_ROOT_CONTEXT);
});
