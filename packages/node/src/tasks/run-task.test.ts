// The task API on a real tracer provider: span per run (and per attempt), run ID from the trace ID,
// failures recorded and logged once, retries with backoff through cockatiel, permanent failures not retried.
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { getRPCMetadata, RPCType, setRPCMetadata } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { parseRequestId, ValidationError } from '@faultline/core';
import { afterAll, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { getRequestId } from '../http/request-context';
import { runTask, taskHandler } from './run-task';

const logged = vi.hoisted(() => [] as { requestId?: string; source: string; severity: string }[]);
vi.mock('../capture/failure-log', () => ({
  logFailure: (summary: { severity: string }, ctx: { requestId?: string; source: string }) => logged.push({ ...ctx, severity: summary.severity }),
}));

const exporter = new InMemorySpanExporter();
const contextManager = new AsyncLocalStorageContextManager();

beforeAll(() => {
  trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }));
  context.setGlobalContextManager(contextManager.enable());
});
afterAll(() => {
  trace.disable();
  context.disable();
});
beforeEach(() => {
  exporter.reset();
  logged.length = 0;
});

const spans = () => exporter.getFinishedSpans();
const named = (name: string) => spans().find((s) => s.name === name);

it('runs the work in a span of its own whose run ID is the trace ID, visible to the work and its logs', async () => {
  let seen: { runId?: string; logged?: string } = {};
  const value = await runTask('nightly-report', (run) => {
    seen = { runId: run.runId, logged: getRequestId() };
    return 42;
  });
  expect(value).toBe(42);
  const span = named('nightly-report')!;
  expect(span.kind).toBe(SpanKind.INTERNAL);
  expect(seen.runId).toBeDefined();
  expect(seen.logged).toBe(seen.runId);
  expect(parseRequestId(seen.runId!)).toBe(span.spanContext().traceId);
  expect(span.attributes['faultline.request_id']).toBe(seen.runId);
  expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
  expect(logged).toEqual([]);
});

it('records a failure on the task span, logs it once with the run ID, and rethrows it', async () => {
  const boom = new Error('report store unreachable');
  await expect(runTask('nightly-report', () => Promise.reject(boom))).rejects.toBe(boom);
  const span = named('nightly-report')!;
  expect(span.status.code).toBe(SpanStatusCode.ERROR);
  expect(span.events.filter((e) => e.name === 'exception')).toHaveLength(1);
  expect(span.attributes['faultline.fingerprint']).toEqual(expect.any(String));
  // The task span is sampled and holds the stack: the log record need not carry it again.
  expect(logged).toEqual([{ requestId: span.attributes['faultline.request_id'], source: 'task', severity: span.attributes['faultline.severity'], stackOnSpan: true }]);
});

it('resolves undefined with rethrow: false, and applies the severity asked for', async () => {
  const value = await runTask('sync', () => { throw new Error('no'); }, { rethrow: false, severity: 'high' });
  expect(value).toBeUndefined();
  expect(named('sync')!.attributes['faultline.severity']).toBe('high');
});

it('starts a new trace linked to the caller by default, or continues the caller\'s trace', async () => {
  const tracer = trace.getTracer('test');
  await tracer.startActiveSpan('request', async (request) => {
    await runTask('own-trace', () => undefined);
    await runTask('child', () => undefined, { trace: 'continue', kind: 'consumer' });
    request.end();
  });
  const request = named('request')!;
  const own = named('own-trace')!;
  const child = named('child')!;
  expect(own.spanContext().traceId).not.toBe(request.spanContext().traceId);
  expect(own.links.map((l) => l.context.spanId)).toEqual([request.spanContext().spanId]);
  expect(child.spanContext().traceId).toBe(request.spanContext().traceId);
  expect(child.kind).toBe(SpanKind.CONSUMER);
});

it('retries a transient failure with one span per attempt, each a child of the task span', async () => {
  let calls = 0;
  const value = await runTask('flaky', (run) => {
    calls += 1;
    if (run.attempt < 3) throw new Error(`attempt ${run.attempt} failed`);
    return 'done';
  }, { retry: { maxAttempts: 4, initialDelayMs: 1, maxDelayMs: 5 } });
  expect(value).toBe('done');
  expect(calls).toBe(3);
  const task = named('flaky')!;
  const attempts = spans().filter((s) => s.name.startsWith('flaky attempt '));
  expect(attempts.map((s) => s.attributes['faultline.task.attempt'])).toEqual([1, 2, 3]);
  expect(attempts.every((s) => s.parentSpanContext?.spanId === task.spanContext().spanId)).toBe(true);
  expect(attempts.map((s) => s.status.code === SpanStatusCode.ERROR)).toEqual([true, true, false]);
  expect(task.attributes['faultline.task.attempts']).toBe(3);
  expect(task.status.code).not.toBe(SpanStatusCode.ERROR);
  expect(logged).toEqual([]);
});

it('gives up after maxAttempts and logs the final failure once', async () => {
  let calls = 0;
  await expect(runTask('down', () => { calls += 1; throw new Error('still down'); }, { retry: { maxAttempts: 3, initialDelayMs: 1 } })).rejects.toThrow('still down');
  expect(calls).toBe(3);
  expect(named('down')!.status.code).toBe(SpanStatusCode.ERROR);
  expect(logged).toHaveLength(1);
});

it('does not retry a permanent failure (a 4xx Faultline error) or one the caller calls permanent', async () => {
  let calls = 0;
  await expect(runTask('bad-input', () => { calls += 1; throw new ValidationError('bad row'); }, { retry: { maxAttempts: 5, initialDelayMs: 1 } })).rejects.toThrow('bad row');
  expect(calls).toBe(1);
  await runTask('custom', () => { calls += 1; throw new Error('fatal'); }, { rethrow: false, retry: { maxAttempts: 5, initialDelayMs: 1, retryable: () => false } });
  expect(calls).toBe(2);
});

it('records a failure once when an inner task rethrows into an outer one', async () => {
  await runTask('outer', () => runTask('inner', () => { throw new Error('deep'); }), { rethrow: false });
  expect(logged).toHaveLength(1);
  expect(named('outer')!.status.code).toBe(SpanStatusCode.ERROR);
  expect(named('inner')!.events.some((e) => e.name === 'exception')).toBe(true);
});

it('taskHandler makes each call a run that never rejects', async () => {
  const handler = taskHandler('tick', (n: number) => { if (n === 2) throw new Error('tick 2'); return n; });
  expect(await handler(1)).toBe(1);
  expect(await handler(2)).toBeUndefined();
  expect(spans().filter((s) => s.name === 'tick')).toHaveLength(2);
  expect(logged).toHaveLength(1);
});

it('a run of its own does not carry the request\'s route; a continued run does', async () => {
  const request = setRPCMetadata(context.active(), { type: RPCType.HTTP, route: '/orders/:id', span: trace.wrapSpanContext({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 }) });
  const routes = await context.with(request, async () => [
    await runTask('own', () => getRPCMetadata(context.active())?.route),
    await runTask('continued', () => getRPCMetadata(context.active())?.route, { trace: 'continue' }),
  ]);
  expect(routes).toEqual([undefined, '/orders/:id']);
});
