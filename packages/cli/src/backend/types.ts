// The trace store seen through one small interface, so Jaeger today and Tempo (or another store) later
// plug in without touching the lookup, the summary or the page. Spans come back in a store-neutral shape.

/** One span, store-neutral: times in milliseconds since the epoch, attributes as plain values. */
export interface SpanData {
  readonly spanId: string;
  readonly parentId?: string;
  readonly name: string;
  readonly kind?: string;
  readonly service: string;
  readonly serviceVersion?: string;
  /** The resource's `deployment.environment.name` (or the older `deployment.environment`). */
  readonly environment?: string;
  /** The resource's `process.command` (the app's entry script), used to show files relative to the app. */
  readonly entry?: string;
  readonly startMs: number;
  readonly durationMs: number;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly events: ReadonlyArray<{ readonly name: string; readonly timeMs: number; readonly attributes: Readonly<Record<string, unknown>> }>;
}

export interface TraceData {
  readonly traceId: string;
  readonly spans: readonly SpanData[];
}

/** Failed traces of one service in a time window (the bug list), newest first where the store allows. */
export interface FailureQuery {
  readonly service: string;
  readonly startMs: number;
  readonly endMs: number;
  /** Traces read per search. */
  readonly limit: number;
  /** Only traces whose failure carries this fingerprint. */
  readonly fingerprint?: string;
}

export interface TraceBackend {
  /** Shown in messages: `Jaeger at http://127.0.0.1:16686`. */
  readonly description: string;
  /** The trace's page in the store's own UI. */
  traceUrl(traceId: string): string;
  /** The trace, or undefined when the store does not have it. Throws BackendError. */
  getTrace(traceId: string): Promise<TraceData | undefined>;
  /** Which of these trace IDs the store has (for "did you mean"). Throws BackendError. */
  existing(traceIds: readonly string[]): Promise<string[]>;
  /** Failed traces; `truncated` when the store had more than `limit` (counts are then "at least"). */
  findFailures(query: FailureQuery): Promise<{ traces: TraceData[]; truncated: boolean }>;
  services(): Promise<string[]>;
}

/** The store could not be reached, or answered something that is not its API. */
export class BackendError extends Error {
  override readonly name = 'BackendError';
}
