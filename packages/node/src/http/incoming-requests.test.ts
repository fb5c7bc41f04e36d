// Faultline's own HTTP server spans (incoming-requests.ts, server-span.ts) on a real node:http server, with
// the preload's pieces wired by hand and an always-on sampler: the stable-semconv attributes, the route, the
// status and error.type, trusted and untrusted traceparent, the request's context on later req listeners,
// header capture, the off switch and the duration metric.
import http from 'node:http';
import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind, SpanStatusCode, context, metrics, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator, getRPCMetadata } from '@opentelemetry/core';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import type { Histogram } from '@opentelemetry/sdk-metrics';
import { TracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { captureFailure, captureWhenAnswered } from '../capture/capture';
import { buildConfig } from '../config';
import { installHttpCapture } from '../frameworks/http';
import { configureIncomingRequests } from './incoming-requests';
import { createSampler } from '../sampling/sampler';
import { configureServerSpans } from './server-span';

// The failure log line is not what this file tests (failure-log.test.ts does); keep stdout quiet.
vi.mock('../capture/failure-log', () => ({ logFailure: () => undefined, flushFailureLines: () => undefined }));

/** A pull reader: the test collects when it wants to look. */
class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const exporter = new InMemorySpanExporter();
const contextManager = new AsyncLocalStorageContextManager();
const metricReader = new CollectingReader();
const servers: Server[] = [];
const TRACEPARENT = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' };
let closedResponses = 0;

beforeAll(() => {
  const provider = new TracerProvider({ sampler: createSampler(buildConfig({}, {})), spanProcessors: [new SimpleSpanProcessor({ exporter: exporter })] });
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(contextManager.enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [metricReader] }));
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
  propagation.disable();
  metrics.disable();
});
beforeEach(() => exporter.reset());
afterEach(() => {
  configureIncomingRequests({ enabled: true, trustTraceparent: true });
  configureServerSpans({ requestHeaders: [], responseHeaders: [], durationMetric: false });
});

/** A server on 127.0.0.1 whose every response, once closed, counts in closedResponses. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = http.createServer((req, res) => {
    res.once('close', () => { closedResponses += 1; });
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** `bodyAfter`: the headers go first, the body once it settles. */
interface Request { readonly method?: string; readonly headers?: OutgoingHttpHeaders; readonly body?: string; readonly bodyAfter?: Promise<void> }
/** `localPort`: the client's port, as the server saw it. */
interface Answer { readonly status: number; readonly body: string; readonly requestId: string | undefined; readonly localPort: number | undefined }

/** Sends one request on its own connection and waits until the server closed its response (span ended). */
async function send(url: string, request: Request = {}): Promise<Answer> {
  const before = closedResponses;
  const answer = await new Promise<Answer>((resolve, reject) => {
    const req = http.request(url, { method: request.method ?? 'GET', headers: request.headers, agent: false }, (res) => {
      const localPort = res.socket.localPort;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, requestId: res.headers['x-request-id'] as string | undefined, localPort }));
    });
    req.on('error', reject);
    if (request.bodyAfter === undefined) return void req.end(request.body);
    req.flushHeaders();
    request.bodyAfter.then(() => req.end(request.body), reject);
  });
  await vi.waitFor(() => expect(closedResponses).toBeGreaterThan(before));
  return answer;
}

/** Faultline's server spans exported so far, in the order they ended. */
function serverSpans(): ReadableSpan[] {
  return exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.SERVER && s.instrumentationScope.name === '@faultline/node');
}

function onlyServerSpan(): ReadableSpan {
  const spans = serverSpans();
  expect(spans).toHaveLength(1);
  return spans[0] as ReadableSpan;
}

function hasAttribute(span: ReadableSpan, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(span.attributes, key);
}

/** A listener that names the route the way a framework does, through the RPC metadata. */
function routeUsers(req: IncomingMessage, res: ServerResponse): void {
  const rpc = getRPCMetadata(context.active());
  if (rpc !== undefined && req.url?.startsWith('/users/') === true) rpc.route = '/users/:id';
  res.statusCode = 201;
  res.end();
}

class PaymentDeclinedError extends Error { override name = 'PaymentDeclinedError'; }

it('starts one SERVER span per request with the stable HTTP semconv attributes and the request ID', async () => {
  const url = await serve((_req, res) => res.end('ok'));
  const port = Number(new URL(url).port);
  const answer = await send(`${url}/orders/7?sort=asc&page=2`, { headers: { 'user-agent': 'faultline-test/1.0' } });
  const span = onlyServerSpan();
  expect(span.name).toBe('GET');
  expect(span.attributes).toEqual(expect.objectContaining({
    'http.request.method': 'GET', 'url.scheme': 'http', 'url.path': '/orders/7', 'url.query': 'sort=asc&page=2',
    'server.address': '127.0.0.1', 'server.port': port, 'client.address': '127.0.0.1',
    'network.peer.address': '127.0.0.1', 'network.peer.port': answer.localPort, 'network.protocol.version': '1.1',
    'user_agent.original': 'faultline-test/1.0', 'http.response.status_code': 200, 'faultline.request_id': answer.requestId,
  }));
  expect(answer.requestId).toEqual(expect.any(String));
  expect(hasAttribute(span, 'http.request.method_original')).toBe(false);
  exporter.reset();
  await send(`${url}/health`);
  const plain = onlyServerSpan();
  expect(plain.attributes['url.path']).toBe('/health');
  expect(hasAttribute(plain, 'url.query')).toBe(false);
});

it('names the span by the route a listener put on the RPC metadata, and by the method alone without one', async () => {
  const url = await serve(routeUsers);
  await send(`${url}/users/42`);
  await send(`${url}/about`);
  const [routed, plain] = serverSpans() as [ReadableSpan, ReadableSpan];
  expect(routed.name).toBe('GET /users/:id');
  expect(routed.attributes['http.route']).toBe('/users/:id');
  expect(plain.name).toBe('GET');
  expect(hasAttribute(plain, 'http.route')).toBe(false);
});

it('marks a 5xx the app wrote itself failed with error.type the status, and leaves a 4xx unset', async () => {
  const url = await serve((req, res) => res.writeHead(req.url === '/down' ? 503 : 404).end());
  await send(`${url}/down`);
  await send(`${url}/missing`);
  const [down, missing] = serverSpans() as [ReadableSpan, ReadableSpan];
  expect(down.status).toEqual({ code: SpanStatusCode.ERROR, message: '503' });
  expect(down.attributes).toMatchObject({ 'error.type': '503', 'http.response.status_code': 503 });
  expect(missing.status.code).toBe(SpanStatusCode.UNSET);
  expect(missing.attributes['http.response.status_code']).toBe(404);
  expect(hasAttribute(missing, 'error.type')).toBe(false);
});

it('keeps the error type of a recorded failure as error.type and status, not the response status', async () => {
  const url = await serve((req, res) => {
    const error = new PaymentDeclinedError('card declined');
    if (req.url === '/child') {
      // Surfaced on a span of the app's: the server span is marked with the type alone.
      const charge = trace.getTracer('app').startSpan('charge');
      captureFailure(error, req, 'http', charge);
      charge.end();
    } else {
      captureFailure(error, req, 'http');
    }
    res.statusCode = 500;
    res.end();
  });
  await send(`${url}/direct`);
  await send(`${url}/child`);
  const [direct, child] = serverSpans() as [ReadableSpan, ReadableSpan];
  for (const span of [direct, child]) {
    expect(span.attributes).toMatchObject({ 'error.type': 'PaymentDeclinedError', 'http.response.status_code': 500 });
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.status.message).toMatch(/^PaymentDeclinedError/);
  }
  expect(direct.events.map((event) => event.name)).toContain('exception');
  expect(child.status.message).toBe('PaymentDeclinedError');
});

it('records a method outside the known set as _OTHER and keeps the original', async () => {
  // Node's parser refuses a made-up method (FOO gets a 400 before any listener); PROPFIND passes it.
  const url = await serve((_req, res) => res.end());
  const answer = await send(`${url}/dav`, { method: 'PROPFIND' });
  expect(answer.status).toBe(200);
  const span = onlyServerSpan();
  expect(span.name).toBe('_OTHER');
  expect(span.attributes).toMatchObject({ 'http.request.method': '_OTHER', 'http.request.method_original': 'PROPFIND' });
});

it('takes the client and server address from X-Forwarded-* and, ahead of them, Forwarded', async () => {
  const url = await serve((_req, res) => res.end());
  const xForwarded = { 'x-forwarded-for': '203.0.113.7, 10.0.0.1', 'x-forwarded-host': 'shop.example.com:8443' };
  await send(url, { headers: xForwarded });
  await send(url, { headers: { ...xForwarded, forwarded: 'for="[2001:db8::17]:4711";proto=https;host=api.example.com' } });
  const [byX, byForwarded] = serverSpans() as [ReadableSpan, ReadableSpan];
  expect(byX.attributes).toMatchObject({ 'client.address': '203.0.113.7', 'server.address': 'shop.example.com', 'server.port': 8443 });
  // The peer is still the socket's.
  expect(byForwarded.attributes).toMatchObject({ 'client.address': '2001:db8::17', 'server.address': 'api.example.com', 'server.port': 443, 'network.peer.address': '127.0.0.1' });
});

it('gives each request the port of its own scheme when the same host comes again (the last host is kept)', async () => {
  const url = await serve((_req, res) => res.end());
  for (const proto of ['https', 'http', 'https']) await send(url, { headers: { 'x-forwarded-host': 'shop.example.com', 'x-forwarded-proto': proto } });
  await send(url, { headers: { 'x-forwarded-host': 'shop.example.com:8443', 'x-forwarded-proto': 'https' } });
  expect(serverSpans().map((span) => span.attributes['server.port'])).toEqual([443, 80, 443, 8443]);
});

it('continues a trusted caller trace, and links an untrusted caller from a new trace', async () => {
  const url = await serve((_req, res) => res.end());
  const traceparent = `00-${TRACEPARENT.traceId}-${TRACEPARENT.spanId}-01`;
  await send(url, { headers: { traceparent } });
  const trusted = onlyServerSpan();
  expect(trusted.spanContext().traceId).toBe(TRACEPARENT.traceId);
  expect(trusted.parentSpanContext).toMatchObject({ ...TRACEPARENT, isRemote: true });
  expect(trusted.links).toHaveLength(0);
  exporter.reset();
  configureIncomingRequests({ enabled: true, trustTraceparent: false });
  await send(url, { headers: { traceparent } });
  const untrusted = onlyServerSpan();
  expect(untrusted.spanContext().traceId).not.toBe(TRACEPARENT.traceId);
  expect(untrusted.parentSpanContext).toBeUndefined();
  expect(untrusted.links).toHaveLength(1);
  expect(untrusted.links[0]).toMatchObject({ context: TRACEPARENT, attributes: { 'faultline.link': 'untrusted_parent' } });
});

it('runs each request in a context with no function of its own, with or without a caller trace', async () => {
  // A closure on a request's context kept every request's objects alive through V8's young-generation
  // collections (closure-free-context.ts).
  const seen: string[][] = [];
  const url = await serve((_req, res) => {
    const active = context.active();
    seen.push(Object.keys(active).filter((key) => typeof (active as unknown as Record<string, unknown>)[key] === 'function'));
    res.end();
  });
  const traceparent = `00-${TRACEPARENT.traceId}-${TRACEPARENT.spanId}-01`;
  await send(url);
  await send(url, { headers: { traceparent } });
  configureIncomingRequests({ enabled: true, trustTraceparent: false });
  await send(url, { headers: { traceparent } });
  expect(seen).toEqual([[], [], []]);
  expect(serverSpans()).toHaveLength(3);
});

it('runs req listeners the handler adds (a POST body read) inside the server span', async () => {
  let handlerRan = (): void => undefined;
  const arrived = new Promise<void>((resolve) => (handlerRan = resolve));
  const seen: { data: (string | undefined)[]; end?: string } = { data: [] };
  const activeSpanId = () => trace.getActiveSpan()?.spanContext().spanId;
  const url = await serve((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      seen.data.push(activeSpanId());
    });
    req.on('end', () => {
      seen.end = activeSpanId();
      res.end(body.toUpperCase());
    });
    handlerRan();
  });
  // The body leaves the client only after the handler returned: it reaches the listeners from the socket.
  const body = 'order=7';
  const answer = await send(url, { method: 'POST', headers: { 'content-length': String(body.length) }, body, bodyAfter: arrived });
  expect(answer.body).toBe('ORDER=7');
  const serverSpanId = onlyServerSpan().spanContext().spanId;
  expect(seen.data.length).toBeGreaterThan(0);
  expect(seen).toEqual({ data: seen.data.map(() => serverSpanId), end: serverSpanId });
});

it('captures the configured request and response headers', async () => {
  configureServerSpans({ requestHeaders: ['X-Tenant'], responseHeaders: ['content-type'], durationMetric: false });
  const url = await serve((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end('{}');
  });
  await send(url, { headers: { 'x-tenant': 'acme', 'x-other': 'not captured' } });
  const span = onlyServerSpan();
  expect(span.attributes['http.request.header.x-tenant']).toEqual(['acme']);
  expect(span.attributes['http.response.header.content-type']).toEqual(['application/json']);
  expect(hasAttribute(span, 'http.request.header.x-other')).toBe(false);
});

it('starts no server span when turned off, and the app still answers', async () => {
  configureIncomingRequests({ enabled: false, trustTraceparent: true });
  const url = await serve((_req, res) => res.end('still here'));
  const answer = await send(url);
  expect(answer).toMatchObject({ status: 200, body: 'still here' });
  expect(exporter.getFinishedSpans()).toHaveLength(0);
});

it('records http.server.request.duration with method, scheme, route and status when asked to', async () => {
  configureServerSpans({ requestHeaders: [], responseHeaders: [], durationMetric: true });
  const url = await serve(routeUsers);
  await send(`${url}/users/42`);
  const { resourceMetrics } = await metricReader.collect();
  const scope = resourceMetrics.scopeMetrics.find((s) => s.scope.name === '@faultline/node');
  const metric = scope?.metrics.find((m) => m.descriptor.name === 'http.server.request.duration');
  expect(metric?.descriptor.unit).toBe('s');
  expect(metric?.dataPoints).toHaveLength(1);
  const point = metric?.dataPoints[0];
  expect(point?.attributes).toEqual({ 'http.request.method': 'GET', 'url.scheme': 'http', 'http.route': '/users/:id', 'http.response.status_code': 201 });
  expect((point?.value as Histogram).count).toBe(1);
});

it('gives the span and the duration metric the type of a failure the app answered itself (recorded after the turn)', async () => {
  configureServerSpans({ requestHeaders: [], responseHeaders: [], durationMetric: true });
  await metricReader.collect();
  const url = await serve((req, res) => {
    captureWhenAnswered(new TypeError('no such order'), req, res, 'express');
    res.statusCode = 403;
    res.end('no');
  });
  expect((await send(url)).status).toBe(403);
  await new Promise((resolve) => setImmediate(resolve));
  const span = onlyServerSpan();
  expect(span.attributes['error.type']).toBe('TypeError');
  expect(span.events.map((event) => event.name)).toEqual(['exception']);
  const { resourceMetrics } = await metricReader.collect();
  const metric = resourceMetrics.scopeMetrics.find((s) => s.scope.name === '@faultline/node')?.metrics.find((m) => m.descriptor.name === 'http.server.request.duration');
  const point = metric?.dataPoints.find((p) => p.attributes['http.response.status_code'] === 403);
  expect(point?.attributes['error.type']).toBe('TypeError');
});
