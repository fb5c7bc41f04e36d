// OTLP/HTTP exporters for traces and logs, in the encoding the standard variables ask for. Endpoint,
// headers, timeout and compression are read by the exporters themselves from the OTEL_EXPORTER_OTLP_*
// variables. Each is wrapped so that everything is redacted before it leaves (in the export batch, so
// items dropped while the Collector is down are never redacted for nothing; over OTLP/protobuf, failures
// as they arrive, to wait encoded outside the JS heap), failures go first and the
// newest items win when the Collector is down or slow, and a 2xx that is not a clean OTLP answer fails.
// Only the exporter the encoding asks for is loaded, and only at its first export (lazy-exporter.ts): each
// costs start-up time. OTLP/protobuf requests are encoded by otlp-protobuf/ (same bytes as
// otlp-transformer's serialiser, a fraction of its CPU); OTLP/JSON by the standard exporters.
import type * as LogsJson from '@opentelemetry/exporter-logs-otlp-http';
import type * as TracesJson from '@opentelemetry/exporter-trace-otlp-http';
import { ConsoleLogRecordExporter } from '@opentelemetry/sdk-logs';
import { ConsoleSpanExporter } from '@opentelemetry/sdk-trace';
import type { Redactor } from '@faultline/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import type { FaultlineConfig } from '../config';
import { otlpOptions } from './export-keeps-no-process';
import { isUrgentLogRecord, isUrgentSpan } from './failures-first';
import { FreshFirstExporter } from './fresh-first-exporter';
import { logRecordSize, spanSize } from './item-size';
import type { Exporter } from './fresh-first-exporter';
import { LazyExporter } from './lazy-exporter';
import { logRecordQueue } from '../otlp-protobuf/logs-request';
import { createProtobufLogExporter, createProtobufSpanExporter } from '../otlp-protobuf/protobuf-exporters';
import { spanQueue } from '../otlp-protobuf/trace-request';
import { RedactingLogExporter, RedactingSpanExporter } from './redacting-exporter';
import { ResponseCheckingExporter } from './response-check';

/** An OTLP exporter loaded at its first export, whose 2xx answers are checked (response-check.ts). */
function otlpExporter<T>(name: string, load: () => Exporter<T>, json: boolean): LazyExporter<T> {
  return new LazyExporter(name, () => new ResponseCheckingExporter(load(), json));
}

/* eslint-disable @typescript-eslint/no-require-imports -- one exporter loaded, by encoding. */
export function createSpanExporter(config: FaultlineConfig, redactor: Redactor): FreshFirstExporter<ReadableSpan> | undefined {
  let exporter: SpanExporter;
  let protobuf = false;
  switch (config.tracesExporter) {
    case 'none':
      return undefined;
    case 'console':
      exporter = new ConsoleSpanExporter();
      break;
    case 'otlp':
      protobuf = (config.otlpTracesProtocol ?? config.otlpProtocol) !== 'http/json';
      exporter = protobuf
        ? otlpExporter('OTLP/protobuf trace', () => createProtobufSpanExporter(otlpOptions()), false)
        : otlpExporter('OTLP/JSON trace', () => new (require('@opentelemetry/exporter-trace-otlp-http') as typeof TracesJson).OTLPTraceExporter(otlpOptions()), true);
      break;
  }
  const redacting = new RedactingSpanExporter(exporter, redactor);
  // Over OTLP/protobuf a failure's span waits redacted and encoded, outside the JS heap (encoded-queue.ts).
  const packing = protobuf ? spanQueue((span) => redacting.redact(span)) : undefined;
  return new FreshFirstExporter(redacting, config.exportBufferSize, isUrgentSpan, 'span', { max: config.exportBufferBytes, sizeOf: spanSize }, packing);
}

export function createLogExporter(config: FaultlineConfig, redactor: Redactor): FreshFirstExporter<ReadableLogRecord> | undefined {
  let exporter: LogRecordExporter;
  let protobuf = false;
  switch (config.logsExporter) {
    case 'none':
      return undefined;
    case 'console':
      exporter = new ConsoleLogRecordExporter();
      break;
    case 'otlp':
      protobuf = (config.otlpLogsProtocol ?? config.otlpProtocol) !== 'http/json';
      exporter = protobuf
        ? otlpExporter('OTLP/protobuf log', () => createProtobufLogExporter(otlpOptions()), false)
        : otlpExporter('OTLP/JSON log', () => new (require('@opentelemetry/exporter-logs-otlp-http') as typeof LogsJson).OTLPLogExporter(otlpOptions()), true);
      break;
  }
  const redacting = new RedactingLogExporter(exporter, redactor);
  const packing = protobuf ? logRecordQueue((record) => redacting.redact(record)) : undefined;
  return new FreshFirstExporter(redacting, config.exportBufferSize, isUrgentLogRecord, 'log record', { max: config.exportBufferBytes, sizeOf: logRecordSize }, packing);
}
/* eslint-enable @typescript-eslint/no-require-imports */
