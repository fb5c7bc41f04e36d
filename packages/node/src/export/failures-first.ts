// Failures first. Which telemetry is urgent — failed spans (status ERROR or an exception event), spans
// force-kept because their trace failed, failure log records (severity ERROR and above, or carrying an
// exception) — and two processors that send it straight to the export buffer's urgent lane instead of
// the batch processors' queues, where it would wait for the next scheduled batch behind everything
// queued before it, or be dropped when that queue is full. Everything else goes through the batch
// processor as before. On a crash this is what puts the crash span and record on the wire at once.
import { SeverityNumber, TraceFlags } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import type { LogRecordProcessor, ReadableLogRecord, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { warnOnce } from '../diag';
import { hasFailed, isKeptForFailure } from '../sampling/error-keeping-processor';
import type { Exporter } from './fresh-first-exporter';

export function isUrgentSpan(span: ReadableSpan): boolean {
  return hasFailed(span) || isKeptForFailure(span);
}

export function isUrgentLogRecord(record: ReadableLogRecord): boolean {
  return (record.severityNumber ?? 0) >= SeverityNumber.ERROR || record.attributes['exception.type'] !== undefined;
}

const ignore = () => {};

/**
 * Hands items to the exporter one by one, each once its resource's attributes are known (as the batch
 * processors do); `settled()` waits for those still waiting, so a flush or shutdown never misses one.
 */
class UrgentSender<T extends { readonly resource: ReadableSpan['resource'] }> {
  private readonly waiting = new Set<Promise<void>>();

  constructor(private readonly exporter: Exporter<T>) {}

  send(item: T): void {
    const resource = item.resource;
    if (resource.asyncAttributesPending !== true || resource.waitForAsyncAttributes === undefined) {
      this.exportNow(item);
      return;
    }
    const waiting = resource.waitForAsyncAttributes().then(() => this.exportNow(item), () => this.exportNow(item));
    this.waiting.add(waiting);
    void waiting.finally(() => this.waiting.delete(waiting));
  }

  settled(): Promise<unknown> {
    return Promise.all(this.waiting);
  }

  private exportNow(item: T): void {
    try {
      this.exporter.export([item], ignore);
    } catch (error) {
      warnOnce('urgent-export', 'sending urgent telemetry failed', error);
    }
  }
}

interface Batching {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** Urgent items to the exporter, the rest to the batch processor; flush and shutdown wait for both. */
abstract class FailuresFirst<T extends { readonly resource: ReadableSpan['resource'] }, B extends Batching> {
  protected readonly urgent: UrgentSender<T>;

  constructor(protected readonly batch: B, exporter: Exporter<T>) {
    this.urgent = new UrgentSender(exporter);
  }

  async forceFlush(): Promise<void> {
    await this.urgent.settled();
    await this.batch.forceFlush();
  }

  async shutdown(): Promise<void> {
    await this.urgent.settled();
    await this.batch.shutdown();
  }
}

export class FailuresFirstSpanProcessor extends FailuresFirst<ReadableSpan, SpanProcessor> implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    this.batch.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0 && isUrgentSpan(span)) this.urgent.send(span);
    else this.batch.onEnd(span);
  }
}

export class FailuresFirstLogProcessor extends FailuresFirst<ReadableLogRecord, LogRecordProcessor> implements LogRecordProcessor {
  onEmit(record: ReadWriteLogRecord, context?: Context): void {
    if (isUrgentLogRecord(record)) this.urgent.send(record);
    else this.batch.onEmit(record, context);
  }
}
