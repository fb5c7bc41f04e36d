import { describe, expect, it } from 'vitest';
import { classifyAnswer, isJsonMediaType, parseRetryAfter } from './remote-answer';

describe('classifyAnswer', () => {
  it('a problem+json body is the API answering: code, request ID and message taken from it', () => {
    const answer = classifyAnswer({
      status: 409,
      contentType: 'application/problem+json; charset=utf-8',
      body: JSON.stringify({ title: 'Conflict', detail: 'email taken', code: 'EMAIL_TAKEN', requestId: 'r-1' }),
    });
    expect(answer).toEqual({ kind: 'api', status: 409, code: 'EMAIL_TAKEN', requestId: 'r-1', message: 'email taken' });
  });

  it('prefers the X-Request-ID header, and reads a nested error object', () => {
    const answer = classifyAnswer({
      status: 500,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'E_DB', message: 'db down' }, requestId: 'body-id' }),
      requestIdHeader: 'header-id',
    });
    expect(answer).toMatchObject({ kind: 'api', code: 'E_DB', requestId: 'header-id', message: 'db down' });
  });

  it('an HTML page, an empty body, broken JSON or a JSON array is not the API answering', () => {
    for (const [contentType, body] of [['text/html', '<h1>502</h1>'], ['application/json', ''], ['application/json', '{"x":'], ['application/json', '[1]'], [null, '{"code":"X"}']] as const) {
      expect(classifyAnswer({ status: 502, contentType, body }).kind).toBe('not_api');
    }
  });

  it('keeps a remote code or request ID only when it is a plain token, and cuts a long message', () => {
    const answer = classifyAnswer({
      status: 400,
      contentType: 'application/json',
      body: JSON.stringify({ code: 'has space<script>', requestId: 'bad id\nX-Injected: 1', message: 'm'.repeat(1000) }),
    });
    expect(answer.code).toBeUndefined();
    expect(answer.requestId).toBeUndefined();
    expect(answer.message).toHaveLength(300);
  });
});

describe('isJsonMediaType', () => {
  it('accepts application/json and any +json type, nothing else', () => {
    expect(['application/json', 'application/problem+json', 'application/vnd.api+json;charset=utf-8'].map(isJsonMediaType)).toEqual([true, true, true]);
    expect(['text/html', 'text/json', 'application/jsonx', undefined, null].map(isJsonMediaType)).toEqual([false, false, false, false, false]);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, and ignores anything else', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect([parseRetryAfter('-1', now), parseRetryAfter('soon', now), parseRetryAfter('1.5', now), parseRetryAfter(undefined, now)]).toEqual([undefined, undefined, undefined, undefined]);
  });
});
