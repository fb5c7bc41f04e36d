import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from './errors';
import { normalizeError } from './normalize';
import type { ThrownValueError } from './normalize';

function thrownOf(error: Error): unknown {
  return (error as ThrownValueError).thrown;
}

describe('normalizeError', () => {
  it('returns a usable Error of this realm unchanged (same object)', () => {
    const error = new TypeError('bad');
    expect(normalizeError(error)).toBe(error);
    const ours = new NotFoundError('nope');
    expect(normalizeError(ours)).toBe(ours);
  });

  it('turns a thrown string into an Error whose message is the string', () => {
    const error = normalizeError('something broke');
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('something broke');
    expect(error.name).toBe('ThrownValueError');
    expect(thrownOf(error)).toBe('something broke');
    expect((error as ThrownValueError).thrownType).toBe('string');
    expect(error.stack).toBe('ThrownValueError: something broke\n    at <stack unavailable>');
  });

  it.each([
    [null, 'null was thrown', 'null'],
    [undefined, 'undefined was thrown', 'undefined'],
    [42, 'Non-error number thrown: 42', 'number'],
    [10n, 'Non-error bigint thrown: 10', 'bigint'],
    [false, 'Non-error boolean thrown: false', 'boolean'],
    [Symbol('oops'), 'Non-error symbol thrown: Symbol(oops)', 'symbol'],
  ])('describes a thrown %s', (value, message, type) => {
    const error = normalizeError(value);
    expect(error.message).toBe(message);
    expect((error as ThrownValueError).thrownType).toBe(type);
    expect(thrownOf(error)).toBe(value);
  });

  it('describes a plain object by its keys, never its values, and keeps the object', () => {
    const thrown = { user: 'alice', password: 'hunter2' };
    const error = normalizeError(thrown);
    expect(error.message).toBe('Non-error object thrown with keys: user, password');
    expect(error.message).not.toContain('hunter2');
    expect(thrownOf(error)).toBe(thrown);
  });

  it('adopts name, message, code, status and cause of an error-shaped object', () => {
    const cause = new Error('root');
    const error = normalizeError({ name: 'HttpError', message: 'upstream 404', code: 'E_HTTP', status: 404, cause });
    expect([error.name, error.message]).toEqual(['HttpError', 'upstream 404']);
    expect((error as unknown as { code: string }).code).toBe('E_HTTP');
    expect((error as unknown as { status: number }).status).toBe(404);
    expect(error.cause).toBe(cause);
  });

  it('wraps an error from another realm, keeping name, message, stack and cause', () => {
    const foreign = runInNewContext('const e = new RangeError("out of range"); e.cause = new Error("inner"); e') as Error;
    expect(foreign instanceof Error).toBe(false);
    const error = normalizeError(foreign);
    expect(error).toBeInstanceOf(Error);
    expect([error.name, error.message]).toEqual(['RangeError', 'out of range']);
    expect(error.stack).toBe(foreign.stack);
    expect((error.cause as Error).message).toBe('inner');
    expect(thrownOf(error)).toBe(foreign);
    expect((error as ThrownValueError).thrownType).toBe('Error');
  });

  it('wraps an error whose message, name and stack getters throw', () => {
    const hostile = new Error('hidden');
    for (const key of ['stack', 'message', 'name']) {
      Object.defineProperty(hostile, key, { get: () => { throw new Error(`no ${key}`); } });
    }
    const error = normalizeError(hostile);
    expect(error.message).toBe('[unreadable message]');
    expect(error.name).toBe('ThrownValueError');
    expect(error.stack).toBe('ThrownValueError: [unreadable message]\n    at <stack unavailable>');
    expect(thrownOf(error)).toBe(hostile);
  });

  it('survives proxies whose every trap throws', () => {
    const trap = () => { throw new Error('trap'); };
    const proxy = new Proxy({}, { get: trap, ownKeys: trap, getPrototypeOf: trap, has: trap, getOwnPropertyDescriptor: trap });
    const error = normalizeError(proxy);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/thrown/);
    expect(thrownOf(error)).toBe(proxy);
  });

  it('never calls a throwing toString and bounds what it shows', () => {
    const thrown = { toString() { throw new Error('no'); }, [Symbol.toPrimitive]() { throw new Error('no'); } };
    expect(normalizeError(thrown).message).toBe('Non-error object thrown with keys: toString');
    const wide = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i]));
    expect(normalizeError(wide).message).toBe('Non-error object thrown with keys: k0, k1, k2, k3, k4, k5, k6, k7, k8, k9, … (50 keys)');
  });

  it('describes thrown functions and objects with a non-string message', () => {
    expect(normalizeError(function handler() {}).message).toBe('Non-error function thrown: handler');
    expect(normalizeError({ message: { nested: true } }).message).toBe('Non-error object thrown with keys: message');
  });

  it('is idempotent', () => {
    const once = normalizeError('x');
    expect(normalizeError(once)).toBe(once);
  });
});
