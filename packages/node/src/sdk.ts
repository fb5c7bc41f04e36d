// Builds and starts the OpenTelemetry NodeSDK the way Faultline needs it: the configured sampler made
// error-keeping, spans held per unsampled trace until we know whether it failed, every export redacted,
// the instrumentations that matter for errors. Returns how to flush and shut it down.
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Redactor } from '@faultline/core';
import type { NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { FaultlineConfig } from './config';
import { ErrorKeepingSpanProcessor } from './error-keeping-processor';
import type { ErrorBufferStats } from './error-keeping-processor';
import { createLogExporter, createSpanExporter } from './exporters';
import { createInstrumentations } from './instrumentations';
import { createSampler } from './sampler';

export interface StartedSdk {
  readonly flush: (timeoutMs: number) => Promise<void>;
  readonly shutdown: (timeoutMs: number) => Promise<void>;
  /** What the error-keeping buffer kept and dropped (undefined when FAULTLINE_KEEP_ERROR_TRACES=false). */
  readonly errorBufferStats?: Readonly<ErrorBufferStats>;
}

function spanPipeline(config: FaultlineConfig, redactor: Redactor): { processors: SpanProcessor[]; buffer?: ErrorKeepingSpanProcessor } {
  const exporter = createSpanExporter(config, redactor);
  if (!exporter) return { processors: [] };
  // Reads OTEL_BSP_* itself.
  const batch = new BatchSpanProcessor(exporter);
  if (!config.keepErrorTraces) return { processors: [batch] };
  const buffer = new ErrorKeepingSpanProcessor(batch, {
    maxTraces: config.errorBufferMaxTraces,
    maxSpansPerTrace: config.errorBufferMaxSpansPerTrace,
    maxAgeMs: config.errorBufferMaxAgeMs,
  });
  return { processors: [buffer], buffer };
}

function logPipeline(config: FaultlineConfig, redactor: Redactor): LogRecordProcessor[] {
  const exporter = createLogExporter(config, redactor);
  if (!exporter) return [];
  return [new BatchLogRecordProcessor({
    exporter,
    scheduledDelayMillis: config.logExportDelayMs,
    exportTimeoutMillis: config.logExportTimeoutMs,
    maxQueueSize: config.logMaxQueueSize,
    maxExportBatchSize: config.logMaxExportBatchSize,
  })];
}

export function startSdk(config: FaultlineConfig, redactor: Redactor): StartedSdk {
  const spans = spanPipeline(config, redactor);
  const logProcessors = logPipeline(config, redactor);
  const options: Partial<NodeSDKConfiguration> = {
    sampler: createSampler(config),
    spanProcessors: spans.processors,
    logRecordProcessors: logProcessors,
    instrumentations: createInstrumentations(config),
  };
  // Faultline exports no metrics of its own; leave metrics to the SDK only when the user asked for them.
  if (config.metricsExporter === undefined) options.metricReaders = [];
  const sdk = new NodeSDK(options);
  sdk.start();

  const flush = async () => {
    await Promise.all([...spans.processors, ...logProcessors].map((processor) => processor.forceFlush()));
  };
  return {
    flush,
    shutdown: () => sdk.shutdown(),
    errorBufferStats: spans.buffer?.stats,
  };
}
