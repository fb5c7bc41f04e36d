import { expect, it } from 'vitest';
import { patchNestCommonInternal, patchNestCore } from './nestjs';

it('the patched exceptions handler still runs Nest\'s own, with the same arguments, in every context', () => {
  const calls: unknown[][] = [];
  class ExceptionsHandler {
    next(exception: unknown, host: unknown): string {
      calls.push([exception, host]);
      return 'answered';
    }
  }
  patchNestCore({ ExceptionsHandler } as never);
  const error = new Error('boom');
  const rpc = { getType: () => 'rpc', getArgByIndex: () => undefined };
  expect(new ExceptionsHandler().next(error, rpc)).toBe('answered');
  const odd = { getType: () => 'http', getArgByIndex: () => null };
  expect(new ExceptionsHandler().next(error, odd)).toBe('answered');
  expect(calls).toEqual([[error, rpc], [error, odd]]);
});

it('wraps the filter Nest picks, which still gets the exception and host; no filter stays no filter', () => {
  const exports = {
    selectExceptionFilterMetadata: (filters: { func: (e: unknown, h: unknown) => unknown }[]) => filters[0],
  };
  patchNestCommonInternal(exports as never);
  expect(exports.selectExceptionFilterMetadata([])).toBeUndefined();
  const seen: unknown[] = [];
  const picked = exports.selectExceptionFilterMetadata([{ func: (e, h) => seen.push(e, h) }]);
  const host = { getType: () => 'ws', getArgByIndex: () => undefined };
  picked?.func('thrown', host);
  expect(seen).toEqual(['thrown', host]);
});

it('Nest\'s handler still answers when the exception\'s own getStatus throws', () => {
  class ExceptionsHandler {
    next(_exception: unknown, _host: unknown): string {
      return 'answered';
    }
  }
  patchNestCore({ ExceptionsHandler } as never);
  const exception = { getStatus: (): number => { throw new Error('broken getStatus'); } };
  const host = { getType: () => 'http', getArgByIndex: () => ({ url: '/' }) };
  expect(new ExceptionsHandler().next(exception, host)).toBe('answered');
  const throwingHost = { getType: (): string => { throw new Error('broken host'); }, getArgByIndex: () => undefined };
  expect(new ExceptionsHandler().next(exception, throwingHost)).toBe('answered');
});
