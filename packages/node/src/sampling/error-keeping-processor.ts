// Errors survive sampling, part 2: sampled spans pass straight through; spans of unsampled traces
// (recorded thanks to ErrorKeepingSampler) are held per trace until the trace's local root span ends.
// If any held span failed (status ERROR or an exception event) the whole trace is exported, else it is
// discarded. Memory is bounded (traces, spans per trace, age) and everything dropped is counted.
import { TraceFlags, SpanStatusCode } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';

export interface ErrorBufferLimits {
  readonly maxTraces: number;
  readonly maxSpansPerTrace: number;
  readonly maxAgeMs: number;
}

export interface ErrorBufferStats {
  /** Unsampled traces exported because one of their spans failed. */
  keptTraces: number;
  /** Unsampled traces without a failure, discarded as the sampler intended. */
  discardedTraces: number;
  /** Unsampled traces dropped undecided because the buffer was full (the oldest go first). */
  evictedTraces: number;
  /** Spans dropped because their trace already held the maximum. */
  droppedSpans: number;
}

interface HeldTrace {
  readonly spans: ReadableSpan[];
  readonly since: number;
  failed: boolean;
}

/** Decided trace IDs are remembered a while: late spans of a kept trace follow it out, late spans of a
 * discarded one are dropped at once instead of being held again until they age out. */
const REMEMBERED_KEPT_TRACES = 256;
const REMEMBERED_DISCARDED_TRACES = 1024;

export function hasFailed(span: ReadableSpan): boolean {
  return span.status.code === SpanStatusCode.ERROR || span.events.some((event) => event.name === 'exception');
}

const kKeptForFailure = Symbol('faultline.kept-for-failure');

/** The held span, presented as sampled so the batch processor exports it, and marked as kept for a failure. */
function promote(span: ReadableSpan): ReadableSpan {
  const context = span.spanContext();
  const sampled = { ...context, traceFlags: context.traceFlags | TraceFlags.SAMPLED };
  return Object.create(span, { spanContext: { value: () => sampled }, [kKeptForFailure]: { value: true } }) as ReadableSpan;
}

/** True for a span of an unsampled trace exported because the trace failed. */
export function isKeptForFailure(span: ReadableSpan): boolean {
  return (span as ReadableSpan & { [kKeptForFailure]?: boolean })[kKeptForFailure] === true;
}

/** Adds to a set used as a small FIFO memory: the oldest entry goes when it is full. */
function remember(set: Set<string>, traceId: string, max: number): void {
  if (set.size >= max) {
    const oldest = set.values().next().value;
    if (oldest !== undefined) set.delete(oldest);
  }
  set.add(traceId);
}

export class ErrorKeepingSpanProcessor implements SpanProcessor {
  private readonly held = new Map<string, HeldTrace>();
  private readonly kept = new Set<string>();
  private readonly discarded = new Set<string>();
  readonly stats: ErrorBufferStats = { keptTraces: 0, discardedTraces: 0, evictedTraces: 0, droppedSpans: 0 };

  constructor(private readonly next: SpanProcessor, private readonly limits: ErrorBufferLimits) {}

  onStart(span: Span, parentContext: Context): void {
    this.next.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    const context = span.spanContext();
    if ((context.traceFlags & TraceFlags.SAMPLED) !== 0) {
      this.next.onEnd(span);
      return;
    }
    const traceId = context.traceId;
    if (this.kept.has(traceId)) {
      this.next.onEnd(promote(span));
      return;
    }
    if (this.discarded.has(traceId)) {
      // A late failure still goes out, on its own: its trace's other spans are gone.
      if (hasFailed(span)) this.decide(traceId, { spans: [span], since: 0, failed: true });
      return;
    }
    let trace = this.held.get(traceId);
    if (!trace) {
      this.makeRoom();
      trace = { spans: [], since: Date.now(), failed: false };
      this.held.set(traceId, trace);
    }
    if (trace.spans.length < this.limits.maxSpansPerTrace) trace.spans.push(span);
    else this.stats.droppedSpans += 1;
    if (!trace.failed && hasFailed(span)) trace.failed = true;

    const isLocalRoot = span.parentSpanContext === undefined || span.parentSpanContext.isRemote === true;
    if (isLocalRoot) this.decide(traceId, trace);
  }

  /** Exports every held trace that already failed (a crash may never see its root span end). */
  forceFlush(): Promise<void> {
    for (const [traceId, trace] of this.held) {
      if (trace.failed) this.decide(traceId, trace);
    }
    return this.next.forceFlush();
  }

  shutdown(): Promise<void> {
    for (const [traceId, trace] of this.held) this.decide(traceId, trace);
    return this.next.shutdown();
  }

  private decide(traceId: string, trace: HeldTrace): void {
    this.held.delete(traceId);
    if (!trace.failed) {
      this.stats.discardedTraces += 1;
      remember(this.discarded, traceId, REMEMBERED_DISCARDED_TRACES);
      return;
    }
    this.stats.keptTraces += 1;
    this.discarded.delete(traceId);
    remember(this.kept, traceId, REMEMBERED_KEPT_TRACES);
    for (const span of trace.spans) this.next.onEnd(promote(span));
  }

  /** Before holding a new trace: decide the ones too old, then evict the oldest while over the limit. */
  private makeRoom(): void {
    const now = Date.now();
    for (const [traceId, trace] of this.held) {
      if (now - trace.since < this.limits.maxAgeMs) break;
      this.decide(traceId, trace);
    }
    while (this.held.size >= this.limits.maxTraces) {
      const [traceId, trace] = this.held.entries().next().value as [string, HeldTrace];
      if (trace.failed) {
        this.decide(traceId, trace);
      } else {
        this.held.delete(traceId);
        this.stats.evictedTraces += 1;
      }
    }
  }
}
