// holdEnd (held-end.ts): a span's end() waits for its failure's capture, keeps the time it was asked
// for, and the span is left as it was, with no closure of its own on it.
import { setFlagsFromString } from 'node:v8';
import { trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { beforeEach, expect, it } from 'vitest';
import { holdEnd } from './held-end';

const exporter = new InMemorySpanExporter();
const tracer = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }).getTracer('held-end-test');

beforeEach(() => exporter.reset());

// V8's own answer: whether the object still has a hidden class (not a dictionary of its properties); the
// natives syntax is accepted only by the parser, so the check is compiled from text.
setFlagsFromString('--allow-natives-syntax');
const hasFastProperties = new Function('object', 'return %HasFastProperties(object)') as (object: object) => boolean;

function ownFunctions(span: Span): string[] {
  return Object.entries(span).filter(([, value]) => typeof value === 'function').map(([key]) => key);
}

it('keeps the span recording past end() until released, then ends it at the time end() was asked for', () => {
  const span = tracer.startSpan('GET /orders', { startTime: [1_700_000_000, 0] });
  const release = holdEnd(span);
  span.end([1_700_000_000, 5]);
  expect(span.isRecording()).toBe(true);
  expect(exporter.getFinishedSpans()).toHaveLength(0);
  span.setAttribute('error.type', 'TypeError');
  release();
  const [ended] = exporter.getFinishedSpans();
  expect(ended?.endTime).toEqual([1_700_000_000, 5]);
  expect(ended?.attributes['error.type']).toBe('TypeError');
});

it('leaves the span with the end() it had and no function of its own, its properties still fast', () => {
  const span = tracer.startSpan('GET /orders');
  const before = ownFunctions(span);
  const other = tracer.startSpan('GET /users');
  const release = holdEnd(span);
  const releaseOther = holdEnd(other);
  // One shared stand-in, not a closure per span over the span (held-end.ts says why).
  expect(Object.prototype.hasOwnProperty.call(span, 'end')).toBe(true);
  expect(span.end).toBe(other.end);
  releaseOther();
  release();
  expect(ownFunctions(span).filter((name) => name !== 'end')).toEqual(before);
  expect(span.end).toBe(Object.getPrototypeOf(span).end);
  expect(hasFastProperties(span)).toBe(true);
  span.end();
  expect(exporter.getFinishedSpans()).toHaveLength(1);
});

it('restores an end() the span had as its own property (someone else wrapped it)', () => {
  const span = tracer.startSpan('GET /orders');
  const calls: unknown[] = [];
  const original = span.end.bind(span);
  const wrapped = (time?: Parameters<Span['end']>[0]): void => {
    calls.push(time);
    original(time);
  };
  span.end = wrapped;
  const release = holdEnd(span);
  span.end(42);
  expect(calls).toEqual([]);
  release();
  expect(span.end).toBe(wrapped);
  expect(calls).toEqual([42]);
  expect(exporter.getFinishedSpans()).toHaveLength(1);
});

it('does not end a span whose end() was never asked for, and a second hold does not stack', () => {
  const span = tracer.startSpan('GET /orders');
  const release = holdEnd(span);
  const again = holdEnd(span);
  again();
  span.end();
  expect(exporter.getFinishedSpans()).toHaveLength(0);
  release();
  expect(exporter.getFinishedSpans()).toHaveLength(1);
  expect(holdEnd(span)).toBeTypeOf('function');
});

it('steps aside for a sealed or frozen span (it ends when its owner ends it) and for one not recording', () => {
  const sealed = Object.seal(tracer.startSpan('GET /orders'));
  const release = holdEnd(sealed);
  sealed.end();
  expect(sealed.isRecording()).toBe(false);
  release();
  expect(exporter.getFinishedSpans()).toHaveLength(1);
  const frozen = Object.freeze(tracer.startSpan('GET /orders'));
  expect(() => holdEnd(frozen)()).not.toThrow();
  expect(frozen.end).toBe(Object.getPrototypeOf(frozen).end);
  const held = tracer.startSpan('GET /orders');
  holdEnd(held);
  const detached = held.end;
  expect(() => detached()).not.toThrow();
  const idle = trace.wrapSpanContext({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 0 });
  expect(() => holdEnd(idle)()).not.toThrow();
});
