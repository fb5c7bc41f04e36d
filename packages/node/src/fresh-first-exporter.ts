// Keeps the newest telemetry when the Collector is down or slow. OpenTelemetry's batch processors wait
// for each export (the OTLP exporter retries for up to its timeout), so during an outage their queue
// fills and every new span is dropped: once the Collector is back, the first errors it gets are stale
// and the fresh ones are gone. This wrapper takes each batch at once into a bounded buffer that drops
// its OLDEST items when full (counted), and sends one export at a time from it. Memory stays bounded;
// after an outage the newest failures go out first.
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';

export interface Exporter<T> {
  export(items: T[], resultCallback: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
}

export interface FreshFirstStats {
  /** Items dropped because the buffer was full (the oldest go first). */
  droppedOldest: number;
  /** Items whose export failed after the exporter's own retries. */
  failedExports: number;
}

const MAX_BATCH = 512;

export class FreshFirstExporter<T> implements Exporter<T> {
  private pending: T[] = [];
  private inFlight = false;
  private stopped = false;
  private idleWaiters: Array<() => void> = [];
  readonly stats: FreshFirstStats = { droppedOldest: 0, failedExports: 0 };

  constructor(private readonly inner: Exporter<T>, private readonly maxPending: number) {}

  export(items: T[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('exporter shut down') });
      return;
    }
    this.pending.push(...items);
    const excess = this.pending.length - this.maxPending;
    if (excess > 0) {
      this.pending.splice(0, excess);
      this.stats.droppedOldest += excess;
    }
    resultCallback({ code: ExportResultCode.SUCCESS });
    this.pump();
  }

  private pump(): void {
    if (this.inFlight) return;
    if (this.pending.length === 0) {
      for (const wake of this.idleWaiters.splice(0)) wake();
      return;
    }
    const batch = this.pending.splice(0, MAX_BATCH);
    this.inFlight = true;
    let done = false;
    const finish = (result: ExportResult) => {
      if (done) return;
      done = true;
      if (result.code !== ExportResultCode.SUCCESS) this.stats.failedExports += batch.length;
      this.inFlight = false;
      this.pump();
    };
    try {
      this.inner.export(batch, finish);
    } catch {
      finish({ code: ExportResultCode.FAILED });
    }
  }

  /** Resolves once everything taken so far has been handed to the exporter and answered. */
  forceFlush(): Promise<void> {
    const idle = this.inFlight || this.pending.length > 0
      ? new Promise<void>((resolve) => this.idleWaiters.push(resolve))
      : Promise.resolve();
    return idle.then(() => this.inner.forceFlush?.());
  }

  async shutdown(): Promise<void> {
    await this.forceFlush();
    this.stopped = true;
    await this.inner.shutdown();
  }
}
