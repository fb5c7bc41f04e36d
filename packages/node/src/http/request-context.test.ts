import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseRequestId } from '@faultline/core';
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
