import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { TraceFlags, context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseRequestId, requestIdFromTraceId } from '@faultline/core';
import { bindRequest, getRequestId, requestStateOf } from './request-context';

const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: exporter })] });
const tracer = provider.getTracer('test');
const contextManager = new AsyncLocalStorageContextManager();

beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
});
afterAll(() => {
  context.disable();
});

function exchange(headers: Record<string, string> = {}): { req: IncomingMessage; res: ServerResponse } {
  const req = new IncomingMessage(new Socket());
  req.headers = headers;
  return { req, res: new ServerResponse(req) };
}

function inServerSpan<T>(run: () => T): { result: T; span: ReturnType<typeof tracer.startSpan> } {
  const span = tracer.startSpan('GET /');
  const result = context.with(trace.setSpan(context.active(), span), run);
  span.end();
  return { result, span };
}

it('derives the request ID from the server span and puts it on the span and the response header', () => {
  const { req, res } = exchange();
  const { result: state, span } = inServerSpan(() => bindRequest(req, res));
  expect(state.requestId).toBeDefined();
  expect(parseRequestId(String(state.requestId))).toBe(span.spanContext().traceId);
  expect(res.getHeader('x-request-id')).toBe(state.requestId);
  const exported = exporter.getFinishedSpans().find((s) => s.spanContext().spanId === span.spanContext().spanId);
  expect(exported?.attributes['faultline.request_id']).toBe(state.requestId);
  expect(requestStateOf(req)).toBe(state);
});

it('getRequestId() answers inside the request and undefined outside any trace', () => {
  const { req, res } = exchange();
  const { result } = inServerSpan(() => [bindRequest(req, res).requestId, getRequestId()]);
  expect(result[1]).toBe(result[0]);
  expect(getRequestId()).toBeUndefined();
});

it('getRequestId() gives interleaved requests their own IDs, upper-case trace IDs and ones ending alike included', () => {
  // Trace IDs that end in the same two digits, in either case, and others, asked about in turn.
  const traceIds = ['4bf92f3577b34da6a3ce929d0e0e47a6', '0af7651916cd43dd8448eb211c8031a6', '0AF7651916CD43DD8448EB211C8031A6', '11111111111111111111111111111100', 'ffffffffffffffffffffffffffffffff'];
  const idIn = (traceId: string) => context.with(trace.setSpan(context.active(), trace.wrapSpanContext({ traceId, spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED })), getRequestId);
  for (let round = 0; round < 3; round += 1) {
    for (const traceId of traceIds) expect(idIn(traceId)).toBe(requestIdFromTraceId(traceId));
  }
});

it('keeps a valid upstream X-Request-ID apart and drops an invalid one', () => {
  exporter.reset();
  const valid = exchange({ 'x-request-id': 'edge-7f3a9c' });
  const invalid = exchange({ 'x-request-id': `bad id\n${'x'.repeat(500)}` });
  inServerSpan(() => bindRequest(valid.req, valid.res));
  inServerSpan(() => bindRequest(invalid.req, invalid.res));
  const [first, second] = exporter.getFinishedSpans();
  expect(first?.attributes['faultline.upstream_request_id']).toBe('edge-7f3a9c');
  expect(second?.attributes['faultline.upstream_request_id']).toBeUndefined();
});

it('binds nothing but an empty state outside a trace (no span, no header)', () => {
  const { req, res } = exchange();
  const state = bindRequest(req, res);
  expect(state.requestId).toBeUndefined();
  expect(res.getHeader('x-request-id')).toBeUndefined();
});
