// patchWs on the real ws module in this process (server and client on loopback), a real tracer provider:
// `once` listeners fire once, every listener runs even after one throws, the listeners see the message
// span as active, `emit` still says whether anyone listened, and an 'error' event keeps Node's rule.
import { context, propagation, SpanStatusCode, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { configureIncomingRequests } from '../http/incoming-requests';
import { configureWsCapture, patchWs } from './ws';

vi.mock('../capture/failure-log', () => ({ logFailure: () => undefined }));

const exporter = new InMemorySpanExporter();
let wss: WebSocketServer;

beforeAll(async () => {
  trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }));
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  // As the ESM hook sees it: the default export, and the server named beside it.
  patchWs(WebSocket as never, undefined, { WebSocketServer } as never);
  configureWsCapture('keep-open');
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => wss.close(resolve));
  trace.disable();
  context.disable();
  propagation.disable();
});

it('runs every listener in the message span, once-listeners once, and records the one that threw', async () => {
  const calls: string[] = [];
  const spanIds: (string | undefined)[] = [];
  wss.once('connection', (socket) => {
    socket.once('message', () => calls.push('once'));
    socket.on('message', () => { throw new Error('first listener failed'); });
    socket.on('message', (data) => {
      calls.push(`on ${String(data)}`);
      spanIds.push(trace.getActiveSpan()?.spanContext().spanId);
      socket.send('ack');
    });
  });
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}/units`);
  await new Promise((resolve) => client.once('open', resolve));
  const acks = async (count: number) => {
    for (let i = 1; i <= count; i += 1) {
      client.send(`m${i}`);
      await new Promise((resolve) => client.once('message', resolve));
    }
  };
  await acks(2);
  expect(calls).toEqual(['once', 'on m1', 'on m2']);
  const serverMessages = exporter.getFinishedSpans().filter((s) => s.name === 'ws message' && s.links.length === 1);
  expect(serverMessages).toHaveLength(2);
  expect(serverMessages.map((s) => s.spanContext().spanId)).toEqual(spanIds);
  expect(serverMessages.every((s) => s.status.code === SpanStatusCode.ERROR)).toBe(true);
  expect(client.readyState).toBe(WebSocket.OPEN);
  client.close();
});

it('records a throw in a close listener on a close span, and the process carries on', async () => {
  const closed = new Promise<void>((resolve) => {
    wss.once('connection', (socket) => {
      socket.on('close', () => { throw new Error('close listener failed'); });
      socket.on('close', () => resolve());
    });
  });
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}/close`);
  await new Promise((resolve) => client.once('open', resolve));
  client.close();
  await closed;
  const span = exporter.getFinishedSpans().find((s) => s.name === 'ws close' && s.status.code === SpanStatusCode.ERROR);
  expect(span?.events.find((e) => e.name === 'exception')?.attributes?.['exception.message']).toBe('close listener failed');
  expect(span?.links).toHaveLength(1);
});

it('leaves emit\'s answer and the error-event rule as Node has them', () => {
  const socket = new WebSocket(null as never, undefined, {} as never);
  expect(socket.emit('message', 'x')).toBe(false);
  socket.on('message', () => undefined);
  expect(socket.emit('message', 'x')).toBe(true);
  expect(() => socket.emit('error', new Error('nobody listens'))).toThrow('nobody listens');
});

it.each([true, false])('continues the upgrade\'s traceparent only when trusted (trust %s), else links it', async (trusted) => {
  const callerTrace = '0af7651916cd43dd8448eb211c80319c';
  configureIncomingRequests({ enabled: false, trustTraceparent: trusted });
  const connected = new Promise<void>((resolve) => wss.once('connection', () => resolve()));
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}/trust-${trusted}`, {
    headers: { traceparent: `00-${callerTrace}-b7ad6b7169203331-01` },
  });
  await Promise.all([connected, new Promise((resolve) => client.once('open', resolve))]);
  client.close();
  const span = exporter.getFinishedSpans().find((s) => s.name === `ws connection /trust-${trusted}`);
  expect(span?.spanContext().traceId === callerTrace).toBe(trusted);
  expect(span?.links.map((l) => l.context.traceId)).toEqual(trusted ? [] : [callerTrace]);
  configureIncomingRequests({ enabled: false, trustTraceparent: true });
});
