// Builds and starts OpenTelemetry the way Faultline needs it (providers.ts): the configured sampler made
// error-keeping, spans held per unsampled trace until we know whether it failed, every export redacted,
// the instrumentations that matter for errors. Returns how to flush and shut it down.
import { diag } from '@opentelemetry/api';
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BatchSpanProcessor, NoopSpanProcessor } from '@opentelemetry/sdk-trace';
import type { Redactor } from '@faultline/core';
import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import type { FaultlineConfig } from './config';
import { ErrorKeepingSpanProcessor } from './error-keeping-processor';
import type { ErrorBufferStats } from './error-keeping-processor';
import type { FreshFirstStats } from './fresh-first-exporter';
import { createLogExporter, createSpanExporter } from './exporters';
import { createInstrumentations } from './instrumentations';
import { startProviders } from './providers';
import { PrescrubbedRecordMarker } from './prescrubbed';
import { createSampler, standardSampler } from './sampler';
import { createSamplingGate } from './sampling-gate';

export interface StartedSdk {
  readonly flush: (timeoutMs: number) => Promise<void>;
  readonly shutdown: (timeoutMs: number) => Promise<void>;
  /** What the error-keeping buffer kept and dropped (undefined when FAULTLINE_KEEP_ERROR_TRACES=false). */
  readonly errorBufferStats?: Readonly<ErrorBufferStats>;
  /** What the export buffers dropped while the Collector was down or slow. */
  readonly exportStats: { readonly spans?: Readonly<FreshFirstStats>; readonly logs?: Readonly<FreshFirstStats> };
}

interface Flushable { forceFlush(): Promise<void>; readonly stats: FreshFirstStats }

function spanPipeline(config: FaultlineConfig, redactor: Redactor): { processors: SpanProcessor[]; exporters: Flushable[]; buffer?: ErrorKeepingSpanProcessor } {
  const exporter = createSpanExporter(config, redactor);
  // With no exporter (OTEL_TRACES_EXPORTER=none) a tracer provider is still needed: without one there is no
  // trace context, so no X-Request-ID, no requestId in problem bodies and no log correlation.
  if (!exporter) return { processors: [new NoopSpanProcessor()], exporters: [] };
  const batch = new BatchSpanProcessor({
    exporter,
    scheduledDelayMillis: config.spanExportDelayMs,
    exportTimeoutMillis: config.spanExportTimeoutMs,
    maxQueueSize: config.spanMaxQueueSize,
    maxExportBatchSize: config.spanMaxExportBatchSize,
  });
  if (!config.keepErrorTraces) return { processors: [batch], exporters: [exporter] };
  const buffer = new ErrorKeepingSpanProcessor(batch, {
    maxTraces: config.errorBufferMaxTraces,
    maxSpansPerTrace: config.errorBufferMaxSpansPerTrace,
    maxAgeMs: config.errorBufferMaxAgeMs,
  });
  return { processors: [buffer], exporters: [exporter], buffer };
}

function logPipeline(config: FaultlineConfig, redactor: Redactor): { processors: LogRecordProcessor[]; exporters: Flushable[] } {
  const exporter = createLogExporter(config, redactor);
  if (!exporter) return { processors: [], exporters: [] };
  return { exporters: [exporter], processors: [new PrescrubbedRecordMarker(), new BatchLogRecordProcessor({
    exporter,
    scheduledDelayMillis: config.logExportDelayMs,
    exportTimeoutMillis: config.logExportTimeoutMs,
    maxQueueSize: config.logMaxQueueSize,
    maxExportBatchSize: config.logMaxExportBatchSize,
  })] };
}

export function startSdk(config: FaultlineConfig, redactor: Redactor): StartedSdk {
  const spans = spanPipeline(config, redactor);
  const logs = logPipeline(config, redactor);
  const idGenerator = createSamplingGate(config, standardSampler(config));
  const shutdownProviders = startProviders(config, {
    sampler: createSampler(config),
    spanProcessors: spans.processors,
    logRecordProcessors: logs.processors,
    instrumentations: createInstrumentations(config),
    ...(idGenerator === undefined ? {} : { idGenerator }),
  });

  // The batch processors hand their queues to the exporters, which answer at once (FreshFirstExporter);
  // a flush is done when the exporters have sent what they were given.
  const flush = async () => {
    await Promise.all([...spans.processors, ...logs.processors].map((processor) => processor.forceFlush()));
    await Promise.all([...spans.exporters, ...logs.exporters].map((exporter) => exporter.forceFlush()));
  };
  const exportStats = { spans: spans.exporters[0]?.stats, logs: logs.exporters[0]?.stats };
  return {
    flush,
    shutdown: async () => {
      await shutdownProviders();
      reportDrops(spans.buffer?.stats, exportStats);
    },
    errorBufferStats: spans.buffer?.stats,
    exportStats,
  };
}

/** One diag line at shutdown when telemetry was dropped, so a lossy run is never silent. */
function reportDrops(buffer: ErrorBufferStats | undefined, exported: StartedSdk['exportStats']): void {
  const parts = [
    buffer?.evictedTraces ? `${buffer.evictedTraces} unsampled traces evicted undecided` : '',
    buffer?.droppedSpans ? `${buffer.droppedSpans} spans over the per-trace limit` : '',
    exported.spans?.droppedOldest ? `${exported.spans.droppedOldest} spans dropped while the Collector was unreachable` : '',
    exported.spans?.failedExports ? `${exported.spans.failedExports} spans failed to export` : '',
    exported.logs?.droppedOldest ? `${exported.logs.droppedOldest} log records dropped while the Collector was unreachable` : '',
    exported.logs?.failedExports ? `${exported.logs.failedExports} log records failed to export` : '',
  ].filter(Boolean);
  if (parts.length > 0) diag.warn(`faultline: telemetry dropped: ${parts.join('; ')}`);
}
