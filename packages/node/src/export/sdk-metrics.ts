// Drops that someone sees, as metrics: the SDK's own loss counters exported as OTLP metrics when metrics
// export is on (OTEL_METRICS_EXPORTER), read from the same counts as getRuntime().exportStats.
//   faultline.sdk.spans.dropped        {reason}  spans lost (buffer_full, network, http_error,
//                                                 bad_response, partial_success, error_buffer_evicted,
//                                                 per_trace_limit)
//   faultline.sdk.log_records.dropped  {reason}  log records lost (the first five reasons)
//   faultline.sdk.exports.failed       {signal, reason}  export requests that failed
import { metrics } from '@opentelemetry/api';
import type { ObservableResult } from '@opentelemetry/api';
import type { ErrorBufferStats } from '../sampling/error-keeping-processor';
import type { FreshFirstStats } from './fresh-first-exporter';
import { packageVersion } from '../package-version';

export interface LossSources {
  readonly spans?: Readonly<FreshFirstStats>;
  readonly logs?: Readonly<FreshFirstStats>;
  readonly errorBuffer?: Readonly<ErrorBufferStats>;
}

function observeCounts(result: ObservableResult, counts: Readonly<Record<string, number>> | undefined, attributes: Record<string, string> = {}): void {
  for (const [reason, count] of Object.entries(counts ?? {})) result.observe(count, { ...attributes, reason });
}

/** Registers the faultline.sdk.* instruments on the global meter provider the SDK set up. */
export function registerSdkMetrics(sources: LossSources): void {
  const meter = metrics.getMeter('@faultline/node', packageVersion);
  meter.createObservableCounter('faultline.sdk.spans.dropped', { description: 'Spans Faultline could not deliver, by reason', unit: '{span}' })
    .addCallback((result) => {
      observeCounts(result, sources.spans?.lost);
      const buffer = sources.errorBuffer;
      if (buffer) observeCounts(result, { error_buffer_evicted: buffer.evictedTraces, per_trace_limit: buffer.droppedSpans });
    });
  meter.createObservableCounter('faultline.sdk.log_records.dropped', { description: 'Log records Faultline could not deliver, by reason', unit: '{log_record}' })
    .addCallback((result) => observeCounts(result, sources.logs?.lost));
  meter.createObservableCounter('faultline.sdk.exports.failed', { description: 'Export requests that failed, by signal and reason', unit: '{request}' })
    .addCallback((result) => {
      observeCounts(result, sources.spans?.failedRequests, { signal: 'traces' });
      observeCounts(result, sources.logs?.failedRequests, { signal: 'logs' });
    });
}
