// The sampling gate in front of a stand-in for instrumentation-http's emit patch (shimmer-style, keeping
// `__original`): unsampled requests skip it yet carry a request ID, record nothing, and a failure is
// exported on a sampled server span of the trace the request ID names; sampled requests are not sampled
// a second time by the SDK's ratio sampler.
import http from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, context, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { parseRequestId } from '@faultline/core';
import { captureFailure } from './capture';
import { buildConfig } from './config';
import { installHttpCapture } from './frameworks/http';
import { createSampler, standardSampler } from './sampler';
import { createSamplingGate } from './sampling-gate';

// The failure log line is not what this file tests (failure-log.test.ts does); keep stdout quiet.
vi.mock('./failure-log', () => ({ logFailure: () => undefined }));

type Emit = (this: Server, event: string | symbol, ...args: unknown[]) => boolean;
const proto = http.Server.prototype as unknown as { emit: Emit };
const unpatchedEmit = proto.emit;
const exporter = new InMemorySpanExporter();
const contextManager = new AsyncLocalStorageContextManager();
/** Server spans the stand-in instrumentation started: one per request that took the instrumented path. */
let instrumentedSpans: Span[] = [];
const servers: Server[] = [];

beforeAll(() => {
  const config = buildConfig({ tracesSampler: 'traceidratio', tracesSamplerArg: 0.5 }, {});
  const idGenerator = createSamplingGate(config, standardSampler(config));
  const provider = new BasicTracerProvider({ sampler: createSampler(config), idGenerator, spanProcessors: [new SimpleSpanProcessor(exporter)] });
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(contextManager.enable());
  const instrumented = function instrumentedEmit(this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event !== 'request') return unpatchedEmit.call(this, event, ...args);
    const span = provider.getTracer('stand-in').startSpan('GET', { kind: SpanKind.SERVER }, ROOT_CONTEXT);
    instrumentedSpans.push(span);
    (args[1] as ServerResponse).once('close', () => span.end());
    return context.with(trace.setSpan(ROOT_CONTEXT, span), () => unpatchedEmit.call(this, event, ...args));
  } as Emit & { __original?: Emit };
  instrumented.__original = unpatchedEmit;
  proto.emit = instrumented;
  installHttpCapture({ trustTraceparent: true });
});
afterAll(() => {
  proto.emit = unpatchedEmit;
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
  context.disable();
  trace.disable();
});
beforeEach(() => {
  exporter.reset();
  instrumentedSpans = [];
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

it('runs unsampled requests outside the instrumentation, with a request ID and nothing recorded', async () => {
  const seen: { traceId: string; recording: boolean; childRecording: boolean }[] = [];
  const url = await serve((_req, res) => {
    const active = trace.getActiveSpan();
    const child = trace.getTracer('app').startSpan('work');
    seen.push({ traceId: String(active?.spanContext().traceId), recording: active?.isRecording() === true, childRecording: child.isRecording() });
    child.end();
    res.end('ok');
  });
  const ids: string[] = [];
  for (let n = 0; n < 40; n += 1) ids.push(String((await fetch(url)).headers.get('x-request-id')));
  // Each request either took the instrumented path (sampled) or ran unsampled; about half of each.
  const unsampled = seen.filter((s) => !s.recording);
  expect(unsampled.length + instrumentedSpans.length).toBe(40);
  expect(unsampled.length).toBeGreaterThan(5);
  expect(instrumentedSpans.length).toBeGreaterThan(5);
  for (const s of unsampled) expect(s.childRecording).toBe(false);
  expect(ids.map((id) => parseRequestId(id))).toEqual(seen.map((s) => s.traceId));
  // What the gate sampled, the SDK's ratio sampler sampled too (not a second coin toss).
  for (const span of instrumentedSpans) expect(span.spanContext().traceFlags & TraceFlags.SAMPLED).toBe(TraceFlags.SAMPLED);
  expect(exporter.getFinishedSpans().filter((s) => s.name === 'work')).toHaveLength(instrumentedSpans.length);
});

it('exports every failure of an unsampled request on a sampled server span the request ID resolves to', async () => {
  const url = await serve((req, res) => {
    captureFailure(new Error('payment declined'), req, 'http');
    res.statusCode = 500;
    res.end();
  });
  const ids: string[] = [];
  for (let n = 0; n < 20; n += 1) ids.push(String((await fetch(`${url}/orders/${n}?token=x`)).headers.get('x-request-id')));
  await new Promise((resolve) => setTimeout(resolve, 50));
  const servers = exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.SERVER && s.instrumentationScope.name === '@faultline/node');
  expect(servers.length).toBe(20 - instrumentedSpans.length);
  for (const span of servers) {
    expect(ids.map((id) => parseRequestId(id))).toContain(span.spanContext().traceId);
    expect(span.spanContext().traceFlags & TraceFlags.SAMPLED).toBe(TraceFlags.SAMPLED);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.events.map((e) => e.name)).toContain('exception');
    expect(span.attributes).toMatchObject({ 'http.request.method': 'GET', 'http.response.status_code': 500, 'faultline.request_id': expect.any(String) });
    expect(String(span.attributes['url.path'])).toMatch(/^\/orders\/\d+$/);
  }
});
