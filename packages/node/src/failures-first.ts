// Failures first. Which telemetry is urgent — failed spans (status ERROR or an exception event), spans
// force-kept because their trace failed, failure log records (severity ERROR and above, or carrying an
// exception) — and two processors that send it straight to the export buffer's urgent lane instead of
// the batch processors' queues, where it would wait for the next scheduled batch behind everything
// queued before it, or be dropped when that queue is full. Everything else goes through the batch
// processor as before. On a crash this is what puts the crash span and record on the wire at once.
import { TraceFlags } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import type { Context } from '@opentelemetry/api';
import type { LogRecordProcessor, ReadableLogRecord, SdkLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { warnOnce } from './diag';
import { hasFailed, isKeptForFailure } from './error-keeping-processor';
import type { Exporter } from './fresh-first-exporter';

export function isUrgentSpan(span: ReadableSpan): boolean {
  return hasFailed(span) || isKeptForFailure(span);
}

export function isUrgentLogRecord(record: ReadableLogRecord): boolean {
  return (record.severityNumber ?? 0) >= SeverityNumber.ERROR || record.attributes['exception.type'] !== undefined;
}

const ignore = () => {};

/** Hands one item to the exporter once its resource's attributes are known (as the batch processors do). */
function sendNow<T extends { readonly resource: ReadableSpan['resource'] }>(exporter: Exporter<T>, item: T): void {
  const send = () => {
    try {
      exporter.export([item], ignore);
    } catch (error) {
      warnOnce('urgent-export', 'sending urgent telemetry failed', error);
    }
  };
  const resource = item.resource;
  if (resource.asyncAttributesPending === true && resource.waitForAsyncAttributes) resource.waitForAsyncAttributes().then(send, send);
  else send();
}

export class FailuresFirstSpanProcessor implements SpanProcessor {
  constructor(private readonly batch: SpanProcessor, private readonly exporter: Exporter<ReadableSpan>) {}

  onStart(span: Span, parentContext: Context): void {
    this.batch.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0 && isUrgentSpan(span)) sendNow(this.exporter, span);
    else this.batch.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.batch.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.batch.shutdown();
  }
}

export class FailuresFirstLogProcessor implements LogRecordProcessor {
  constructor(private readonly batch: LogRecordProcessor, private readonly exporter: Exporter<ReadableLogRecord>) {}

  onEmit(record: SdkLogRecord, context?: Context): void {
    if (isUrgentLogRecord(record)) sendNow(this.exporter, record);
    else this.batch.onEmit(record, context);
  }

  forceFlush(): Promise<void> {
    return this.batch.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.batch.shutdown();
  }
}
