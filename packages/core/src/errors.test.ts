import { describe, expect, it, vi } from 'vitest';
import {
  AUTHENTICATION_DETAIL,
  AuthenticationError,
  AuthorizationError,
  CONFLICT_DETAIL,
  ConflictError,
  ExternalServiceError,
  FaultlineError,
  NotFoundError,
  RateLimitError,
  RemoteError,
  TimeoutError,
  ValidationError,
  isFaultlineError,
} from './errors';

describe('FaultlineError', () => {
  it('carries status, code, expose, severity, details, cause and a generic title', () => {
    const cause = new Error('db down');
    const error = new FaultlineError('could not save order 42', {
      code: 'ORDER_SAVE_FAILED',
      status: 503,
      severity: 'critical',
      details: { orderId: 42 },
      cause,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('FaultlineError');
    expect(error.message).toBe('could not save order 42');
    expect(error.status).toBe(503);
    expect(error.code).toBe('ORDER_SAVE_FAILED');
    expect(error.expose).toBe(false);
    expect(error.severity).toBe('critical');
    expect(error.details).toEqual({ orderId: 42 });
    expect(error.cause).toBe(cause);
    expect(error.title).toBe('Service Unavailable');
    expect(String(error.stack)).toContain('errors.test.ts');
  });

  it('defaults to 500 INTERNAL_ERROR, not exposed, no explicit severity; ignores a status that is not an error status', () => {
    const error = new FaultlineError('boom', { status: 200 });
    expect([error.status, error.code, error.expose, error.severity, error.title]).toEqual([500, 'INTERNAL_ERROR', false, undefined, 'Internal Server Error']);
    expect(new FaultlineError('x', { status: 4.5 }).status).toBe(500);
    expect(new FaultlineError('x', { status: 418 }).expose).toBe(true);
    expect('severity' in new FaultlineError('x', { severity: 'fatal' as never })).toBe(false);
  });

  it.each([
    [new ValidationError(), 'ValidationError', 400, 'VALIDATION_FAILED', true],
    [new AuthenticationError(), 'AuthenticationError', 401, 'UNAUTHENTICATED', true],
    [new AuthorizationError(), 'AuthorizationError', 403, 'FORBIDDEN', true],
    [new NotFoundError(), 'NotFoundError', 404, 'NOT_FOUND', true],
    [new ConflictError(), 'ConflictError', 409, 'CONFLICT', true],
    [new RateLimitError(), 'RateLimitError', 429, 'RATE_LIMITED', true],
    [new ExternalServiceError(), 'ExternalServiceError', 502, 'EXTERNAL_SERVICE_FAILED', false],
    [new TimeoutError(), 'TimeoutError', 504, 'TIMEOUT', false],
    [new RemoteError(), 'RemoteError', 502, 'REMOTE_ERROR', false],
  ] as const)('%s: name, status, default code, exposure', (error, name, status, code, expose) => {
    expect([error.name, error.status, error.code, error.expose]).toEqual([name, status, code, expose]);
    expect(isFaultlineError(error)).toBe(true);
    expect(Object.keys(error)).not.toContain('name');
  });

  it('lets the application choose codes and statuses', () => {
    const error = new NotFoundError('Order 7 not found', { code: 'ORDER_NOT_FOUND', status: 410 });
    expect([error.code, error.status, error.title]).toEqual(['ORDER_NOT_FOUND', 410, 'Gone']);
  });
});

describe('isFaultlineError', () => {
  it('recognises errors from a second copy of the package, where instanceof fails', async () => {
    vi.resetModules();
    const copy = await import('./errors.js');
    const foreign = new copy.NotFoundError('other copy');
    expect(foreign).not.toBeInstanceOf(NotFoundError);
    expect(foreign).not.toBeInstanceOf(FaultlineError);
    expect(isFaultlineError(foreign)).toBe(true);
    expect(copy.isFaultlineError(new ConflictError())).toBe(true);
  });

  it('rejects look-alikes and hostile values without throwing', () => {
    const hostile = new Proxy({}, { get: () => { throw new Error('trap'); } });
    for (const value of [null, undefined, 'x', 42, new Error('plain'), { status: 404, code: 'NOT_FOUND' }, hostile]) {
      expect(isFaultlineError(value)).toBe(false);
    }
  });
});

describe('ValidationError issues', () => {
  it('keeps path, message and code, and never echoes the submitted value', () => {
    const error = new ValidationError('Invalid order', {
      issues: [
        { path: ['items', 0, 'email'], message: 'Invalid email "bob@example.com"', code: 'invalid_string', input: 'bob@example.com' },
        { path: ['password'], message: "Expected at least 12 characters, received 'hunter2'", received: 'hunter2' },
        { path: 'age', message: 'Age 7 is too young', value: 7 } as never,
        { path: ['n'], message: "Got 'x' where a digit was needed", input: 'x' },
      ],
    });
    expect(error.issues).toEqual([
      { path: 'items.0.email', message: 'Invalid email [value]', code: 'invalid_string' },
      { path: 'password', message: 'Expected at least 12 characters, received [value]' },
      { path: 'age', message: 'Age [value] is too young' },
      { path: 'n', message: 'Got [value] where a digit was needed' },
    ]);
    expect(JSON.stringify(error.issues)).not.toMatch(/hunter2|bob@example/);
    expect(Object.isFrozen(error.issues)).toBe(true);
  });

  it('survives hostile issue lists: bounded count and length, no control characters, throwing getters', () => {
    const throwing = Object.defineProperty({}, 'message', { get: () => { throw new Error('no'); } });
    const many = Array.from({ length: 500 }, (_, i) => ({ path: [`f${i}`], message: 'x'.repeat(10_000) }));
    const error = new ValidationError(undefined, { issues: [throwing, { path: ['a\nb'], message: 'line1\r\nline2' }, ...many] });
    expect(error.issues).toHaveLength(100);
    expect(error.issues[0]).toEqual({ path: '', message: 'Invalid value.' });
    expect(error.issues[1]).toEqual({ path: 'ab', message: 'line1  line2' });
    expect(error.issues[2]?.message).toHaveLength(200);
    expect(new ValidationError('x', { issues: 'nope' as never }).issues).toEqual([]);
  });
});

describe('fixed public details', () => {
  it('401 and 409 have one public detail whatever the internal message', () => {
    expect(new AuthenticationError('password mismatch for alice').publicDetail).toBe(AUTHENTICATION_DETAIL);
    expect(new AuthenticationError('no such user bob').publicDetail).toBe(AUTHENTICATION_DETAIL);
    expect(new ConflictError('duplicate key on users.email').publicDetail).toBe(CONFLICT_DETAIL);
    expect(CONFLICT_DETAIL).not.toMatch(/email|field|key/i);
    expect(new NotFoundError('x').publicDetail).toBeUndefined();
  });
});

describe('RateLimitError', () => {
  it('keeps a whole, non-negative retryAfterSeconds', () => {
    expect(new RateLimitError('slow down', { retryAfterSeconds: 1.2 }).retryAfterSeconds).toBe(2);
    expect(new RateLimitError('slow down', { retryAfterSeconds: -1 }).retryAfterSeconds).toBeUndefined();
    expect(new RateLimitError('slow down', { retryAfterSeconds: Number.NaN }).retryAfterSeconds).toBeUndefined();
  });
});

describe('RemoteError', () => {
  it('carries the remote status, code and request ID and is never exposed', () => {
    const error = new RemoteError('payments answered 503', {
      remoteStatus: 503,
      remoteCode: 'PAYMENT_BACKEND_DOWN',
      remoteRequestId: '0af7651916cd43dd8448eb211c80319c',
      service: 'payments',
      expose: true,
    } as never);
    expect(error.status).toBe(502);
    expect(error.expose).toBe(false);
    expect([error.remoteStatus, error.remoteCode, error.remoteRequestId, error.service]).toEqual([
      503,
      'PAYMENT_BACKEND_DOWN',
      '0af7651916cd43dd8448eb211c80319c',
      'payments',
    ]);
  });

  it('drops hostile remote values instead of carrying them into logs', () => {
    const error = new RemoteError('bad', {
      remoteStatus: 99_999,
      remoteCode: 'X\r\nSet-Cookie: a=b',
      remoteRequestId: '<script>alert(1)</script>',
      service: 'a'.repeat(1000),
    });
    expect(error.remoteStatus).toBe(0);
    expect(error.remoteCode).toBeUndefined();
    expect(error.remoteRequestId).toBeUndefined();
    expect(error.service).toBeUndefined();
  });
});
