// Builds and starts OpenTelemetry the way Faultline needs it (providers.ts): the configured sampler made
// error-keeping, spans held per unsampled trace until we know whether it failed, every export redacted,
// the instrumentations that matter for errors. Returns how to flush and shut it down.
import { diag } from '@opentelemetry/api';
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BatchSpanProcessor, NoopSpanProcessor } from '@opentelemetry/sdk-trace';
import type { Redactor } from '@faultline/core';
import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import type { FaultlineConfig } from '../config';
import { ErrorKeepingSpanProcessor } from '../sampling/error-keeping-processor';
import type { ErrorBufferStats } from '../sampling/error-keeping-processor';
import type { FreshFirstStats } from '../export/fresh-first-exporter';
import { createLogExporter, createSpanExporter } from '../export/exporters';
import { FailuresFirstLogProcessor, FailuresFirstSpanProcessor } from '../export/failures-first';
import { createInstrumentations } from './instrumentations';
import { startProviders } from './providers';
import { PrescrubbedRecordMarker } from '../capture/prescrubbed';
import { registerFailureCounter } from '../capture/failure-counter';
import { flushMetrics } from './metrics';
import { createSampler, standardSampler } from '../sampling/sampler';
import { registerSdkMetrics } from '../export/sdk-metrics';
import { createSamplingGate } from '../sampling/sampling-gate';

export interface StartedSdk {
  readonly flush: (timeoutMs: number) => Promise<void>;
  readonly shutdown: (timeoutMs: number) => Promise<void>;
  /** One diag line with what was dropped, failed or is still unsent (nothing when nothing was lost). */
  readonly report: () => void;
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
  // Failed and force-kept spans skip the batch queue (failures-first.ts).
  const batch = new FailuresFirstSpanProcessor(new BatchSpanProcessor({
    exporter,
    scheduledDelayMillis: config.spanExportDelayMs,
    exportTimeoutMillis: config.spanExportTimeoutMs,
    maxQueueSize: config.spanMaxQueueSize,
    maxExportBatchSize: config.spanMaxExportBatchSize,
  }), exporter);
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
  return { exporters: [exporter], processors: [new PrescrubbedRecordMarker(), new FailuresFirstLogProcessor(new BatchLogRecordProcessor({
    exporter,
    scheduledDelayMillis: config.logExportDelayMs,
    exportTimeoutMillis: config.logExportTimeoutMs,
    maxQueueSize: config.logMaxQueueSize,
    maxExportBatchSize: config.logMaxExportBatchSize,
  }), exporter)] };
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
  // The failure counts go beside them, not after: a crash exits when this flush ends or its bound runs
  // out, and its own count must not wait behind a slow span export.
  const flush = async () => {
    await Promise.all([
      flushMetrics(),
      (async () => {
        await Promise.all([...spans.processors, ...logs.processors].map((processor) => processor.forceFlush()));
        await Promise.all([...spans.exporters, ...logs.exporters].map((exporter) => exporter.forceFlush()));
      })(),
    ]);
  };
  const exportStats = { spans: spans.exporters[0]?.stats, logs: logs.exporters[0]?.stats };
  if (config.metricsExporter !== undefined && config.metricsExporter !== 'none') {
    registerSdkMetrics({ ...exportStats, errorBuffer: spans.buffer?.stats });
    registerFailureCounter();
  }
  return {
    flush,
    shutdown: () => shutdownProviders(),
    report: () => reportDrops(spans.buffer?.stats, exportStats),
    errorBufferStats: spans.buffer?.stats,
    exportStats,
  };
}

function lossOf(what: string, stats: FreshFirstStats | undefined): string[] {
  if (stats === undefined) return [];
  const failed = Object.entries(stats.lost).filter(([reason, count]) => reason !== 'buffer_full' && count > 0);
  return [
    stats.droppedOldest ? `${stats.droppedOldest} ${what}s dropped from the full export buffer` : '',
    failed.length > 0 ? `${stats.failedExports} ${what}s failed to export (${failed.map(([reason, count]) => `${reason} ${count}`).join(', ')})` : '',
    stats.pending ? `${stats.pending} ${what}s still unsent` : '',
  ];
}

/** One diag line at shutdown when telemetry was lost, so a lossy run is never silent. */
function reportDrops(buffer: ErrorBufferStats | undefined, exported: StartedSdk['exportStats']): void {
  const parts = [
    buffer?.evictedTraces ? `${buffer.evictedTraces} unsampled traces evicted undecided` : '',
    buffer?.droppedSpans ? `${buffer.droppedSpans} spans over the per-trace limit` : '',
    ...lossOf('span', exported.spans),
    ...lossOf('log record', exported.logs),
  ].filter(Boolean);
  if (parts.length > 0) diag.warn(`faultline: telemetry lost: ${parts.join('; ')}`);
}
