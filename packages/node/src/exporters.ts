// OTLP/HTTP exporters for traces and logs, in the encoding the standard variables ask for. Endpoint,
// headers, timeout and compression are read by the exporters themselves from the OTEL_EXPORTER_OTLP_*
// variables. Each is wrapped so that everything is redacted before it leaves (in the export batch, so
// items dropped while the Collector is down are never redacted for nothing), failures go first and the
// newest items win when the Collector is down or slow, and a 2xx that is not a clean OTLP answer fails.
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtobufLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { ConsoleLogRecordExporter } from '@opentelemetry/sdk-logs';
import { ConsoleSpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Redactor } from '@faultline/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { FaultlineConfig } from './config';
import { isUrgentLogRecord, isUrgentSpan } from './failures-first';
import { FreshFirstExporter } from './fresh-first-exporter';
import { RedactingLogExporter, RedactingSpanExporter } from './redacting-exporter';
import { ResponseCheckingExporter } from './response-check';

export function createSpanExporter(config: FaultlineConfig, redactor: Redactor): FreshFirstExporter<ReadableSpan> | undefined {
  let exporter: SpanExporter;
  switch (config.tracesExporter) {
    case 'none':
      return undefined;
    case 'console':
      exporter = new ConsoleSpanExporter();
      break;
    case 'otlp':
      exporter = (config.otlpTracesProtocol ?? config.otlpProtocol) === 'http/json'
        ? new ResponseCheckingExporter(new JsonTraceExporter(), true)
        : new ResponseCheckingExporter(new ProtobufTraceExporter(), false);
      break;
  }
  return new FreshFirstExporter(new RedactingSpanExporter(exporter, redactor), config.exportBufferSize, isUrgentSpan, 'span');
}

export function createLogExporter(config: FaultlineConfig, redactor: Redactor): FreshFirstExporter<ReadableLogRecord> | undefined {
  let exporter: LogRecordExporter;
  switch (config.logsExporter) {
    case 'none':
      return undefined;
    case 'console':
      exporter = new ConsoleLogRecordExporter();
      break;
    case 'otlp':
      exporter = (config.otlpLogsProtocol ?? config.otlpProtocol) === 'http/json'
        ? new ResponseCheckingExporter(new JsonLogExporter(), true)
        : new ResponseCheckingExporter(new ProtobufLogExporter(), false);
      break;
  }
  return new FreshFirstExporter(new RedactingLogExporter(exporter, redactor), config.exportBufferSize, isUrgentLogRecord, 'log record');
}
