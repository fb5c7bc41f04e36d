// Faultline's own exception events and failure log records are built from values core's redactor has
// already scrubbed (and cut); the export-time pass (redacting-exporter.ts) passes exactly those objects
// through instead of scanning their stacks a second time. They are marked by identity as they are created,
// so nothing another instrumentation or the app emits can be marked, whatever its name or attributes: the
// mark is a private field of this module (core's createObjectMark), which spreads, JSON and structured
// clones do not copy (a WeakSet entry per object cost several times more, mostly in garbage collection).
// The request ID Faultline puts on a span is marked too, by a plain symbol property instead (setOwnRequestId).
import type { Attributes, LogRecord, Logger, Span } from '@opentelemetry/api';
import { ATTR_REQUEST_ID, createObjectMark } from '@faultline/core';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { setOwnAttribute } from './direct-span-writes';

/** On an event or a log record: built from scrubbed values. */
const SCRUBBED = createObjectMark<true>();
/** On a span: the status message Faultline set from a scrubbed summary (the span keeps it unless changed). */
const STATUS = createObjectMark<string>();
/** On a span: the request ID Faultline put on it, derived from a trace ID (no text of the request or app). */
const REQUEST_ID = Symbol('faultline.own-request-id');
let emitting = false;
/** A failure record's attributes, for the marker to put in place (emitPrescrubbedRecord). */
let pending: Attributes | undefined;
let markerRan = false;
/** The logger whose pipeline the marker was seen in: its failure records take their attributes directly. */
let directLogger: Logger | undefined;

/** The number of events the span holds (the SDK's spans expose them; others count as none). */
export function eventCount(span: Span): number {
  return (span as Partial<ReadableSpan>).events?.length ?? 0;
}

/** Marks the events added to `span` since it held `before` of them. */
export function markEventsPrescrubbed(span: Span, before: number): void {
  const list = (span as Partial<ReadableSpan>).events;
  if (list === undefined) return;
  for (let i = before; i < list.length; i++) SCRUBBED.set(list[i] as object, true);
}

/**
 * Marks `span`'s status message as scrubbed when it is one of `expected` (built from a summary's redacted
 * parts): a message someone else set stays unmarked, and is scanned at export.
 */
export function markStatusPrescrubbed(span: Span, expected: readonly string[]): void {
  const message = (span as Partial<ReadableSpan>).status?.message;
  if (message !== undefined && expected.includes(message)) STATUS.set(span, message);
}

/** Whether `message` is the scrubbed status message marked on `span` (a later, different one is not). */
export function isPrescrubbedStatus(span: object, message: string): boolean {
  return STATUS.get(span) === message;
}

/**
 * Puts a request ID (or run ID) Faultline derived from a trace ID on `span`, marked as its own: the export
 * pass copies it without a scan. Done on every traced request, so the mark is a plain assignment (every
 * span then takes the same hidden-class transition): a defineProperty per request cost more than deriving
 * the ID again at export. Nothing else knows the symbol.
 */
export function setOwnRequestId(span: Span, requestId: string): void {
  setOwnAttribute(span, ATTR_REQUEST_ID, requestId);
  try {
    (span as unknown as Record<symbol, unknown>)[REQUEST_ID] = requestId;
  } catch {
    // Not extensible: left unmarked (the export pass derives the ID from the trace ID instead).
  }
}

/** Whether `value` is the request ID Faultline marked on `span` (one the app set later is not). */
export function isOwnRequestId(span: object, value: string): boolean {
  return (span as Record<symbol, unknown>)[REQUEST_ID] === value;
}

export function isPrescrubbedEvent(event: object): boolean {
  return SCRUBBED.get(event) === true;
}

/** Runs `emit` (one synchronous log emit of scrubbed values); the record it creates is marked. */
export function emitPrescrubbed(emit: () => void): void {
  emitting = true;
  try {
    emit();
  } finally {
    emitting = false;
  }
}

/**
 * Emits one failure record built from scrubbed values. Its attributes are Faultline's own (strings,
 * numbers, booleans, arrays of plain objects, none undefined): once the marker is known to run first in
 * this logger's pipeline, it puts them on the record as they are, instead of the SDK's copy and check of
 * each (a WeakSet and a deep copy per attribute), before any other processor sees the record.
 */
export function emitPrescrubbedRecord(logger: Logger, record: Omit<LogRecord, 'attributes'>, attributes: Attributes): void {
  const direct = logger === directLogger;
  markerRan = false;
  pending = direct ? attributes : undefined;
  try {
    emitPrescrubbed(() => logger.emit(direct ? record : { ...record, attributes }));
  } finally {
    pending = undefined;
    if (markerRan) directLogger = logger;
  }
}

/** The SDK's record fields this writes (private there: checked before use). */
interface SdkLogRecord {
  attributes: Attributes;
  _attributesCount: number;
  readonly _logRecordLimits?: { readonly attributeCountLimit?: number; readonly attributeValueLengthLimit?: number };
}

/** Puts `attributes` on a fresh record as they are, or through its setAttributes where limits apply. */
function putAttributes(record: ReadWriteLogRecord, attributes: Attributes): void {
  const sdk = record as unknown as Partial<SdkLogRecord>;
  const limits = sdk._logRecordLimits;
  const count = Object.keys(attributes).length;
  const asGiven = sdk._attributesCount === 0 && limits?.attributeValueLengthLimit === Infinity && count <= (limits.attributeCountLimit ?? 0)
    && Object.values(attributes).every((value) => value !== undefined);
  if (!asGiven) {
    record.setAttributes(attributes);
    return;
  }
  sdk.attributes = attributes;
  sdk._attributesCount = count;
}

export function isPrescrubbedRecord(record: object): boolean {
  return SCRUBBED.get(record) === true;
}

/** First in the log pipeline: marks the record an emitPrescrubbed() call is creating. */
export class PrescrubbedRecordMarker implements LogRecordProcessor {
  onEmit(record: ReadWriteLogRecord): void {
    if (!emitting) return;
    markerRan = true;
    SCRUBBED.set(record, true);
    if (pending !== undefined) {
      const attributes = pending;
      pending = undefined;
      putAttributes(record, attributes);
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
