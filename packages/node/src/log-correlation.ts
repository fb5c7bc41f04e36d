// Puts the active trace and the request ID on every log line. Read from @opentelemetry/api's global context
// at log time (a pino `mixin`), so it works whatever was imported first: under ESM, pino loaded before the
// SDK started is never patched by instrumentation-pino, but the global API still sees the active span.
import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import { getRequestId } from './request-context';

/** The fields the mixin adds; the names instrumentation-pino and pino-opentelemetry-transport expect. */
export const CORRELATION_KEYS: ReadonlySet<string> = new Set(['trace_id', 'span_id', 'trace_flags', 'request_id']);

export interface Correlation {
  trace_id?: string;
  span_id?: string;
  /** Two hex digits, as W3C traceparent and instrumentation-pino write them ('01' = sampled). */
  trace_flags?: string;
  request_id?: string;
}

const FLAGS = Array.from({ length: 256 }, (_, n) => n.toString(16).padStart(2, '0'));

/**
 * pino `mixin`: the correlation fields of the active span, or `{}` outside any trace. Always a fresh object,
 * because pino's default merge strategy writes the logged fields into it.
 */
export function correlationMixin(): Correlation {
  const span = trace.getSpan(context.active());
  if (span === undefined) return {};
  const spanContext = span.spanContext();
  if (!isSpanContextValid(spanContext)) return {};
  const fields: Correlation = {
    trace_id: spanContext.traceId,
    span_id: spanContext.spanId,
    trace_flags: FLAGS[spanContext.traceFlags & 0xff],
  };
  const requestId = getRequestId();
  if (requestId !== undefined) fields.request_id = requestId;
  return fields;
}
