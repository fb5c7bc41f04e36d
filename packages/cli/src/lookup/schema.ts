// The `--json` answer of `faultline lookup`, versioned: fields are only ever added within a version; a
// rename or removal makes a new `schema` value. Documented in docs/support-lookup.md ("JSON schema"); tests pin it.
import type { Correction } from './candidates';
import type { Location } from './frames';

export const LOOKUP_SCHEMA = 'faultline.lookup/v1';

export interface CauseView {
  readonly path: string;
  readonly type: string;
  readonly message: string;
  readonly code?: string;
}

export interface FailureView {
  readonly type: string;
  readonly message: string;
  readonly code?: string;
  readonly severity?: string;
  readonly fingerprint?: string;
  readonly unhandled?: boolean;
  readonly where?: Location;
  readonly causes: readonly CauseView[];
}

export interface DownstreamView {
  readonly name: string;
  readonly method?: string;
  readonly url?: string;
  readonly status?: number;
  /** The error type, else the span's status description (a timeout has no status). */
  readonly error?: string;
  /** The downstream service's own request ID, when it answered with one or is in the same trace. */
  readonly requestId?: string;
}

export interface RequestSummary {
  readonly requestId: string;
  readonly traceId: string;
  readonly traceUrl: string;
  /** ISO 8601, UTC. */
  readonly startedAt: string;
  readonly durationMs: number;
  readonly service: string;
  readonly serviceVersion?: string;
  readonly environment?: string;
  readonly method?: string;
  readonly route?: string;
  readonly status?: number;
  readonly outcome: 'failed' | 'succeeded';
  /** The trace carries Faultline's attributes (an app without the SDK gives what OpenTelemetry recorded). */
  readonly faultline: boolean;
  readonly failure?: FailureView;
  readonly downstream: readonly DownstreamView[];
  /** What the client was answered: status, the public title and the request ID (RFC 9457 members). */
  readonly customerSaw?: CustomerSawView;
  readonly spanCount: number;
  readonly services: readonly string[];
  /** The spans in tree order (at most 200), for the page's waterfall: the native Jaeger build has no UI. */
  readonly spans: readonly SpanView[];
}

export interface SpanView {
  readonly depth: number;
  readonly name: string;
  readonly service: string;
  /** Milliseconds from the request span's start. */
  readonly offsetMs: number;
  readonly durationMs: number;
  readonly failed: boolean;
}

export interface SuggestionView {
  readonly requestId: string;
  readonly traceId: string;
  readonly correction: Correction;
  readonly position: number;
}

export type LookupResult =
  | { readonly schema: typeof LOOKUP_SCHEMA; readonly result: 'found'; readonly summary: RequestSummary }
  | {
      readonly schema: typeof LOOKUP_SCHEMA;
      readonly result: 'not_found';
      readonly requestId?: string;
      readonly traceId?: string;
      /** Set when the typed ID failed its check: the IDs one slip away that the store has. */
      readonly typed?: string;
      readonly didYouMean: readonly SuggestionView[];
      readonly reasons: readonly string[];
    }
  | { readonly schema: typeof LOOKUP_SCHEMA; readonly result: 'bad_input'; readonly reason: string }
  | { readonly schema: typeof LOOKUP_SCHEMA; readonly result: 'backend_error'; readonly reason: string };

/** What the client was shown: the problem's title, and its detail when the response carried one. */
export interface CustomerSawView {
  readonly status: number;
  readonly title: string;
  readonly detail?: string;
  readonly requestId: string;
}
