import { describe, expect, it } from 'vitest';
import { describeError } from './describe';
import {
  AUTHENTICATION_DETAIL,
  AuthenticationError,
  CONFLICT_DETAIL,
  ConflictError,
  FaultlineError,
  NotFoundError,
  RateLimitError,
  RemoteError,
  ValidationError,
} from './errors';
import { toProblem } from './problem';

const REQUEST_ID = '2BZ-4QKA-XXK9-PKA7-KMJK-M70W-HSPY';
const production = { mode: 'production', requestId: REQUEST_ID } as const;
const development = { mode: 'development', requestId: REQUEST_ID } as const;

function internalError(): Error {
  const error = new Error('SELECT * FROM users WHERE email = \'a@example.com\' failed on db-1.prod.internal:5432', {
    cause: new Error('connection reset by /srv/app/node_modules/pg/lib/client.js'),
  });
  return error;
}

describe('toProblem in production', () => {
  it('shows an unexpected error as a bare 500 with the request ID: no message, stack, SQL, path, host or cause', () => {
    const problem = toProblem(internalError(), production);
    expect(problem).toEqual({ type: 'about:blank', title: 'Internal Server Error', status: 500, requestId: REQUEST_ID });
  });

  it('shows an exposed message, the code and the generic title', () => {
    expect(toProblem(new NotFoundError('Order 7 was not found.', { code: 'ORDER_NOT_FOUND' }), production)).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      requestId: REQUEST_ID,
      code: 'ORDER_NOT_FOUND',
      detail: 'Order 7 was not found.',
    });
  });

  it('never shows the message of a non-exposed Faultline error, but keeps its code', () => {
    const problem = toProblem(new FaultlineError('ledger row 991 locked by worker-3', { code: 'LEDGER_BUSY', status: 503 }), production);
    expect(problem).toEqual({ type: 'about:blank', title: 'Service Unavailable', status: 503, requestId: REQUEST_ID, code: 'LEDGER_BUSY' });
  });

  it('drops an exposed message that carries internals, and redacts what it shows', () => {
    for (const message of ['Cannot open /srv/app/config/secrets.json', 'relation "users" does not exist', 'upstream db-1.prod.internal:5432 refused', 'failed\n    at handler (src/x.ts:1:2)', 'SELECT id FROM orders failed']) {
      expect(toProblem(new NotFoundError(message), production).detail, message).toBeUndefined();
    }
    expect(toProblem(new NotFoundError('No invoice for alice@example.com'), production).detail).toBe('No invoice for [REDACTED:email]');
  });

  it('keeps ordinary exposed messages', () => {
    for (const message of ['Order 7 was not found.', 'Quantity must be between 1 and 99.', 'Try again after 10:30.', 'The coupon SPRING-24 has expired.', 'Upload a PNG or JPEG image.']) {
      expect(toProblem(new NotFoundError(message), production).detail, message).toBe(message);
    }
  });

  it('says the same thing for every authentication failure, and never names the conflicting field', () => {
    const reasons = ['no such user bob', 'wrong password for alice', 'token expired'];
    const details = reasons.map((reason) => toProblem(new AuthenticationError(reason), production).detail);
    expect(new Set(details)).toEqual(new Set([AUTHENTICATION_DETAIL]));
    const conflict = toProblem(new ConflictError('duplicate key value on users.email'), production);
    expect(conflict.detail).toBe(CONFLICT_DETAIL);
    expect(JSON.stringify(conflict)).not.toMatch(/email|users/);
  });

  it('answers the default code of a fixed-detail class in every mode, whatever custom code was given', () => {
    for (const options of [production, development, { mode: 'production', typeBaseUri: 'https://api.example.test/problems/' } as const]) {
      const missing = toProblem(new AuthenticationError('no such user bob', { code: 'USER_NOT_FOUND' }), options);
      const wrong = toProblem(new AuthenticationError('wrong password for alice', { code: 'BAD_PASSWORD' }), options);
      expect(missing.code).toBe('UNAUTHENTICATED');
      expect(wrong.code).toBe('UNAUTHENTICATED');
      expect(missing.type).toBe(wrong.type);
      const taken = toProblem(new ConflictError('email taken', { code: 'EMAIL_TAKEN' }), options);
      expect(taken.code).toBe('CONFLICT');
      expect(JSON.stringify(taken)).not.toMatch(/EMAIL_TAKEN|email-taken/);
    }
    // Spans and logs keep the custom code.
    expect(describeError(new AuthenticationError('no such user bob', { code: 'USER_NOT_FOUND' })).code).toBe('USER_NOT_FOUND');
    expect(describeError(new ConflictError('email taken', { code: 'EMAIL_TAKEN' })).code).toBe('EMAIL_TAKEN');
  });

  it('gives no code for a custom class with a fixed detail but no public code', () => {
    class LockedError extends FaultlineError {
      override get publicDetail(): string {
        return 'The account is locked.';
      }
    }
    const problem = toProblem(new LockedError('alice locked after 5 tries', { code: 'ALICE_LOCKED', status: 423, expose: true }), production);
    expect(problem).toEqual({ type: 'about:blank', title: 'Client Error', status: 423, requestId: REQUEST_ID, detail: 'The account is locked.' });
  });

  it('lists validation issues without the submitted values', () => {
    const error = new ValidationError('The order is invalid.', {
      issues: [{ path: ['items', 0, 'qty'], message: "Expected a number, received 'abc'", code: 'invalid_type', received: 'abc' }],
    });
    expect(toProblem(error, production)).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      requestId: REQUEST_ID,
      code: 'VALIDATION_FAILED',
      detail: 'The order is invalid.',
      errors: [{ path: 'items.0.qty', message: 'Expected a number, received [value]', code: 'invalid_type' }],
    });
  });

  it('includes retry information for 429', () => {
    expect(toProblem(new RateLimitError('Slow down.', { retryAfterSeconds: 30 }), production)).toMatchObject({ status: 429, retryAfter: 30, detail: 'Slow down.' });
  });

  it('keeps a foreign error status (body parsers) but never its message', () => {
    const tooBig = Object.assign(new Error('request entity too large: 10485761 bytes'), { status: 413, expose: true });
    expect(toProblem(tooBig, production)).toEqual({ type: 'about:blank', title: 'Content Too Large', status: 413, requestId: REQUEST_ID });
    const bodyParser = Object.assign(new Error('request entity too large'), { expose: true, status: 413, statusCode: 413, type: 'entity.too.large' });
    expect(toProblem(bodyParser, production).status).toBe(413);
    const unavailable = Object.assign(new Error('Service Unavailable'), { expose: false, status: 503, statusCode: 503 });
    expect(toProblem(unavailable, production)).toEqual({ type: 'about:blank', title: 'Service Unavailable', status: 503, requestId: REQUEST_ID });
    const fastify = Object.assign(new Error('Unsupported Media Type: text/csv'), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 });
    expect(toProblem(fastify, production)).toEqual({ type: 'about:blank', title: 'Unsupported Media Type', status: 415, requestId: REQUEST_ID });
  });

  it("answers 500 for a dependency's error that merely carries a status (an AxiosError's 401 or 404 is not our client's)", () => {
    for (const status of [401, 404]) {
      const axios = Object.assign(new Error(`Request failed with status code ${status}`), {
        name: 'AxiosError',
        code: 'ERR_BAD_REQUEST',
        status,
        response: { status, headers: {}, data: { message: 'no such user alice' } },
      });
      expect(toProblem(axios, production)).toEqual({ type: 'about:blank', title: 'Internal Server Error', status: 500, requestId: REQUEST_ID });
    }
  });

  it('never exposes a RemoteError', () => {
    const remote = new RemoteError('payments said: card 4111 declined at 10.0.0.7', { remoteStatus: 402, remoteCode: 'CARD_DECLINED', service: 'payments' });
    expect(toProblem(remote, production)).toEqual({ type: 'about:blank', title: 'Bad Gateway', status: 502, requestId: REQUEST_ID, code: 'REMOTE_ERROR' });
  });

  it('answers hostile values and bad request IDs with a safe problem', () => {
    const trap = () => {
      throw new Error('trap');
    };
    for (const value of [null, undefined, 'x', 42, new Proxy({}, { get: trap, getPrototypeOf: trap })]) {
      expect(toProblem(value, { mode: 'production', requestId: 'x\r\n<script>' })).toEqual({ type: 'about:blank', title: 'Internal Server Error', status: 500 });
    }
  });

  it('can build problem type URIs from codes', () => {
    expect(toProblem(new NotFoundError('x', { code: 'ORDER_NOT_FOUND' }), { mode: 'production', typeBaseUri: 'https://api.example.test/problems/' }).type).toBe(
      'https://api.example.test/problems/order-not-found',
    );
  });
});

describe('toProblem in development', () => {
  it('adds the redacted message, stack and cause chain', () => {
    const problem = toProblem(internalError(), development);
    expect(problem).toMatchObject({ status: 500, title: 'Internal Server Error', requestId: REQUEST_ID });
    expect(problem.detail).toBe("SELECT * FROM users WHERE email = '[REDACTED:email]' failed on db-1.prod.internal:5432");
    const exception = problem.exception as { type: string; stack: string };
    expect(exception.type).toBe('Error');
    expect(exception.stack).toMatch(/^Error: SELECT[^\n]*\n {4}at /);
    expect(problem.causes).toEqual([{ path: 'cause', type: 'Error', message: 'connection reset by /srv/app/node_modules/pg/lib/client.js' }]);
  });

  it('shows the internal message of exposed-detail classes to developers, redacted, and the details', () => {
    const problem = toProblem(new AuthenticationError('wrong password for alice@example.com', { details: { password: 'hunter2', attempts: 3 } }), development);
    expect(problem.detail).toBe('wrong password for [REDACTED:email]');
    expect(problem.details).toEqual({ password: '[REDACTED:password]', attempts: 3 });
  });

  it('turns BigInt values in details into strings, so the body always serialises', () => {
    const error = new NotFoundError('Order 7 was not found.', {
      details: { orderId: 9007199254740993n, nested: { ids: [1n, 2n], at: { shard: 3n } }, count: 2, secretToken: 12n },
    });
    for (const options of [development, production]) {
      const problem = toProblem(error, options);
      expect(() => JSON.stringify(problem)).not.toThrow();
    }
    const problem = toProblem(error, development);
    expect(problem.status).toBe(404);
    expect(problem.details).toEqual({
      orderId: '9007199254740993',
      nested: { ids: ['1', '2'], at: { shard: '3' } },
      count: 2,
      secretToken: '[REDACTED:token]',
    });
    expect(error.details).toEqual({ orderId: 9007199254740993n, nested: { ids: [1n, 2n], at: { shard: 3n } }, count: 2, secretToken: 12n });
  });

  it('keeps a remote message and stack out even in development', () => {
    const remote = new RemoteError('payments said: internal stack at /opt/pay/x.js', { remoteStatus: 500, remoteCode: 'E_INTERNAL', service: 'payments' });
    const problem = toProblem(remote, development);
    expect(problem).toEqual({
      type: 'about:blank',
      title: 'Bad Gateway',
      status: 502,
      requestId: REQUEST_ID,
      code: 'REMOTE_ERROR',
      remote: { status: 500, code: 'E_INTERNAL', service: 'payments' },
    });
  });
});
