// Keeps the newest telemetry, failures first, when the Collector is down or slow. OpenTelemetry's batch
// processors wait for each export (the OTLP exporter retries for up to its timeout), so during an outage
// their queue fills and every new span is dropped: once the Collector is back, the first errors it gets
// are stale and the fresh ones are gone. This wrapper takes each batch at once into a bounded buffer with
// two lanes: urgent items (failed and force-kept spans, failure log records) and the rest. When full it
// drops the OLDEST ordinary items first (counted); urgent items go only when nothing else is left. Each
// lane has its own exports in flight, so a failure never waits behind (or shares the fate of) a backlog
// stuck on a slow or hanging Collector: one ordinary export; one urgent export, and up to
// MAX_URGENT_REQUESTS while full batches of failures wait (a storm over a slow round trip would otherwise
// be capped at one batch per round trip, and the rest dropped from the full buffer).
// The urgent one starts at most every URGENT_INTERVAL_MS (a failure after a quiet spell goes at once,
// a storm of them in batches, not one request each), and at once on a flush (a crash) or when a full
// batch is waiting. Besides the count, an optional byte bound on what waits (each item estimated as it
// waits: a packed urgent item by its encoded size): a storm's failures carry stacks, and a count alone
// would let them hold a lot of memory. The lanes themselves are in waiting-lanes.ts.
import { context } from '@opentelemetry/api';
import { ExportResultCode, suppressTracing } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { ExportHealth } from './export-health';
import { FAILURE_REASONS, LOSS_REASONS, emptyCounts, failureReason, itemsLost } from './export-outcome';
import type { FailureReason, LossReason } from './export-outcome';
import { ItemLane, PackedLane } from './waiting-lanes';
import type { Packing, WaitingLane } from './waiting-lanes';

export interface Exporter<T> {
  export(items: T[], resultCallback: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
}

export interface FreshFirstStats {
  /** Items dropped because the buffer was full (the oldest ordinary items go first). */
  droppedOldest: number;
  /** Items whose export failed after the exporter's own retries (or that the Collector rejected). */
  failedExports: number;
  /** Items lost, by reason: the buffer full, or the export that carried them failed (and why). */
  readonly lost: Record<LossReason, number>;
  /** Export requests that failed, by reason. */
  readonly failedRequests: Record<FailureReason, number>;
  /** Items waiting or in flight now. */
  pending: number;
}

const MAX_BATCH = 512;
const URGENT_INTERVAL_MS = 50;
/** Urgent export requests in flight at most: one, and more only while full batches wait (a storm). */
const MAX_URGENT_REQUESTS = 4;
type Lane = 'urgent' | 'ordinary';

/** A bound on the bytes waiting (not in flight: requests bound those), with each item's estimated size (a packed one by its encoded size). */
export interface ByteBound<T> {
  readonly max: number;
  readonly sizeOf: (item: T) => number;
}

export class FreshFirstExporter<T> implements Exporter<T> {
  private readonly urgent: WaitingLane<T>;
  private readonly ordinary: WaitingLane<T>;
  /** Items in flight, and the export requests carrying them, per lane. */
  private readonly inFlight: Record<Lane, number> = { urgent: 0, ordinary: 0 };
  private readonly requests: Record<Lane, number> = { urgent: 0, ordinary: 0 };
  private pumpScheduled = false;
  private fullBatchQueued = false;
  private lastUrgentAt = Number.NEGATIVE_INFINITY;
  /** Set while a flush waits: urgent items then go without waiting for the interval. */
  private flushing = false;
  private stopped = false;
  private idleWaiters: Array<() => void> = [];
  private readonly health: ExportHealth;
  readonly stats: FreshFirstStats = {
    droppedOldest: 0, failedExports: 0, lost: emptyCounts(LOSS_REASONS), failedRequests: emptyCounts(FAILURE_REASONS), pending: 0,
  };

  /** `what` names the items in warnings ("span"); `isUrgent` picks the items that go first. */
  constructor(
    private readonly inner: Exporter<T>,
    private readonly maxPending: number,
    private readonly isUrgent: (item: T) => boolean = () => false,
    what = 'item',
    private readonly bytes?: ByteBound<T>,
    /** Where urgent items wait packed (redacted and encoded: otlp-protobuf/encoded-queue.ts); else as they are. */
    packing?: Packing<T>,
  ) {
    this.health = new ExportHealth(what);
    const sizeOf = (item: T) => this.sizeOfSafely(item);
    this.ordinary = new ItemLane(sizeOf);
    this.urgent = packing === undefined ? new ItemLane(sizeOf) : new PackedLane(packing, sizeOf);
  }

  export(items: T[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('exporter shut down') });
      return;
    }
    let urgent = false;
    for (const item of items) {
      if (this.isUrgentSafely(item)) {
        this.urgent.push(item);
        urgent = true;
      } else {
        this.ordinary.push(item);
      }
    }
    this.trim();
    resultCallback({ code: ExportResultCode.SUCCESS });
    // Urgent items are sent after the current task at the earliest (so one failure's spans and record
    // share a request, and span.end() stays cheap); ordinary ones at once when their export slot is free.
    if (!urgent) this.pump();
    else if (this.urgent.length >= MAX_BATCH && this.requests.urgent < MAX_URGENT_REQUESTS) this.pumpSoon();
    else this.schedulePump(0);
  }

  private isUrgentSafely(item: T): boolean {
    try {
      return this.isUrgent(item);
    } catch {
      return false;
    }
  }

  private sizeOfSafely(item: T): number {
    if (this.bytes === undefined) return 0;
    try {
      return this.bytes.sizeOf(item);
    } catch {
      return 0;
    }
  }

  private get waitingBytes(): number {
    return this.urgent.bytes + this.ordinary.bytes;
  }

  /** Over a bound: the oldest ordinary items go first, urgent ones only when no ordinary one is left. */
  private trim(): void {
    const excess = Math.max(0, this.urgent.length + this.ordinary.length - this.maxPending);
    let dropped = this.ordinary.drop(Math.min(excess, this.ordinary.length));
    dropped += this.urgent.drop(excess - dropped);
    if (this.bytes !== undefined && this.waitingBytes > this.bytes.max) {
      dropped += this.ordinary.drop(this.ordinary.oldestCovering(this.waitingBytes - this.bytes.max));
      if (this.waitingBytes > this.bytes.max) dropped += this.urgent.drop(this.urgent.oldestCovering(this.waitingBytes - this.bytes.max));
    }
    if (dropped > 0) {
      this.stats.droppedOldest += dropped;
      this.stats.lost.buffer_full += dropped;
      this.health.drop(dropped);
    }
    this.updatePending();
  }

  private updatePending(): void {
    this.stats.pending = this.urgent.length + this.ordinary.length + this.inFlight.urgent + this.inFlight.ordinary;
  }

  private schedulePump(delayMs: number): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    const run = () => {
      this.pumpScheduled = false;
      this.pump();
    };
    if (delayMs <= 0) queueMicrotask(run);
    else setTimeout(run, delayMs).unref();
  }

  /** After the current task, whatever pump is already scheduled for later (a full urgent batch). */
  private pumpSoon(): void {
    if (this.fullBatchQueued) return;
    this.fullBatchQueued = true;
    queueMicrotask(() => {
      this.fullBatchQueued = false;
      this.pump();
    });
  }

  private pump(): void {
    this.sendUrgent();
    this.send('ordinary');
    this.updatePending();
    if (this.stats.pending === 0) {
      this.flushing = false;
      for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  private sendUrgent(): void {
    if (this.urgent.length === 0) return;
    if (this.requests.urgent === 0) {
      const wait = this.lastUrgentAt + URGENT_INTERVAL_MS - Date.now();
      // A full batch goes at once: waiting would only cap a storm's failures at one batch per interval
      // and drop the rest from a full buffer.
      if (wait > 0 && !this.flushing && this.urgent.length < MAX_BATCH) {
        this.schedulePump(wait);
        return;
      }
      this.lastUrgentAt = Date.now();
      this.send('urgent');
    }
    // Beside a request in flight, only full batches go (a storm's backlog), up to MAX_URGENT_REQUESTS.
    while (this.requests.urgent > 0 && this.requests.urgent < MAX_URGENT_REQUESTS && this.urgent.length >= MAX_BATCH) this.send('urgent');
  }

  private send(lane: Lane): void {
    if (lane === 'ordinary' && this.requests.ordinary > 0) return;
    const { items: batch, count } = this[lane].take(MAX_BATCH);
    if (count === 0) return;
    this.inFlight[lane] += count;
    this.requests[lane] += 1;
    let done = false;
    // Knows only the count: the items are garbage once the exporter has encoded them, not once the
    // Collector answers (a slow one would otherwise keep up to five batches alive until its timeout).
    const finish = (result: ExportResult) => {
      if (done) return;
      done = true;
      this.settle(result, count);
      this.inFlight[lane] -= count;
      this.requests[lane] -= 1;
      this.pump();
    };
    this.hand(batch, finish);
  }

  /** Hands a batch to the exporter; in a function of its own so that `finish` does not hold the batch. */
  private hand(batch: T[], finish: (result: ExportResult) => void): void {
    try {
      // Tracing suppressed, as the batch processors do: otherwise the http instrumentation traces the
      // export's own request, and a failed one (an error span, so urgent) asks for another export, forever.
      context.with(suppressTracing(context.active()), () => this.inner.export(batch, finish));
    } catch (error) {
      finish({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }

  private settle(result: ExportResult, size: number): void {
    if (result.code === ExportResultCode.SUCCESS) {
      this.health.success();
      return;
    }
    const reason = failureReason(result);
    const lost = itemsLost(result, size);
    this.stats.failedExports += lost;
    this.stats.lost[reason] += lost;
    this.stats.failedRequests[reason] += 1;
    this.health.failure(reason, lost);
  }

  /** Resolves once everything taken so far has been handed to the exporter and answered. */
  forceFlush(): Promise<void> {
    this.flushing = true;
    this.pump();
    const idle = this.stats.pending > 0
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
