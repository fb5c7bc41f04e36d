// The protobuf exporters post what the standard OTLP/protobuf exporters post (same path, content type and
// bytes), read the Collector's protobuf answer, and retry through the patched (unref'd) transport.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { otlpOptions } from '../export/export-keeps-no-process';
import { createProtobufLogExporter, createProtobufSpanExporter } from './protobuf-exporters';

interface Received { path: string; contentType: string; encoding: string; body: Buffer }
const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A Collector that answers each request with `answer` (an OTLP protobuf response) and keeps what it got. */
async function collector(answer: Buffer): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const encoding = req.headers['content-encoding'] ?? '';
      received.push({ path: req.url ?? '', contentType: req.headers['content-type'] ?? '', encoding, body: encoding === 'gzip' ? gunzipSync(body) : body });
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(answer);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

function exportWith<T>(exporter: { export(items: T[], done: (result: ExportResult) => void): void }, items: T[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(items, resolve));
}

function referenceBytes(exporterPackage: string, serializer: string, items: unknown[]): Buffer {
  const load = createRequire(createRequire(__filename).resolve(exporterPackage));
  const transformer = load('@opentelemetry/otlp-transformer') as Record<string, { serializeRequest(items: unknown[]): Uint8Array }>;
  return Buffer.from(transformer[serializer]!.serializeRequest(items));
}

const resource = resourceFromAttributes({ 'service.name': 'orders' });

async function spans(): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor({ exporter: memory })] });
  const span = provider.getTracer('orders').startSpan('GET /orders/:id', { attributes: { 'http.route': '/orders/:id' } });
  span.recordException(new TypeError('no order ünïcode'));
  span.end();
  await provider.forceFlush();
  return memory.getFinishedSpans() as ReadableSpan[];
}

async function records(): Promise<ReadableLogRecord[]> {
  const memory = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter: memory })] });
  provider.getLogger('orders').emit({ severityNumber: 17 /* ERROR */, severityText: 'ERROR', body: 'order failed', attributes: { 'order.id': 42 } });
  await provider.forceFlush();
  return memory.getFinishedLogRecords() as ReadableLogRecord[];
}

describe('the OTLP/protobuf exporters', () => {
  const TRACES = { path: '/v1/traces', create: createProtobufSpanExporter, items: spans, exporter: '@opentelemetry/exporter-trace-otlp-proto', serializer: 'ProtobufTraceSerializer' };
  const LOGS = { path: '/v1/logs', create: createProtobufLogExporter, items: records, exporter: '@opentelemetry/exporter-logs-otlp-proto', serializer: 'ProtobufLogsSerializer' };
  it.each([
    { what: 'spans', signal: TRACES, compression: undefined },
    { what: 'log records', signal: LOGS, compression: undefined },
    { what: 'spans gzip-compressed', signal: TRACES, compression: 'gzip' },
  ])('post $what as the standard exporter would (path, content type, bytes) and succeed on a clean answer', async ({ signal, compression }) => {
    const sink = await collector(Buffer.alloc(0));
    const batch: unknown[] = await signal.items();
    const exporter = signal.create({ ...otlpOptions(), url: `${sink.url}${signal.path}`, compression }) as { export(items: unknown[], done: (result: ExportResult) => void): void; shutdown(): Promise<void> };
    expect(await exportWith(exporter, batch)).toEqual({ code: ExportResultCode.SUCCESS });
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0]).toMatchObject({ path: signal.path, contentType: 'application/x-protobuf', encoding: compression ?? '' });
    expect(sink.received[0]!.body.equals(referenceBytes(signal.exporter, signal.serializer, batch))).toBe(true);
    await exporter.shutdown();
  });

  it('read the Collector\'s protobuf answer: a partial success is decoded', async () => {
    // ExportTraceServiceResponse { partial_success { rejected_spans: 1, error_message: "no" } }
    const answer = Buffer.from([0x0a, 0x06, 0x08, 0x01, 0x12, 0x02, 0x6e, 0x6f]);
    const sink = await collector(answer);
    const exporter = createProtobufSpanExporter({ url: `${sink.url}/v1/traces` });
    const delegate = (exporter as unknown as { _delegate: { _serializer: { deserializeResponse(data: Uint8Array): unknown } } })._delegate;
    expect(delegate._serializer.deserializeResponse(answer)).toEqual({ partialSuccess: { rejectedSpans: 1, errorMessage: 'no' } });
    await exporter.shutdown();
  });

  it('retry through the transport whose timer export-keeps-no-process.ts unrefs', () => {
    otlpOptions();
    for (const exporter of [createProtobufSpanExporter({}), createProtobufLogExporter({})]) {
      const transport = (exporter as unknown as { _delegate: { _transport: object } })._delegate._transport;
      expect((Object.getPrototypeOf(transport) as { retry: { name: string } }).retry.name).toBe('unrefRetry');
    }
  });
});
