// The OTLP/HTTP protobuf exporters for spans and log records, built as @opentelemetry's own are (same
// transport, retries, headers, compression and OTEL_EXPORTER_OTLP_* reading) with this folder's encoder
// in place of otlp-transformer's. The transport comes from the otlp-exporter-base copy the standard
// exporter package loads, the copy export-keeps-no-process.ts patches, so its retries stay unref'd.
import { createRequire } from 'node:module';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { encodeLogsRequest } from './logs-request';
import { encodeTraceRequest } from './trace-request';

interface Serializer<T> { serializeRequest(items: T[]): Uint8Array | undefined; deserializeResponse(data: Uint8Array): unknown }
interface ExporterBase { OTLPExporterBase: new (delegate: unknown) => SpanExporter & LogRecordExporter }
interface NodeHttp {
  convertLegacyHttpOptions(config: object, signal: string, path: string, headers: Record<string, string>): unknown;
  createOtlpHttpExportDelegate(options: unknown, serializer: Serializer<never>, componentType: string, metricsHelper: unknown, meterProvider: undefined): unknown;
}
type Transformer = Record<string, unknown>;

const HEADERS = { 'Content-Type': 'application/x-protobuf' };

/** An exporter built from the packages `exporterPackage` depends on, with `encode` as its serializer. */
function build<T>(exporterPackage: string, config: object, signal: 'TRACES' | 'LOGS', encode: (items: readonly T[]) => Uint8Array): SpanExporter & LogRecordExporter {
  const load = createRequire(createRequire(__filename).resolve(exporterPackage));
  const base = load('@opentelemetry/otlp-exporter-base') as ExporterBase;
  const http = load('@opentelemetry/otlp-exporter-base/node-http') as NodeHttp;
  const transformer = load('@opentelemetry/otlp-transformer') as Transformer;
  const traces = signal === 'TRACES';
  // The reference serializer's response reader: the Collector's answer (partial success) is read as before.
  const reference = transformer[traces ? 'ProtobufTraceSerializer' : 'ProtobufLogsSerializer'] as Serializer<T>;
  const serializer: Serializer<T> = { serializeRequest: encode, deserializeResponse: (data) => reference.deserializeResponse(data) };
  const options = http.convertLegacyHttpOptions(config, signal, traces ? 'v1/traces' : 'v1/logs', HEADERS);
  return new base.OTLPExporterBase(http.createOtlpHttpExportDelegate(
    options,
    serializer as Serializer<never>,
    traces ? 'otlp_http_span_exporter' : 'otlp_http_log_exporter',
    transformer[traces ? 'TraceExporterMetricsHelper' : 'LogsExporterMetricsHelper'],
    undefined,
  ));
}

export function createProtobufSpanExporter(config: object): SpanExporter {
  return build<ReadableSpan>('@opentelemetry/exporter-trace-otlp-proto', config, 'TRACES', encodeTraceRequest);
}

export function createProtobufLogExporter(config: object): LogRecordExporter {
  return build<ReadableLogRecord>('@opentelemetry/exporter-logs-otlp-proto', config, 'LOGS', encodeLogsRequest);
}
