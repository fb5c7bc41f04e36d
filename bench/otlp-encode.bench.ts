// otlp-encode: what encoding an OTLP/protobuf export request costs, Faultline's encoder
// (packages/node/src/otlp-protobuf) beside otlp-transformer's serialiser, the one the standard
// exporters use (the baseline, same bytes), in the same run. Batches: 512 spans of traced requests
// (the batch processor's default size), and failures: a server span with its exception event and a
// 2.6 KB stack, and the failure's log record with the same stack; one failure and a batch of 64.
// Run: `npm run bench -- otlp-encode` (BENCH_TIME_MS tunes the time per case).
import { createRequire } from 'node:module';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { encodeLogsRequest } from '../packages/node/src/otlp-protobuf/logs-request';
import { encodeTraceRequest } from '../packages/node/src/otlp-protobuf/trace-request';
import { measure, type BenchOptions, type BenchRow } from './lib/measure';

interface Serializer<T> { serializeRequest(items: T[]): Uint8Array | undefined }
const fromNode = createRequire(require.resolve('../packages/node/package.json'));
function reference<T>(exporter: string, name: string): Serializer<T> {
  const load = createRequire(fromNode.resolve(exporter));
  return (load('@opentelemetry/otlp-transformer') as Record<string, Serializer<T>>)[name] as Serializer<T>;
}
const traces = reference<ReadableSpan>('@opentelemetry/exporter-trace-otlp-proto', 'ProtobufTraceSerializer');
const logs = reference<ReadableLogRecord>('@opentelemetry/exporter-logs-otlp-proto', 'ProtobufLogsSerializer');

const STACK = `TypeError: Cannot read properties of undefined (reading 'total')\n${Array.from({ length: 30 }, (_, i) => `    at handler${i} (/usr/src/app/dist/orders/service-${i}.js:${i + 10}:17)`).join('\n')}`;
const resource = resourceFromAttributes({ 'service.name': 'checkout', 'service.version': '4.10.1', 'deployment.environment.name': 'production', 'host.name': 'checkout-7d9f8c6b5-x2x7q', 'process.pid': 4242 });
const spanMemory = new InMemorySpanExporter();
const tracer = new TracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor({ exporter: spanMemory })] }).getTracer('@faultline/node', '0.1.0');
const logMemory = new InMemoryLogRecordExporter();
const logger = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter: logMemory })] }).getLogger('@faultline/node', '0.1.0');

function serverSpan(failed: boolean): void {
  const span = tracer.startSpan('GET /orders/:id', {
    kind: SpanKind.SERVER,
    attributes: { 'http.request.method': 'GET', 'url.path': '/orders/48213', 'http.route': '/orders/:id', 'url.scheme': 'http', 'server.address': 'api.example.com', 'network.peer.address': '203.0.113.42', 'user_agent.original': 'autocannon', 'http.response.status_code': failed ? 500 : 200, 'faultline.request.id': 'c5248d6a-9460-4a6e-b045-30c9a9fb2905' },
  });
  if (failed) {
    span.addEvent('exception', { 'exception.type': 'TypeError', 'exception.message': "Cannot read properties of undefined (reading 'total')", 'exception.stacktrace': STACK, 'faultline.fingerprint': '9f2c1e7a4b3d5e6f' });
    span.setStatus({ code: SpanStatusCode.ERROR, message: "TypeError: Cannot read properties of undefined (reading 'total')" });
    logger.emit({ severityNumber: 17, severityText: 'ERROR', body: "Cannot read properties of undefined (reading 'total')", attributes: { 'exception.type': 'TypeError', 'exception.stacktrace': STACK, 'faultline.fingerprint': '9f2c1e7a4b3d5e6f', 'http.route': '/orders/:id' } });
  }
  span.end();
}

for (let i = 0; i < 512; i++) serverSpan(false);
const requests = spanMemory.getFinishedSpans() as ReadableSpan[];
spanMemory.reset();
for (let i = 0; i < 64; i++) serverSpan(true);
const failures = spanMemory.getFinishedSpans() as ReadableSpan[];
const failureRecords = logMemory.getFinishedLogRecords() as ReadableLogRecord[];
const oneFailure = failures.slice(0, 1);
const oneRecord = failureRecords.slice(0, 1);

export async function run(options: BenchOptions = {}): Promise<BenchRow[]> {
  return measure(
    [
      { name: 'otlp-transformer: 512 request spans', fn: () => traces.serializeRequest(requests) },
      { name: 'faultline: 512 request spans', fn: () => encodeTraceRequest(requests) },
      { name: 'otlp-transformer: 1 failure span + 1 failure log record', fn: () => [traces.serializeRequest(oneFailure), logs.serializeRequest(oneRecord)] },
      { name: 'faultline: 1 failure span + 1 failure log record', fn: () => [encodeTraceRequest(oneFailure), encodeLogsRequest(oneRecord)] },
      { name: 'otlp-transformer: 64 failure spans + 64 log records', fn: () => [traces.serializeRequest(failures), logs.serializeRequest(failureRecords)] },
      { name: 'faultline: 64 failure spans + 64 log records', fn: () => [encodeTraceRequest(failures), encodeLogsRequest(failureRecords)] },
    ],
    options,
  );
}

