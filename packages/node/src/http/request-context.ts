// Ties each HTTP request to its server span: the request ID (derived from the trace ID, so it resolves to
// the trace without a search index), the X-Request-ID response header, and an upstream proxy's own ID
// kept apart. One small state object per request, found again from the request by the capture path.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { diag, isSpanContextValid, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import type { ErrorSummary } from '@faultline/core';
import {
  ATTR_UPSTREAM_REQUEST_ID,
  isValidUpstreamRequestId,
  requestIdFromTraceId,
} from '@faultline/core';
import { setOwnRequestId } from '../capture/prescrubbed';

export const REQUEST_ID_HEADER = 'X-Request-ID';

let requestIdHeader = true;

/** FAULTLINE_REQUEST_ID_HEADER: on by default. */
export function configureRequestIdHeader(enabled: boolean): void {
  requestIdHeader = enabled;
}

/** Whether responses carry X-Request-ID. */
export function sendsRequestIdHeader(): boolean {
  return requestIdHeader;
}

export interface RequestState {
  /** The span that was active when the request reached the app: the HTTP server span. */
  readonly serverSpan: Span | undefined;
  readonly requestId: string | undefined;
  /** The one failure recorded for this request, if any (a request is recorded at most once). */
  failure: ErrorSummary | undefined;
  /** A failure the app's own error handling is answering: recorded when the response is done. */
  pending?: { readonly error: unknown; readonly span: Span | undefined };
}

const kState = Symbol.for('faultline.request-state');
type WithState = IncomingMessage & { [kState]?: RequestState };

// A request and everything it logs share one trace ID, and requests interleave: a small cache of the IDs
// of the requests in flight spares re-deriving an ID for every log line. Direct-mapped on the trace ID's
// last two hex digits (random): one comparison to find an ID, and no hashing, iterator or deletion per
// request as a Map's oldest-first eviction costs; two requests in one slot only re-derive their IDs.
const SLOTS = 256;
const slotTraceIds: (string | undefined)[] = Array.from({ length: SLOTS }, () => undefined);
const slotRequestIds: string[] = Array.from({ length: SLOTS }, () => '');

/** 0–255 from the last two characters (hex digits in a valid trace ID; anything else still lands in range). */
function slotOf(traceId: string): number {
  const high = traceId.charCodeAt(traceId.length - 2);
  const low = traceId.charCodeAt(traceId.length - 1);
  return ((high <= 57 ? high - 48 : (high | 32) - 87) << 4 | ((low <= 57 ? low - 48 : (low | 32) - 87) & 15)) & (SLOTS - 1);
}

function requestIdFor(traceId: string): string | undefined {
  const slot = slotOf(traceId);
  if (slotTraceIds[slot] === traceId) return slotRequestIds[slot];
  try {
    const requestId = requestIdFromTraceId(traceId);
    slotTraceIds[slot] = traceId;
    slotRequestIds[slot] = requestId;
    return requestId;
  } catch (error) {
    diag.debug('faultline: no request ID for this trace', error);
    return undefined;
  }
}

/**
 * The request ID of the current request (the trace it runs in), for app code, logs and error bodies.
 * Undefined outside any trace.
 */
export function getRequestId(): string | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (spanContext === undefined || !isSpanContextValid(spanContext)) return undefined;
  return requestIdFor(spanContext.traceId);
}

/**
 * Called once per request, inside the server span's context: derives the request ID, puts it on the span
 * and on the response header (so successes, 404s and responses the app writes itself all carry it).
 */
// Off (no cost) until a GraphQL server is loaded: its plugins see no request object, only the context.
let requestsBySpan: WeakMap<Span, IncomingMessage> | undefined;

/** From now on each request can be found again from its server span (requestOfSpan). */
export function trackRequestsBySpan(): void {
  requestsBySpan ??= new WeakMap();
}

export function requestOfSpan(span: Span | undefined): IncomingMessage | undefined {
  return span === undefined ? undefined : requestsBySpan?.get(span);
}

export function bindRequest(req: IncomingMessage, res: ServerResponse): RequestState {
  const existing = (req as WithState)[kState];
  if (existing !== undefined) return existing;
  const span = trace.getActiveSpan();
  if (requestsBySpan !== undefined && span !== undefined) requestsBySpan.set(span, req);
  let requestId: string | undefined;
  if (span !== undefined) {
    const spanContext = span.spanContext();
    if (isSpanContextValid(spanContext)) requestId = requestIdFor(spanContext.traceId);
    // An unsampled request's span keeps nothing (a failure's forced span is tagged when it starts).
    if (span.isRecording()) tagRequestSpan(span, req, requestId);
  }
  if (requestIdHeader && requestId !== undefined && !res.headersSent) res.setHeader(REQUEST_ID_HEADER, requestId);
  const state: RequestState = { serverSpan: span, requestId, failure: undefined };
  (req as WithState)[kState] = state;
  return state;
}

/** Puts the request ID and a valid upstream proxy's own ID on the request's server span. */
export function tagRequestSpan(span: Span, req: IncomingMessage, requestId: string | undefined): void {
  if (requestId !== undefined) setOwnRequestId(span, requestId);
  const upstream = req.headers['x-request-id'];
  // An invalid upstream ID (too long, odd characters, repeated header) is dropped, never echoed.
  if (upstream !== undefined && isValidUpstreamRequestId(upstream)) {
    span.setAttribute(ATTR_UPSTREAM_REQUEST_ID, upstream);
  }
}

export function requestStateOf(req: IncomingMessage | undefined): RequestState | undefined {
  return req === undefined ? undefined : (req as WithState)[kState];
}
