import { INVALID_SPAN_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { TracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from './errors';
import { fingerprint } from './fingerprint';
import { recordError } from './record';

const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: exporter })] });
const tracer = provider.getTracer('faultline-test');
afterEach(() => exporter.reset());

function onSpan(fn: (span: Span) => void): ReadableSpan {
  const span = tracer.startSpan('operation');
  fn(span);
  span.end();
  const spans = exporter.getFinishedSpans();
  return spans[spans.length - 1] as ReadableSpan;
}

function exceptionEvents(span: ReadableSpan) {
  return span.events.filter((event) => event.name === 'exception');
}

// Fake credentials, shaped like real ones so the redactor has something to find.
const DB_URL = 'postgres://admin:Sup3rSecretPw@db.example.test:5432/orders';
const TOKEN = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';

describe('recordError', () => {
  it('adds one exception event per semantic conventions, every value redacted', () => {
    const error = new Error(`connect to ${DB_URL} failed using ${TOKEN}`);
    error.stack = `${error.stack}\n    at boot (/home/alice/app/src/db.js:3:7)`;
    const span = onSpan((s) => recordError(s, error));
    const [event] = exceptionEvents(span);
    const attributes = event?.attributes ?? {};
    expect(attributes['exception.type']).toBe('Error');
    const message = String(attributes['exception.message']);
    expect(message).toMatch(/^connect to postgres:\/\/admin:\[REDACTED:\w+\].* failed using \[REDACTED:github_token\]$/);
    const stack = String(attributes['exception.stacktrace']);
    expect(stack.startsWith(`Error: ${String(attributes['exception.message'])}\n    at `)).toBe(true);
    expect(stack).toContain('record.test.ts');
    expect(stack).toContain('/home/[REDACTED:user_path]/app/src/db.js:3:7');
    expect(JSON.stringify(span.events)).not.toMatch(/Sup3rSecretPw|ghp_abc|alice/);
  });

  it('marks the span: error.type, faultline.* attributes, status ERROR with a short redacted description', () => {
    const error = new NotFoundError(`no order for ${TOKEN} ${'x'.repeat(300)}`, { code: 'ORDER_NOT_FOUND' });
    const span = onSpan((s) => recordError(s, error, { requestId: '2BZ-4QKA-XXK9-PKA7-KMJK-M70W-HSPY' }));
    expect(span.attributes).toMatchObject({
      'error.type': 'NotFoundError',
      'faultline.severity': 'low',
      'faultline.fingerprint': fingerprint(error),
      'faultline.error.code': 'ORDER_NOT_FOUND',
      'faultline.error.status': 404,
      'faultline.error.unhandled': false,
      'faultline.request_id': '2BZ-4QKA-XXK9-PKA7-KMJK-M70W-HSPY',
    });
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.status.message).toMatch(/^NotFoundError: no order for \[REDACTED:github_token\] x+…$/);
    expect(span.status.message?.length).toBe(120);
    expect(exceptionEvents(span)[0]?.attributes).toMatchObject({ 'faultline.severity': 'low', 'faultline.error.status': 404 });
  });

  it('timestamps the exception event with the time it is given (a failure recorded later), else now', () => {
    const failedAt = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678));
    const given = onSpan((s) => recordError(s, new Error('recorded later'), { time: failedAt }));
    expect(exceptionEvents(given)[0]?.time).toEqual([Math.floor(failedAt.getTime() / 1000), 678_000_000]);
    const before = Date.now();
    const now = onSpan((s) => recordError(s, new Error('recorded at once')));
    const [seconds] = exceptionEvents(now)[0]?.time ?? [0];
    expect(seconds).toBeGreaterThanOrEqual(Math.floor(before / 1000));
  });

    it('returns the summary it recorded', () => {
    let summary: ReturnType<typeof recordError> | undefined;
    onSpan((s) => (summary = recordError(s, new ValidationError('bad input'), { unhandled: true })));
    expect(summary).toMatchObject({ type: 'ValidationError', message: 'bad input', severity: 'critical', status: 400, code: 'VALIDATION_FAILED', unhandled: true });
  });

  it('records the same error once per span, strings included', () => {
    const error = new Error('once');
    const span = onSpan((s) => {
      recordError(s, error);
      recordError(s, error);
      recordError(s, 'thrown string');
      recordError(s, 'thrown string');
    });
    expect(exceptionEvents(span).map((event) => event.attributes?.['exception.message'])).toEqual(['once', 'thrown string']);
    const other = onSpan((s) => recordError(s, error));
    expect(exceptionEvents(other)).toHaveLength(1);
  });

  it('tracks what it recorded without changing what the span shows, also on a span object that takes no property', () => {
    const error = new Error('once');
    const span = tracer.startSpan('operation');
    const keys = Object.keys(span);
    recordError(span, error);
    expect(Object.keys(span)).toEqual(keys);
    // A copy of the span (what an exporter or processor may make) carries nothing of it.
    expect(Object.getOwnPropertySymbols({ ...span })).toEqual([]);

    const events: string[] = [];
    const frozen = Object.freeze({
      spanContext: () => INVALID_SPAN_CONTEXT,
      isRecording: () => true,
      addEvent: (name: string) => events.push(name),
      setAttributes: () => undefined,
      setStatus: () => undefined,
    }) as unknown as Span;
    recordError(frozen, error);
    recordError(frozen, error);
    expect(events).toEqual(['exception']);
  });

  it('keeps the span attributes of the most severe error, and escalates a repeat that turns out unhandled', () => {
    const notFound = new NotFoundError('missing');
    const crash = new TypeError('boom');
    const span = onSpan((s) => {
      recordError(s, notFound);
      recordError(s, crash);
      recordError(s, new NotFoundError('later'));
      recordError(s, crash, { unhandled: true });
    });
    expect(exceptionEvents(span)).toHaveLength(3);
    expect(span.attributes).toMatchObject({ 'error.type': 'TypeError', 'faultline.severity': 'critical', 'faultline.error.unhandled': true });
  });

  it('records the cause chain and AggregateError members on the same event', () => {
    const root = Object.assign(new RangeError(`pool exhausted at ${DB_URL}`), { code: 'E_POOL' });
    const middle = new Error('query failed', { cause: root });
    const aggregate = new AggregateError([new Error('replica 1 down'), 'replica 2 said no'], 'all replicas failed', { cause: middle });
    const top = new Error('checkout failed', { cause: aggregate });
    const attributes = exceptionEvents(onSpan((s) => recordError(s, top)))[0]?.attributes ?? {};
    expect(attributes['faultline.cause.count']).toBe(5);
    const causes = [1, 2, 3, 4, 5].map((i) => [attributes[`faultline.cause.${i}.path`], attributes[`faultline.cause.${i}.type`], attributes[`faultline.cause.${i}.message`]]);
    expect(causes).toEqual([
      ['cause', 'AggregateError', 'all replicas failed'],
      ['cause.cause', 'Error', 'query failed'],
      ['cause.cause.cause', 'RangeError', expect.stringMatching(/^pool exhausted at postgres:\/\/admin:\[REDACTED:\w+\]/)],
      ['cause.errors[0]', 'Error', 'replica 1 down'],
      ['cause.errors[1]', 'ThrownValueError', 'replica 2 said no'],
    ]);
    expect(String(attributes['faultline.cause.3.stacktrace'])).toMatch(/^RangeError: pool exhausted[^\n]*\n {4}at /);
    expect(attributes['faultline.cause.5.stacktrace']).toBeUndefined();
    expect([attributes['faultline.cause.3.code'], attributes['faultline.cause.1.code']]).toEqual(['E_POOL', undefined]);
    expect(JSON.stringify(attributes)).not.toContain('Sup3rSecretPw');
  });

  it('bounds the cause chain in depth and count, and survives cycles', () => {
    let deep: Error = new Error('level 0');
    for (let level = 1; level <= 20; level += 1) deep = new Error(`level ${level}`, { cause: deep });
    const deepAttrs = exceptionEvents(onSpan((s) => recordError(s, deep)))[0]?.attributes ?? {};
    expect([deepAttrs['faultline.cause.count'], deepAttrs['faultline.cause.dropped']]).toEqual([5, 1]);
    expect(deepAttrs['faultline.cause.5.message']).toBe('level 15');

    const wide = new AggregateError(Array.from({ length: 1000 }, (_, i) => new Error(`member ${i}`)), 'many');
    const wideAttrs = exceptionEvents(onSpan((s) => recordError(s, wide)))[0]?.attributes ?? {};
    expect([wideAttrs['faultline.cause.count'], wideAttrs['faultline.cause.dropped']]).toEqual([10, 990]);

    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    const cycleAttrs = exceptionEvents(onSpan((s) => recordError(s, a)))[0]?.attributes ?? {};
    expect([cycleAttrs['faultline.cause.count'], cycleAttrs['faultline.cause.1.message']]).toEqual([1, 'b']);
  });

  it('never throws on a non-recording, throwing or missing span, and still returns the summary', () => {
    const nonRecording = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
    expect(recordError(nonRecording, new Error('x')).message).toBe('x');
    const trap = () => {
      throw new Error('span broke');
    };
    const throwing = { isRecording: () => true, addEvent: trap, setAttribute: trap, setStatus: trap } as unknown as Span;
    expect(recordError(throwing, new Error('y')).message).toBe('y');
    expect(recordError(null as unknown as Span, new Error('z')).message).toBe('z');
    const ended = tracer.startSpan('ended');
    ended.end();
    expect(() => recordError(ended, new Error('late'))).not.toThrow();
  });

  it('records hostile thrown values', () => {
    const trap = () => {
      throw new Error('trap');
    };
    const proxy = new Proxy({}, { get: trap, ownKeys: trap, getPrototypeOf: trap });
    const span = onSpan((s) => {
      recordError(s, proxy);
      recordError(s, null);
      recordError(s, Object.defineProperty(new Error('x'), 'message', { get: trap }));
    });
    expect(exceptionEvents(span).map((event) => event.attributes?.['exception.type'])).toEqual(['ThrownValueError', 'ThrownValueError', 'ThrownValueError']);
  });
});
