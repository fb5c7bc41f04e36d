// Puts the active trace and the request ID on every log line: trace_id, span_id, trace_flags (the names
// instrumentation-pino uses and the log worker reads) and request_id. Read from @opentelemetry/api's
// global context at log time (in formatters.log, where a mixin would do the same a little slower), so it
// works whatever was imported first: under ESM, pino loaded before the SDK started is never patched by
// instrumentation-pino, but the global API still sees the active span.
import { INVALID_SPANID, context, isSpanContextValid, trace } from '@opentelemetry/api';
import { getRequestId } from '../http/request-context';

let memoTraceId = '';
let memoRequestId: string | undefined;

/** Two hex digits, as W3C traceparent and instrumentation-pino write them ('01' = sampled). */
const FLAGS = Array.from({ length: 256 }, (_, n) => n.toString(16).padStart(2, '0'));

/**
 * Writes the correlation fields of the active span into `target` (nothing outside a trace). Called by
 * formatters.log after the line was scrubbed, so the IDs are never rescanned and cannot be overwritten.
 */
export function addCorrelation(target: Record<string, unknown>): void {
  const span = trace.getSpan(context.active());
  if (span === undefined) return;
  const spanContext = span.spanContext();
  const traceId = spanContext.traceId;
  // Every line of a request shares its trace: validate it and derive its request ID once.
  if (traceId !== memoTraceId) {
    if (!isSpanContextValid(spanContext)) return;
    memoTraceId = traceId;
    memoRequestId = getRequestId();
  }
  if (spanContext.spanId === INVALID_SPANID) return;
  target.trace_id = traceId;
  target.span_id = spanContext.spanId;
  target.trace_flags = FLAGS[spanContext.traceFlags & 0xff];
  if (memoRequestId !== undefined) target.request_id = memoRequestId;
}

