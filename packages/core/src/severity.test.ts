import { describe, expect, it } from 'vitest';
import { AuthenticationError, FaultlineError, NotFoundError, RateLimitError, RemoteError, ValidationError } from './errors';
import { SEVERITY_NUMBER, classifySeverity, maxSeverity, statusOf } from './severity';
import type { SeverityRule } from './severity';

class PaymentDeclined extends Error {
  static severity = 'low';
  code = 'CARD_DECLINED';
}

describe('classifySeverity', () => {
  it('uses the status when nothing else says: 4xx low, 401/403/429 medium, 5xx high', () => {
    expect(classifySeverity(new NotFoundError())).toBe('low');
    expect(classifySeverity(new ValidationError())).toBe('low');
    expect(classifySeverity(new AuthenticationError())).toBe('medium');
    expect(classifySeverity(new FaultlineError('x', { status: 403 }))).toBe('medium');
    expect(classifySeverity(new RateLimitError())).toBe('medium');
    expect(classifySeverity(new FaultlineError('x'))).toBe('high');
    expect(classifySeverity(new RemoteError())).toBe('high');
    expect(classifySeverity(Object.assign(new Error('x'), { statusCode: 413, expose: true }))).toBe('low');
  });

  it('distrusts a status that describes a downstream answer: a dependency\'s 401 or 404 is our 500', () => {
    // An AxiosError copies the downstream response's status onto itself.
    const axios = Object.assign(new Error('Request failed with status code 401'), {
      name: 'AxiosError',
      code: 'ERR_BAD_REQUEST',
      status: 401,
      isAxiosError: true,
      response: { status: 401, data: { error: 'invalid_token' } },
    });
    expect(statusOf(axios)).toBeUndefined();
    expect(classifySeverity(axios)).toBe('high');
    // got's HTTPError and fetch wrappers keep the downstream response as `response`.
    const got = Object.assign(new Error('Response code 404 (Not Found)'), { name: 'HTTPError', response: { statusCode: 404 } });
    expect(statusOf(got)).toBeUndefined();
    expect(statusOf(Object.assign(new Error('x'), { status: 403, isAxiosError: true }))).toBeUndefined();
  });

  it('honours an app\'s own status as Express\'s finalhandler and Koa do (400–599 only)', () => {
    expect(statusOf(Object.assign(new Error('x'), { status: 404 }))).toBe(404);
    expect(classifySeverity(Object.assign(new Error('x'), { statusCode: 404 }))).toBe('low');
    expect(classifySeverity(Object.assign(new Error('forbidden'), { status: 403 }))).toBe('medium');
    expect(statusOf({ status: 404, message: 'thrown plain object' })).toBe(404);
    expect(statusOf(Object.assign(new Error('x'), { status: 302 }))).toBeUndefined();
    expect(statusOf(Object.assign(new Error('x'), { status: '404' }))).toBeUndefined();
    expect(statusOf(Object.assign(new Error('x'), { status: 200, statusCode: 502 }))).toBe(502);
  });

  it('honours http-errors (expose is a boolean) and Fastify (FST_ code) statuses, and Faultline errors\' own', () => {
    const bodyParser = Object.assign(new Error('request entity too large'), { expose: true, status: 413, statusCode: 413, type: 'entity.too.large' });
    expect(statusOf(bodyParser)).toBe(413);
    expect(classifySeverity(bodyParser)).toBe('low');
    const unavailable = Object.assign(new Error('Service Unavailable'), { expose: false, status: 503, statusCode: 503 });
    expect(statusOf(unavailable)).toBe(503);
    expect(classifySeverity(unavailable)).toBe('high');
    const fastify = Object.assign(new Error('Unsupported Media Type: text/csv'), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 });
    expect(statusOf(fastify)).toBe(415);
    expect(classifySeverity(fastify)).toBe('low');
        expect(statusOf(new NotFoundError())).toBe(404);
    expect(statusOf(new FaultlineError('x', { status: 409, expose: false }))).toBe(409);
  });

  it('treats unknown errors and thrown non-errors as high', () => {
    for (const value of [new TypeError('x'), 'boom', null, undefined, 42, { status: 'nope' }]) {
      expect(classifySeverity(value)).toBe('high');
    }
  });

  it('prefers an explicit instance value, then a class value, over rules and status', () => {
    const rules: SeverityRule[] = [{ status: 404, severity: 'high' }];
    expect(classifySeverity(new NotFoundError('x', { severity: 'critical' }), { rules })).toBe('critical');
    expect(classifySeverity(new PaymentDeclined('no'), { rules: [{ code: 'CARD_DECLINED', severity: 'high' }] })).toBe('low');
    expect(classifySeverity(new NotFoundError('x'), { rules })).toBe('high');
  });

  it('applies the first matching rule; every condition of a rule must match', () => {
    const rules: SeverityRule[] = [
      { type: 'TypeError', message: /undefined/, severity: 'critical' },
      { code: 'ECONNREFUSED', severity: 'medium' },
      { status: [500, 503], type: 'FaultlineError', severity: 'medium' },
      { message: /deprecated/gi, severity: 'low' },
    ];
    expect(classifySeverity(new TypeError('x is undefined'), { rules })).toBe('critical');
    expect(classifySeverity(new TypeError('x is null'), { rules })).toBe('high');
    expect(classifySeverity(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }), { rules })).toBe('medium');
    expect(classifySeverity(new FaultlineError('x', { status: 503 }), { rules })).toBe('medium');
    expect(classifySeverity(new FaultlineError('x', { status: 504 }), { rules })).toBe('high');
    // A /g rule gives the same answer every time (no lastIndex state).
    expect([1, 2, 3].map(() => classifySeverity(new Error('Deprecated API'), { rules }))).toEqual(['low', 'low', 'low']);
  });

  it('matches rule types against the class name too', () => {
    class DbError extends Error {}
    expect(classifySeverity(new DbError('x'), { rules: [{ type: 'DbError', severity: 'critical' }] })).toBe('critical');
  });

  it('makes unhandled errors critical whatever else is said', () => {
    expect(classifySeverity(new NotFoundError('x', { severity: 'low' }), { unhandled: true })).toBe('critical');
    expect(classifySeverity('boom', { unhandled: true, rules: [{ severity: 'low' }] })).toBe('critical');
  });

  it('survives hostile errors and rules', () => {
    const trap = () => { throw new Error('trap'); };
    const proxy = new Proxy({}, { get: trap });
    expect(classifySeverity(proxy, { rules: [{ type: 'X', severity: 'low' }] })).toBe('high');
    const evil = { severity: 'low', get message(): RegExp { throw new Error('no'); } } as unknown as SeverityRule;
    expect(classifySeverity(new Error('x'), { rules: [evil, { severity: 'medium' }] })).toBe('medium');
    expect(classifySeverity(new Error('x'), { rules: [{ severity: 'bogus' as never }] })).toBe('high');
  });
});

describe('SEVERITY_NUMBER', () => {
  it('maps to OpenTelemetry log severity numbers INFO, WARN, ERROR, FATAL', () => {
    expect(SEVERITY_NUMBER).toEqual({ low: 9, medium: 13, high: 17, critical: 21 });
    expect(maxSeverity('medium', 'high')).toBe('high');
    expect(maxSeverity('critical', 'low')).toBe('critical');
  });
});
