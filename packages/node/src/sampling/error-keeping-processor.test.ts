import { SpanStatusCode, context, trace } from '@opentelemetry/api';
import { AlwaysOffSampler, AlwaysOnSampler, TracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import type { Sampler } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { ErrorKeepingSpanProcessor } from './error-keeping-processor';
import type { ErrorBufferLimits } from './error-keeping-processor';
import { ErrorKeepingSampler } from './error-sampler';

const LIMITS: ErrorBufferLimits = { maxTraces: 100, maxSpansPerTrace: 100, maxAgeMs: 60_000 };

function setup(inner: Sampler = new AlwaysOffSampler(), limits = LIMITS) {
  const exporter = new InMemorySpanExporter();
  const processor = new ErrorKeepingSpanProcessor(new SimpleSpanProcessor({ exporter: exporter }), limits);
  const provider = new TracerProvider({ sampler: new ErrorKeepingSampler(inner), spanProcessors: [processor] });
  const tracer = provider.getTracer('test');
  /** A root span with one child; the child fails when asked. */
  const request = (fail: boolean) => {
    const root = tracer.startSpan('GET /x');
    const child = tracer.startSpan('handler', {}, trace.setSpan(context.active(), root));
    if (fail) {
      child.recordException(new Error('boom'));
      child.setStatus({ code: SpanStatusCode.ERROR });
    }
    child.end();
    root.end();
    return root.spanContext().traceId;
  };
  return { exporter, processor, tracer, request };
}

describe('errors survive sampling', () => {
  it('records spans the sampler dropped, without marking them sampled', () => {
    const { tracer } = setup();
    const span = tracer.startSpan('x');
    expect(span.isRecording()).toBe(true);
    expect(span.spanContext().traceFlags & 1).toBe(0);
    span.end();
  });

  it('exports every span of an unsampled trace that failed, with its exception event, as sampled', () => {
    const { exporter, processor, request } = setup();
    const traceId = request(true);
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name).sort()).toEqual(['GET /x', 'handler']);
    expect(spans.every((s) => s.spanContext().traceId === traceId && (s.spanContext().traceFlags & 1) === 1)).toBe(true);
    expect(spans.find((s) => s.name === 'handler')?.events[0]?.name).toBe('exception');
    expect(processor.stats).toMatchObject({ keptTraces: 1, discardedTraces: 0 });
  });

  it('discards unsampled traces that did not fail, and counts them', () => {
    const { exporter, processor, request } = setup();
    for (let i = 0; i < 5; i += 1) request(false);
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    expect(processor.stats.discardedTraces).toBe(5);
  });

  it('passes sampled spans straight through', () => {
    const { exporter, processor, request } = setup(new AlwaysOnSampler());
    request(false);
    expect(exporter.getFinishedSpans()).toHaveLength(2);
    expect(processor.stats.discardedTraces).toBe(0);
  });

  it('bounds the buffer: the oldest undecided trace is evicted and counted', () => {
    const { exporter, processor, tracer } = setup(new AlwaysOffSampler(), { ...LIMITS, maxTraces: 2 });
    const roots = [1, 2, 3].map(() => tracer.startSpan('root'));
    for (const root of roots) tracer.startSpan('child', {}, trace.setSpan(context.active(), root)).end();
    expect(processor.stats.evictedTraces).toBe(1);
    for (const root of roots) root.end();
    expect(exporter.getFinishedSpans()).toHaveLength(0);
  });

  it('bounds the spans held per trace and counts the rest', () => {
    const { processor, tracer } = setup(new AlwaysOffSampler(), { ...LIMITS, maxSpansPerTrace: 3 });
    const root = tracer.startSpan('root');
    for (let i = 0; i < 10; i += 1) tracer.startSpan('child', {}, trace.setSpan(context.active(), root)).end();
    expect(processor.stats.droppedSpans).toBe(7);
    root.end();
  });

  it('exports a failed trace on flush even though its root never ended (a crash)', async () => {
    const { exporter, processor, tracer } = setup();
    const root = tracer.startSpan('GET /crash');
    const crash = tracer.startSpan('uncaughtException', {}, trace.setSpan(context.active(), root));
    crash.setStatus({ code: SpanStatusCode.ERROR });
    crash.end();
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    await processor.forceFlush();
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['uncaughtException']);
  });

  it('drops late spans of a discarded trace at once, but still exports a late failure', () => {
    const { exporter, processor, tracer } = setup();
    const root = tracer.startSpan('root');
    const parent = trace.setSpan(context.active(), root);
    const lateOk = tracer.startSpan('late-ok', {}, parent);
    const lateFailure = tracer.startSpan('late-failure', {}, parent);
    root.end();
    lateOk.end();
    lateFailure.setStatus({ code: SpanStatusCode.ERROR });
    lateFailure.end();
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['late-failure']);
    expect(processor.stats).toMatchObject({ discardedTraces: 1, keptTraces: 1, evictedTraces: 0 });
  });

  it('lets late spans of a kept trace follow it out', () => {
    const { exporter, tracer } = setup();
    const root = tracer.startSpan('root');
    const late = tracer.startSpan('late', {}, trace.setSpan(context.active(), root));
    root.setStatus({ code: SpanStatusCode.ERROR });
    root.end();
    late.end();
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['root', 'late']);
  });
});
