// Nothing leaves unscrubbed: exporter wrappers that pass every span (name, attributes, event names and
// attributes, link attributes, status message, resource) and every log record (body, attributes) through
// core's redactor before handing the batch to the real exporter. It runs in the export batch, off the request path, and
// covers what every instrumentation put on a span, not only what Faultline recorded. Over OTLP/protobuf a
// failure's span and record are redacted as they arrive instead, and wait encoded (exporters.ts).
// Fails closed: an item the redactor cannot process is dropped (and reported once), never sent raw.
import { ExportResultCode } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ATTR_REQUEST_ID, DEFAULT_MAX_STACK_BYTES, cutStack, redactProvenClean, requestIdFromTraceId } from '@faultline/core';
import type { Redactor } from '@faultline/core';
import type { Attributes, SpanContext } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { warnOnce } from '../diag';
import { isOwnRequestId, isPrescrubbedEvent, isPrescrubbedRecord, isPrescrubbedStatus } from '../capture/prescrubbed';
import { EncodedItem } from '../otlp-protobuf/encoded-item';

type Callback = (result: ExportResult) => void;

class ResourceRedactor {
  private readonly cache = new WeakMap<Resource, Resource>();
  constructor(private readonly redactor: Redactor) {}

  redact(resource: Resource): Resource {
    let clean = this.cache.get(resource);
    if (!clean) {
      // Attributes still being detected cannot be read yet (only host/process detectors, seconds at most
      // after start); pass the resource as is and redact it once settled.
      if (resource.asyncAttributesPending) return resource;
      clean = resourceFromAttributes(this.redactor.redact({ ...resource.attributes }), { schemaUrl: resource.schemaUrl });
      this.cache.set(resource, clean);
    }
    return clean;
  }
}

/**
 * Redacts a batch item by item and hands what is left to the real exporter. An item that cannot be
 * redacted is dropped (reported once), never sent raw; an emptied batch succeeds without a request.
 */
function exportRedacted<T>(
  items: readonly T[],
  redact: (item: T) => T,
  what: string,
  inner: { export(items: T[], callback: Callback): void },
  resultCallback: Callback,
): void {
  const clean: T[] = [];
  for (const item of items) {
    try {
      // Encoded as it arrived, from its redacted copy (fresh-first-exporter.ts): passed as it is.
      clean.push(item instanceof EncodedItem ? item : redact(item));
    } catch (error) {
      warnOnce(`redact:${what}`, `dropped a ${what} that could not be redacted`, error);
    }
  }
  if (clean.length === 0) resultCallback({ code: ExportResultCode.SUCCESS });
  else inner.export(clean, resultCallback);
}

/**
 * Event attributes redacted, and an `exception.stacktrace` that another instrumentation recorded whole
 * (Express's own layer events carry 20 KB stacks) cut to the same budget as Faultline's own.
 */
function redactEventAttributes(redactor: Redactor, attributes: Attributes): Attributes {
  const clean = redactor.redact(attributes);
  const stack = clean['exception.stacktrace'];
  if (typeof stack === 'string') clean['exception.stacktrace'] = cutStack(stack, DEFAULT_MAX_STACK_BYTES);
  return clean;
}

/**
 * A span's attributes redacted, its own request ID (if it is one) copied without a scan; the span's own
 * attributes object when nothing in it changed (redactProvenClean).
 */
function redactAttributes(redactor: Redactor, span: ReadableSpan, context: SpanContext): Attributes {
  const redactClean = redactor[redactProvenClean];
  return redactClean === undefined ? redactor.redact(span.attributes) : redactClean(span.attributes, ownRequestId(span, context));
}

/**
 * The request ID Faultline put on a span (marked as it was put there, or the span's own trace ID
 * re-encoded: that ID goes out as it is anyway): nothing to scan. Any other value under that key, an
 * app's own, is scanned.
 */
function ownRequestId(span: ReadableSpan, context: SpanContext): string | undefined {
  const id = span.attributes[ATTR_REQUEST_ID];
  if (typeof id !== 'string') return undefined;
  if (isOwnRequestId(span, id)) return ATTR_REQUEST_ID;
  try {
    return id === requestIdFromTraceId(context.traceId) ? ATTR_REQUEST_ID : undefined;
  } catch {
    return undefined; // not a valid trace ID: no request ID of ours
  }
}

export class RedactingSpanExporter implements SpanExporter {
  private readonly resources: ResourceRedactor;
  constructor(private readonly inner: SpanExporter, private readonly redactor: Redactor) {
    this.resources = new ResourceRedactor(redactor);
  }

  export(spans: ReadableSpan[], resultCallback: Callback): void {
    exportRedacted(spans, (span) => this.redact(span), 'span', this.inner, resultCallback);
  }

  /** The span as it may leave; throws when it cannot be redacted. */
  redact(span: ReadableSpan): ReadableSpan {
    const r = this.redactor;
    const context = span.spanContext();
    // A status message Faultline set from a scrubbed summary passes as it is; any other is scanned.
    const message = span.status.message;
    const status = message && !isPrescrubbedStatus(span, message) ? { ...span.status, message: r.redactString(message) } : span.status;
    return {
      name: r.redactString(span.name),
      kind: span.kind,
      spanContext: () => context,
      parentSpanContext: span.parentSpanContext,
      startTime: span.startTime,
      endTime: span.endTime,
      duration: span.duration,
      ended: span.ended,
      status,
      attributes: redactAttributes(r, span, context),
      links: span.links.length === 0 ? span.links : span.links.map((link) => (link.attributes ? { ...link, attributes: r.redact(link.attributes) } : link)),
      // Faultline's own exception events were scrubbed and cut when recorded: passed through as they are.
      events: span.events.length === 0 ? span.events : span.events.map((event) => isPrescrubbedEvent(event) ? event : {
        ...event,
        name: r.redactString(event.name),
        ...(event.attributes ? { attributes: redactEventAttributes(r, event.attributes) } : {}),
      }),
      resource: this.resources.redact(span.resource),
      instrumentationScope: span.instrumentationScope,
      droppedAttributesCount: span.droppedAttributesCount,
      droppedEventsCount: span.droppedEventsCount,
      droppedLinksCount: span.droppedLinksCount,
    };
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

export class RedactingLogExporter implements LogRecordExporter {
  private readonly resources: ResourceRedactor;
  constructor(private readonly inner: LogRecordExporter, private readonly redactor: Redactor) {
    this.resources = new ResourceRedactor(redactor);
  }

  export(records: ReadableLogRecord[], resultCallback: Callback): void {
    exportRedacted(records, (record) => this.redact(record), 'log record', this.inner, resultCallback);
  }

  /** The record as it may leave; throws when it cannot be redacted. */
  redact(record: ReadableLogRecord): ReadableLogRecord {
    // Faultline's own failure records were built from scrubbed values: only their resource is redacted.
    return isPrescrubbedRecord(record)
      ? this.copy(record, record.body, record.attributes)
      : this.copy(record, record.body === undefined ? undefined : this.redactor.redact(record.body), this.redactor.redact(record.attributes));
  }

  /**
   * A plain record of one shape for every item (an object per record whose prototype is the SDK's record
   * would give each one a hidden class of its own, and the serializer a slow lookup for every field).
   */
  private copy(record: ReadableLogRecord, body: ReadableLogRecord['body'], attributes: ReadableLogRecord['attributes']): ReadableLogRecord {
    return {
      hrTime: record.hrTime,
      hrTimeObserved: record.hrTimeObserved,
      spanContext: record.spanContext,
      severityText: record.severityText,
      severityNumber: record.severityNumber,
      body,
      eventName: record.eventName,
      resource: this.resources.redact(record.resource),
      instrumentationScope: record.instrumentationScope,
      attributes,
      droppedAttributesCount: record.droppedAttributesCount,
    };
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }
}
