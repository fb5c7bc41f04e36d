// recordError: one `exception` event per failure (semantic conventions, every value redacted), the
// cause chain as numbered attributes on that same event, and the span marked failed. The span's own
// attributes describe its most severe recorded error. Recording the same error twice is a no-op
// (the same object, or the same thrown primitive, up to 32 distinct errors per span).
import { SpanStatusCode } from '@opentelemetry/api';
import type { Attributes, Span, TimeInput } from '@opentelemetry/api';
import {
  ATTR_ERROR_CODE,
  ATTR_ERROR_STATUS,
  ATTR_FINGERPRINT,
  ATTR_REQUEST_ID,
  ATTR_SEVERITY,
  ATTR_UNHANDLED,
} from './attributes';
import { describeError } from './describe';
import type { ErrorSummary, RecordOptions } from './describe';
import { createObjectMark } from './object-mark';
import { remoteAttributes } from './remote-facts';
import { reportOnce } from './report-once';
import { SEVERITY_NUMBER } from './severity';

const STATUS_DESCRIPTION = 120;

const MAX_TRACKED = 32;

interface SpanRecord {
  /** Errors recorded on the span (few per span: a short list beats a WeakMap per span). */
  readonly seen: Array<[unknown, ErrorSummary]>;
  worst?: ErrorSummary;
}

// Kept on the span as a private mark of this module (object-mark.ts: no copy carries it), as cheap as a
// field; a WeakMap entry per failed span cost several times more, mostly in garbage collection. A span
// object that takes no new field is tracked in the WeakMap instead.
const RECORD = createObjectMark<SpanRecord>();
const bySpan = new WeakMap<object, SpanRecord>();

function recordOf(span: Span): SpanRecord {
  const own = RECORD.get(span) ?? bySpan.get(span);
  if (own !== undefined) return own;
  const record: SpanRecord = { seen: [] };
  if (!RECORD.set(span, record)) bySpan.set(span, record);
  return record;
}

function seenIn(record: SpanRecord, error: unknown): ErrorSummary | undefined {
  for (const [known, summary] of record.seen) if (known === error) return summary;
  return undefined;
}

function remember(record: SpanRecord, error: unknown, summary: ErrorSummary): void {
  const index = record.seen.findIndex(([known]) => known === error);
  if (index !== -1) record.seen[index] = [error, summary];
  else if (record.seen.length < MAX_TRACKED) record.seen.push([error, summary]);
}

/** The `exception` event: `exception.*` per semantic conventions, Faultline's analysis, then the causes. */
export function exceptionEventAttributes(summary: ErrorSummary): Attributes {
  // Assigned one by one (no spread of temporary objects: this runs for every failure), in this order.
  const attributes: Attributes = { 'exception.type': summary.type, 'exception.message': summary.message };
  if (summary.stack !== undefined) attributes['exception.stacktrace'] = summary.stack;
  attributes[ATTR_SEVERITY] = summary.severity;
  attributes[ATTR_FINGERPRINT] = summary.fingerprint;
  if (summary.code !== undefined) attributes[ATTR_ERROR_CODE] = summary.code;
  attributes[ATTR_ERROR_STATUS] = summary.status;
  attributes[ATTR_UNHANDLED] = summary.unhandled;
  if (summary.remote !== undefined) Object.assign(attributes, remoteAttributes(summary.remote));
  if (summary.causes.length > 0 || summary.droppedCauses > 0) {
    attributes['faultline.cause.count'] = summary.causes.length;
    if (summary.droppedCauses > 0) attributes['faultline.cause.dropped'] = summary.droppedCauses;
  }
  summary.causes.forEach((cause, index) => {
    const prefix = `faultline.cause.${index + 1}`;
    attributes[`${prefix}.path`] = cause.path;
    attributes[`${prefix}.type`] = cause.type;
    attributes[`${prefix}.message`] = cause.message;
    if (cause.code !== undefined) attributes[`${prefix}.code`] = cause.code;
    if (cause.stack !== undefined) attributes[`${prefix}.stacktrace`] = cause.stack;
  });
  return attributes;
}

/** The span status message recordError sets: `<type>: <message>` (both redacted), cut to 120 characters. */
export function statusMessage(summary: ErrorSummary): string {
  const description = summary.message.length > 0 ? `${summary.type}: ${summary.message}` : summary.type;
  return description.length > STATUS_DESCRIPTION ? `${description.slice(0, STATUS_DESCRIPTION - 1)}…` : description;
}

/**
 * How recordError writes to a span: through its own methods, or (the Node preload, for the SDK's spans)
 * a writer that skips the checks the SDK makes of values Faultline built itself.
 */
export interface SpanWrites {
  setAttributes(span: Span, attributes: Attributes): void;
  addEvent(span: Span, name: string, attributes: Attributes, time?: TimeInput): void;
}

const SPAN_METHODS: SpanWrites = {
  setAttributes: (span, attributes) => span.setAttributes(attributes),
  addEvent: (span, name, attributes, time) => span.addEvent(name, attributes, time),
};

function markSpan(span: Span, summary: ErrorSummary, writes: SpanWrites): void {
  const attributes: Attributes = { 'error.type': summary.type, [ATTR_SEVERITY]: summary.severity, [ATTR_FINGERPRINT]: summary.fingerprint };
  if (summary.code !== undefined) attributes[ATTR_ERROR_CODE] = summary.code;
  attributes[ATTR_ERROR_STATUS] = summary.status;
  attributes[ATTR_UNHANDLED] = summary.unhandled;
  if (summary.requestId !== undefined) attributes[ATTR_REQUEST_ID] = summary.requestId;
  writes.setAttributes(span, attributes);
  span.setStatus({ code: SpanStatusCode.ERROR, message: statusMessage(summary) });
}

function isWorse(summary: ErrorSummary, than: ErrorSummary | undefined): boolean {
  return than === undefined || SEVERITY_NUMBER[summary.severity] > SEVERITY_NUMBER[than.severity];
}

/** A repeat that is now known to be unhandled escalates the summary already recorded. */
function escalate(span: Span, record: SpanRecord, error: unknown, seen: ErrorSummary, writes: SpanWrites): ErrorSummary {
  const summary: ErrorSummary = { ...seen, severity: 'critical', unhandled: true };
  remember(record, error, summary);
  if (isWorse(summary, record.worst) || record.worst === seen) {
    record.worst = summary;
    if (span.isRecording()) markSpan(span, summary, writes);
  }
  return summary;
}

/**
 * Records `error` on `span`: an `exception` event, `error.type` and the `faultline.*` attributes, span
 * status ERROR. Returns the summary (also when the span is not recording). Never throws.
 */
export function recordError(span: Span, error: unknown, options: RecordOptions = {}): ErrorSummary {
  return recordErrorWith(span, error, options, SPAN_METHODS);
}

/** recordError, writing to the span through `writes`. */
export function recordErrorWith(span: Span, error: unknown, options: RecordOptions, writes: SpanWrites): ErrorSummary {
  let record: SpanRecord | undefined;
  try {
    record = recordOf(span);
    const seen = seenIn(record, error);
    if (seen !== undefined) return options.unhandled === true && !seen.unhandled ? escalate(span, record, error, seen, writes) : seen;
  } catch (internal) {
    reportOnce('recording an error: the span could not be tracked', internal);
  }
  const summary = describeError(error, options);
  if (record !== undefined) remember(record, error, summary);
  try {
    if (!span.isRecording()) return summary;
    writes.addEvent(span, 'exception', exceptionEventAttributes(summary), options.time);
    if (record === undefined || isWorse(summary, record.worst)) {
      if (record !== undefined) record.worst = summary;
      markSpan(span, summary, writes);
    }
  } catch (internal) {
    reportOnce('recording an error on a span failed', internal);
  }
  return summary;
}
