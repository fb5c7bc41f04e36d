// The sampling gate in front of Faultline's server spans: unsampled requests get no server span yet carry
// a request ID and record nothing, and a failure is exported on a sampled server span of the trace the
// request ID names; sampled requests are not sampled a second time by the SDK's ratio sampler.
import http from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind, SpanStatusCode, TraceFlags, context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { parseRequestId } from '@faultline/core';
import { captureFailure } from '../capture/capture';
import { buildConfig } from '../config';
import { installHttpCapture } from '../frameworks/http';
import { configureIncomingRequests } from '../http/incoming-requests';
import { createSampler, standardSampler } from './sampler';
import { createSamplingGate } from './sampling-gate';

// The failure log line is not what this file tests (failure-log.test.ts does); keep stdout quiet.
vi.mock('../capture/failure-log', () => ({ logFailure: () => undefined }));

const exporter = new InMemorySpanExporter();
const contextManager = new AsyncLocalStorageContextManager();
const servers: Server[] = [];

beforeAll(() => {
  const config = buildConfig({ tracesSampler: 'traceidratio', tracesSamplerArg: 0.5 }, {});
  const idGenerator = createSamplingGate(config, standardSampler(config));
  const provider = new TracerProvider({ sampler: createSampler(config), idGenerator, spanProcessors: [new SimpleSpanProcessor({ exporter: exporter })] });
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(contextManager.enable());
  configureIncomingRequests({ enabled: true, trustTraceparent: true });
  installHttpCapture();
});
afterAll(() => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
  context.disable();
  trace.disable();
});
beforeEach(() => {
  exporter.reset();
});

/** The server spans exported so far (Faultline's own, one per sampled or failed request). */
function serverSpans(): ReadableSpan[] {
  return exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.SERVER && s.instrumentationScope.name === '@faultline/node');
}

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

it('starts no server span for unsampled requests, which still carry a request ID and record nothing', async () => {
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
  await new Promise((resolve) => setTimeout(resolve, 50));
  // Each request either got a sampled server span or ran unsampled; about half of each.
  const unsampled = seen.filter((s) => !s.recording);
  const sampled = serverSpans();
  expect(unsampled.length + sampled.length).toBe(40);
  expect(unsampled.length).toBeGreaterThan(5);
  expect(sampled.length).toBeGreaterThan(5);
  for (const s of unsampled) expect(s.childRecording).toBe(false);
  expect(ids.map((id) => parseRequestId(id))).toEqual(seen.map((s) => s.traceId));
  expect(sampled.map((span) => span.spanContext().traceId).sort()).toEqual(seen.filter((s) => s.recording).map((s) => s.traceId).sort());
  // What the gate sampled, the SDK's ratio sampler sampled too (not a second coin toss).
  for (const span of sampled) expect(span.spanContext().traceFlags & TraceFlags.SAMPLED).toBe(TraceFlags.SAMPLED);
  expect(exporter.getFinishedSpans().filter((s) => s.name === 'work')).toHaveLength(sampled.length);
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
  const failed = serverSpans();
  // Sampled or not, every failed request was exported, each on its own server span.
  expect(failed).toHaveLength(20);
  for (const span of failed) {
    expect(ids.map((id) => parseRequestId(id))).toContain(span.spanContext().traceId);
    expect(span.spanContext().traceFlags & TraceFlags.SAMPLED).toBe(TraceFlags.SAMPLED);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.events.map((e) => e.name)).toContain('exception');
    expect(span.attributes).toMatchObject({ 'http.request.method': 'GET', 'http.response.status_code': 500, 'faultline.request_id': expect.any(String) });
    expect(String(span.attributes['url.path'])).toMatch(/^\/orders\/\d+$/);
  }
});
