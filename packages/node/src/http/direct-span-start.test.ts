// A span started directly is the span the SDK's Tracer.startSpan makes from the same input: what the
// sampler and the span processors see, the ids, flags and parent, and what is exported; the SDK's own path
// where limits apply, the context is suppressed or the sampler drops the span.
import { ROOT_CONTEXT, SpanKind, TraceFlags, context, trace } from '@opentelemetry/api';
import type { Attributes, Context, Span } from '@opentelemetry/api';
import { TraceState, suppressTracing } from '@opentelemetry/core';
import { InMemorySpanExporter, SamplingDecision, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { ReadableSpan, Sampler, SamplingResult, SpanLimits, SpanProcessor } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { startSpanDirectly, startsDirectly } from './direct-span-start';

const PARENT = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED, traceState: new TraceState('a=1') };

/** Remembers what it was asked; answers `result`. */
class SeeingSampler implements Sampler {
  readonly seen: Attributes[] = [];
  constructor(private readonly result: SamplingResult = { decision: SamplingDecision.RECORD_AND_SAMPLED }) {}
  shouldSample(_context: Context, _traceId: string, _name: string, _kind: SpanKind, attributes: Attributes): SamplingResult {
    this.seen.push({ ...attributes });
    return this.result;
  }
  toString(): string {
    return 'SeeingSampler';
  }
}

/** Remembers the attributes each span had when it started. */
class StartSeer implements SpanProcessor {
  readonly started: Attributes[] = [];
  onStart(span: Span): void {
    this.started.push({ ...(span as unknown as ReadableSpan).attributes });
  }
  onEnd(): void {}
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

function setup(options: { result?: SamplingResult; spanLimits?: SpanLimits } = {}) {
  const exporter = new InMemorySpanExporter();
  const sampler = new SeeingSampler(options.result);
  const seer = new StartSeer();
  const provider = new TracerProvider({ sampler, spanLimits: options.spanLimits, spanProcessors: [seer, new SimpleSpanProcessor({ exporter })] });
  return { exporter, sampler, seer, tracer: provider.getTracer('direct-span-start-test') };
}

const attributes = (): Attributes => ({ 'http.request.method': 'GET', 'url.path': '/orders', 'network.peer.port': 4711, 'http.request.header.accept': ['text/html'] });
const parent = (): Context => trace.setSpanContext(ROOT_CONTEXT, PARENT);

/** The exported span, without what differs between two spans by nature (ids, times). */
function shape(span: ReadableSpan) {
  return {
    name: span.name,
    kind: span.kind,
    attributes: span.attributes,
    traceId: span.spanContext().traceId,
    traceFlags: span.spanContext().traceFlags,
    traceState: span.spanContext().traceState?.serialize(),
    parent: span.parentSpanContext?.spanId,
    status: span.status,
    links: span.links,
    droppedAttributesCount: span.droppedAttributesCount,
    resource: span.resource,
    scope: span.instrumentationScope,
  };
}

/** One span the SDK's way (it also tells the span class), then one directly; both ended and exported. */
function both(env: ReturnType<typeof setup>, ctx = parent(), startTime?: number): [ReadableSpan, ReadableSpan] {
  startSpanDirectly(env.tracer, 'GET', SpanKind.SERVER, attributes(), ctx, startTime).end();
  startSpanDirectly(env.tracer, 'GET', SpanKind.SERVER, attributes(), ctx, startTime).end();
  const [first, second] = env.exporter.getFinishedSpans();
  return [first as ReadableSpan, second as ReadableSpan];
}

describe('startSpanDirectly', () => {
  it('starts directly on this SDK (its internals recognised, an upgrade that changes them fails here)', () => {
    const env = setup();
    both(env);
    expect(startsDirectly(env.tracer)).toBe(true);
    // Taken as given, not validated into a copy.
    const given = attributes();
    const span = startSpanDirectly(env.tracer, 'GET', SpanKind.SERVER, given, parent());
    expect((span as unknown as ReadableSpan).attributes).toBe(given);
  });

  it('makes the span the SDK makes: sampler, processors, parent, flags, trace state and export alike', () => {
    const env = setup();
    const [bySdk, direct] = both(env);
    expect(shape(direct)).toEqual(shape(bySdk));
    expect(direct.attributes).toEqual(attributes());
    expect(direct.parentSpanContext?.spanId).toBe(PARENT.spanId);
    expect(direct.spanContext().traceState?.serialize()).toBe('a=1');
    expect(direct.spanContext().spanId).not.toBe(bySdk.spanContext().spanId);
    expect(env.sampler.seen).toEqual([attributes(), attributes()]);
    expect(env.seer.started).toEqual([attributes(), attributes()]);
  });

  it('starts a new trace without a parent, and keeps the start time asked for', () => {
    const env = setup();
    const startTime = performance.now() - 1500;
    const [bySdk, direct] = both(env, ROOT_CONTEXT, startTime);
    expect(direct.parentSpanContext).toBeUndefined();
    expect(direct.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(direct.spanContext().traceId).not.toBe(bySdk.spanContext().traceId);
    expect(direct.duration[0]).toBeGreaterThanOrEqual(1);
  });

  it('keeps later attributes validated as before', () => {
    const env = setup();
    both(env);
    const span = startSpanDirectly(env.tracer, 'GET', SpanKind.SERVER, attributes(), parent());
    span.setAttribute('bad', { nested: () => 1 } as never);
    span.setAttribute('http.response.status_code', 200);
    span.end();
    const exported = env.exporter.getFinishedSpans()[2] as ReadableSpan;
    expect(exported.attributes).toEqual({ ...attributes(), 'http.response.status_code': 200 });
  });

  it('adds and validates a sampler\'s own attributes as the SDK does', () => {
    const env = setup({ result: { decision: SamplingDecision.RECORD_AND_SAMPLED, attributes: { 'sampler.rule': 'kept', 'sampler.bad': undefined } } });
    const [bySdk, direct] = both(env);
    expect(shape(direct)).toEqual(shape(bySdk));
    expect(direct.attributes['sampler.rule']).toBe('kept');
    expect('sampler.bad' in direct.attributes).toBe(false);
  });

  it('applies the provider\'s attribute limits (value length, count) by the SDK\'s own path', () => {
    const env = setup({ spanLimits: { attributeValueLengthLimit: 3, attributeCountLimit: 2 } });
    const [bySdk, direct] = both(env);
    expect(shape(direct)).toEqual(shape(bySdk));
    expect(direct.attributes).toEqual({ 'http.request.method': 'GET', 'url.path': '/or' });
    expect(direct.droppedAttributesCount).toBe(2);
  });

  it('answers a sampler\'s drop and a suppressed context with a span that records nothing', () => {
    const dropped = setup({ result: { decision: SamplingDecision.NOT_RECORD } });
    const span = startSpanDirectly(dropped.tracer, 'GET', SpanKind.SERVER, attributes(), parent());
    expect(span.isRecording()).toBe(false);
    expect(span.spanContext().traceId).toBe(PARENT.traceId);
    expect(span.spanContext().traceFlags).toBe(TraceFlags.NONE);
    const env = setup();
    both(env);
    const suppressed = startSpanDirectly(env.tracer, 'GET', SpanKind.SERVER, attributes(), suppressTracing(context.active()));
    expect(suppressed.isRecording()).toBe(false);
    expect(trace.isSpanContextValid(suppressed.spanContext())).toBe(false);
  });
  it('leaves a tracer whose startSpan was replaced, or one that is not this SDK copy\'s, to its own startSpan every time', () => {
    const env = setup();
    const original = env.tracer.startSpan.bind(env.tracer);
    Object.assign(env.tracer, { startSpan: (...args: Parameters<typeof original>) => {
      const span = original(...args);
      span.setAttribute('wrapped', true);
      return span;
    } });
    both(env);
    expect(env.exporter.getFinishedSpans().map((span) => span.attributes['wrapped'])).toEqual([true, true]);
    expect(startsDirectly(env.tracer)).toBe(false);

    const inner = setup();
    let calls = 0;
    const wrapper = { startSpan: (...args: Parameters<typeof original>) => (calls++, inner.tracer.startSpan(...args)), startActiveSpan: inner.tracer.startActiveSpan.bind(inner.tracer) };
    startSpanDirectly(wrapper, 'GET', SpanKind.SERVER, attributes(), parent()).end();
    startSpanDirectly(wrapper, 'GET', SpanKind.SERVER, attributes(), parent()).end();
    expect(calls).toBe(2);
    expect(startsDirectly(wrapper)).toBe(false);
  });

  it('gives the sampler its own copy: what it writes there is validated as the SDK does, what it keeps never sees the span\'s later attributes', () => {
    const kept: Attributes[] = [];
    const writing: Sampler = {
      shouldSample(_context, _traceId, _name, _kind, given) {
        kept.push(given);
        Object.assign(given, { 'sampler.ok': 'yes', 'sampler.fn': (() => 1) as never });
        return { decision: SamplingDecision.RECORD_AND_SAMPLED };
      },
      toString: () => 'WritingSampler',
    };
    const exporter = new InMemorySpanExporter();
    const tracer = new TracerProvider({ sampler: writing, spanProcessors: [new SimpleSpanProcessor({ exporter })] }).getTracer('t');
    startSpanDirectly(tracer, 'GET', SpanKind.SERVER, attributes(), parent()).end();
    const span = startSpanDirectly(tracer, 'GET', SpanKind.SERVER, attributes(), parent());
    span.setAttribute('later', 1);
    span.end();
    const [bySdk, direct] = exporter.getFinishedSpans() as [ReadableSpan, ReadableSpan];
    expect(startsDirectly(tracer)).toBe(true);
    expect(direct.attributes).toEqual({ ...bySdk.attributes, later: 1 });
    expect(direct.attributes['sampler.ok']).toBe('yes');
    expect('sampler.fn' in direct.attributes).toBe(false);
    expect('later' in (kept[1] as Attributes)).toBe(false);
  });
  it('leaves spans to a startSpan wrapper put on the SDK\'s Tracer prototype, while it is there', () => {
    const env = setup();
    both(env);
    const prototype = Object.getPrototypeOf(env.tracer) as { startSpan: (...args: unknown[]) => Span };
    const original = prototype.startSpan;
    prototype.startSpan = function wrapped(this: unknown, ...args: unknown[]) {
      const span = original.apply(this, args);
      span.setAttribute('wrapped', true);
      return span;
    };
    try {
      expect(startsDirectly(env.tracer)).toBe(false);
      startSpanDirectly(env.tracer, 'GET', SpanKind.SERVER, attributes(), parent()).end();
      expect(env.exporter.getFinishedSpans()[2]?.attributes['wrapped']).toBe(true);
    } finally {
      prototype.startSpan = original;
    }
    expect(startsDirectly(env.tracer)).toBe(true);
  });

  it('lets a span processor\'s throw out as the SDK does, starting nothing twice and keeping the direct start', () => {
    let throwNext = false;
    const calls = { start: 0 };
    const throwing: SpanProcessor = {
      onStart: () => {
        calls.start++;
        if (throwNext) throw new Error('processor failed');
      },
      onEnd: () => undefined,
      forceFlush: async () => undefined,
      shutdown: async () => undefined,
    };
    const tracer = new TracerProvider({ spanProcessors: [throwing] }).getTracer('t');
    startSpanDirectly(tracer, 'GET', SpanKind.SERVER, attributes(), parent()).end();
    throwNext = true;
    expect(() => startSpanDirectly(tracer, 'GET', SpanKind.SERVER, attributes(), parent())).toThrow('processor failed');
    expect(calls.start).toBe(2);
    throwNext = false;
    expect(startsDirectly(tracer)).toBe(true);
  });
});
