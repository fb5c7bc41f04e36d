// The decisions behind retries, without a network: what failed on the wire, what may be repeated, and
// which options are refused when the service is built.
import { describe, expect, it } from 'vitest';
import { isFaultlineError } from '@faultline/core';
import { communicationKind } from './failure-kind';
import { answerFailure, communicationFailure, failureFacts } from './outbound-failure';
import { safeToRepeat } from './retry-rules';
import { resolveServiceOptions } from './service-options';

const coded = (code: string) => Object.assign(new Error(code), { code });

describe('communicationKind', () => {
  it('reads the socket error through fetch\'s "fetch failed" TypeError', () => {
    const cases: Array<[unknown, string | undefined]> = [
      [new TypeError('fetch failed', { cause: coded('ECONNREFUSED') }), 'refused'],
      [new TypeError('fetch failed', { cause: coded('ENOTFOUND') }), 'dns'],
      [new TypeError('fetch failed', { cause: coded('UND_ERR_SOCKET') }), 'reset'],
      [new TypeError('fetch failed', { cause: coded('ERR_TLS_CERT_ALTNAME_INVALID') }), 'tls'],
      [new TypeError('fetch failed', { cause: coded('DEPTH_ZERO_SELF_SIGNED_CERT') }), 'tls'],
      [new DOMException('timed out', 'TimeoutError'), 'timeout'],
      [new TypeError('fetch failed'), 'other'],
      [new TypeError('Cannot read properties of undefined'), undefined],
      [coded('ERR_INVALID_URL'), undefined],
    ];
    expect(cases.map(([error]) => communicationKind(error))).toEqual(cases.map(([, kind]) => kind));
  });
});

describe('safeToRepeat', () => {
  it('idempotent methods yes; POST only with the idempotency header or when the caller says so', () => {
    expect(['GET', 'head', 'PUT', 'DELETE'].map((method) => safeToRepeat(method, undefined, 'idempotency-key', undefined))).toEqual([true, true, true, true]);
    expect(safeToRepeat('POST', { 'Content-Type': 'application/json' }, 'idempotency-key', undefined)).toBe(false);
    expect(safeToRepeat('POST', { 'Idempotency-Key': 'k1' }, 'idempotency-key', undefined)).toBe(true);
    expect(safeToRepeat('POST', new Headers({ 'idempotency-key': 'k1' }), 'idempotency-key', undefined)).toBe(true);
    expect(safeToRepeat('PATCH', [['Idempotency-Key', 'k']], 'idempotency-key', undefined)).toBe(true);
    expect(safeToRepeat('POST', undefined, 'idempotency-key', true)).toBe(true);
    expect(safeToRepeat('GET', undefined, 'idempotency-key', false)).toBe(false);
  });
});

describe('failure facts', () => {
  it('a refused connection is retried even for an unsafe call (nothing was sent); a reset is not', () => {
    const refused = communicationFailure('svc', new TypeError('fetch failed', { cause: coded('ECONNREFUSED') }), false);
    const reset = communicationFailure('svc', new TypeError('fetch failed', { cause: coded('ECONNRESET') }), false);
    expect([failureFacts(refused)?.retryable, failureFacts(reset)?.retryable]).toEqual([true, false]);
    expect(refused?.name).toBe('ExternalServiceError');
  });

  it('a 429 is retried whatever the method; a 4xx API answer never; Retry-After is kept', () => {
    const json = new Headers({ 'content-type': 'application/json', 'retry-after': '2' });
    const limited = answerFailure('svc', 429, json, '{"code":"SLOW_DOWN"}', false);
    const invalid = answerFailure('svc', 422, json, '{"code":"BAD"}', true);
    expect(failureFacts(limited)).toMatchObject({ retryable: true, retryAfterMs: 2000, outcome: 'api_error', unhealthy: false });
    expect(failureFacts(invalid)).toMatchObject({ retryable: false, unhealthy: false });
    expect(isFaultlineError(limited) && limited.name).toBe('RemoteError');
  });
});

describe('resolveServiceOptions', () => {
  it('fills the defaults and refuses bad names and options when the service is built', () => {
    expect(resolveServiceOptions('payments')).toMatchObject({ maxAttempts: 3, timeoutMs: 10_000, breaker: { consecutiveFailures: 5 }, idempotencyHeader: 'idempotency-key' });
    for (const [name, options] of [['has space', {}], ['ok', { maxAttempts: 0 }], ['ok', { timeoutMs: 1.5 }], ['ok', { breaker: 'on' }], ['ok', { idempotencyHeader: 'bad header' }]] as const) {
      expect(() => resolveServiceOptions(name, options as never)).toThrow(expect.objectContaining({ code: 'FAULTLINE_INVALID_OPTION' }));
    }
  });
});
