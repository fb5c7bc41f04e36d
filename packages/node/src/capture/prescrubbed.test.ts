// The identity marks on Faultline's own exception events and failure log records: only the objects
// created while marking are marked (never a look-alike with the same name or attributes), and the log
// flag is set for exactly one synchronous emit, reset even when that emit throws.
import { trace } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { createRedactor } from '@faultline/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureFailure, configureCapture } from './capture';
import { emitPrescrubbed, emitPrescrubbedRecord, eventCount, isPrescrubbedEvent, isPrescrubbedRecord, isPrescrubbedStatus, markEventsPrescrubbed, PrescrubbedRecordMarker } from './prescrubbed';
import { RedactingSpanExporter } from '../export/redacting-exporter';

// The failure log line is not what this file tests (failure-log.test.ts does); keep stdout quiet.
vi.mock('./failure-log', () => ({ logFailure: () => undefined }));

afterEach(() => configureCapture({ mode: 'production' }));

const eventsOf = (span: unknown) => (span as ReadableSpan).events;

describe('exception events', () => {
  it('marks only the events added since `before`', () => {
    const span = new TracerProvider().getTracer('t').startSpan('checkout');
    span.addEvent('exception', { 'exception.message': 'app recorded this' });
    span.addEvent('retry');
    const before = eventCount(span);
    expect(before).toBe(2);
    span.addEvent('exception', { 'exception.message': 'scrubbed by core' });
    span.addEvent('exception', { 'exception.message': 'also scrubbed by core' });
    markEventsPrescrubbed(span, before);
    span.addEvent('exception', { 'exception.message': 'added afterwards' });
    span.end();

    expect(eventsOf(span).map((event) => isPrescrubbedEvent(event))).toEqual([false, false, true, true, false]);
  });

  it('does not mark look-alikes: copies, or objects with the same name and attributes', () => {
    const span = new TracerProvider().getTracer('t').startSpan('checkout');
    span.addEvent('exception', { 'exception.type': 'TypeError', 'exception.message': 'boom' });
    markEventsPrescrubbed(span, 0);
    const [marked] = eventsOf(span);
    expect(isPrescrubbedEvent(marked as object)).toBe(true);

    expect(isPrescrubbedEvent({ ...marked })).toBe(false);
    expect(isPrescrubbedEvent(Object.assign({}, marked))).toBe(false);
    expect(isPrescrubbedEvent(JSON.parse(JSON.stringify(marked)) as object)).toBe(false);
    expect(isPrescrubbedEvent(Object.create(marked as object) as object)).toBe(false);
    expect(isPrescrubbedEvent(structuredClone(marked) as object)).toBe(false);
    expect(isPrescrubbedEvent({ name: 'exception', attributes: { 'exception.type': 'TypeError', 'exception.message': 'boom' } })).toBe(false);
    expect(isPrescrubbedEvent({ name: 'exception', attributes: { 'faultline.prescrubbed': true } })).toBe(false);
  });

  it('marks a frozen event too, without throwing (a private field, which freezing does not refuse)', () => {
    const span = new TracerProvider().getTracer('t').startSpan('checkout');
    span.addEvent('exception', { 'exception.message': 'boom' });
    const event = Object.freeze(eventsOf(span)[0] as object);
    expect(() => markEventsPrescrubbed(span, 0)).not.toThrow();
    expect(isPrescrubbedEvent(event)).toBe(true);
    expect(isPrescrubbedEvent({ ...event })).toBe(false);
  });

  it('counts no events on a span that is not the SDK\'s, and marks nothing there', () => {
    const span = trace.wrapSpanContext({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 });
    expect(eventCount(span)).toBe(0);
    expect(() => markEventsPrescrubbed(span, 0)).not.toThrow();
  });

  it('capture marks the exception event core records, and only with a redactor configured', () => {
    const tracer = new TracerProvider().getTracer('t');

    configureCapture({ mode: 'production', redactor: createRedactor() });
    const scrubbed = tracer.startSpan('handler');
    scrubbed.addEvent('exception', { 'exception.message': 'recorded by another instrumentation' });
    captureFailure(new Error('payment declined'), undefined, 'test', scrubbed);
    expect(eventsOf(scrubbed).map((event) => [event.name, isPrescrubbedEvent(event)])).toEqual([
      ['exception', false],
      ['exception', true],
    ]);

    // Without a redactor core did not scrub the event: it must go through the export pass.
    configureCapture({ mode: 'production' });
    const raw = tracer.startSpan('handler');
    captureFailure(new Error('payment declined'), undefined, 'test', raw);
    expect(eventsOf(raw)).toHaveLength(1);
    expect(isPrescrubbedEvent(eventsOf(raw)[0] as object)).toBe(false);
  });
});

describe('span status messages', () => {
  const FAKE = 'sk_live_FAKEFAKEFAKEFAKEFAKE0000'; // a fake Stripe-style key the default rules catch

  function exported(record: (span: ReturnType<ReturnType<TracerProvider['getTracer']>['startSpan']>) => void) {
    const redactor = createRedactor();
    configureCapture({ mode: 'production', redactor });
    const memory = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: new RedactingSpanExporter(memory, redactor) })] });
    const span = provider.getTracer('t').startSpan('handler');
    record(span);
    const marked = isPrescrubbedStatus(span, (span as unknown as ReadableSpan).status.message ?? '');
    span.end();
    return { marked, status: memory.getFinishedSpans()[0]?.status.message };
  }

  it('capture marks the status it set from the scrubbed summary; it is exported scrubbed', () => {
    const { marked, status } = exported((span) => captureFailure(new Error(`charge failed with key ${FAKE}`), undefined, 'test', span));
    expect(marked).toBe(true);
    expect(status).toMatch(/^Error: charge failed with key /);
    expect(status).not.toContain(FAKE);
  });

  it('a status set after the capture is not marked, and the export pass scrubs it', () => {
    const { marked, status } = exported((span) => {
      captureFailure(new Error('charge failed'), undefined, 'test', span);
      span.setStatus({ code: 2, message: `retry with ${FAKE}` });
    });
    expect(marked).toBe(false);
    expect(status).toMatch(/^retry with /);
    expect(status).not.toContain(FAKE);
  });
});

describe('failure log records', () => {
  function pipeline(extra: LogRecordProcessor[] = [], options: { marker?: boolean; valueLengthLimit?: number } = {}) {
    const memory = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({
      processors: [...(options.marker === false ? [] : [new PrescrubbedRecordMarker()]), ...extra, new SimpleLogRecordProcessor({ exporter: memory })],
      ...(options.valueLengthLimit === undefined ? {} : { logRecordLimits: { attributeValueLengthLimit: options.valueLengthLimit } }),
    });
    return { logger: provider.getLogger('t'), records: () => memory.getFinishedLogRecords() };
  }

  it('marks the record emitted inside emitPrescrubbed and no other', () => {
    const { logger, records } = pipeline();
    logger.emit({ body: 'before' });
    emitPrescrubbed(() => logger.emit({ body: 'TypeError: boom', attributes: { 'exception.type': 'TypeError' } }));
    logger.emit({ body: 'TypeError: boom', attributes: { 'exception.type': 'TypeError' } });

    expect(records().map((record) => [record.body, isPrescrubbedRecord(record)])).toEqual([
      ['before', false],
      ['TypeError: boom', true],
      ['TypeError: boom', false],
    ]);
    expect(isPrescrubbedRecord({ ...records()[1] })).toBe(false);
  });

  it('resets the flag when the emit throws', () => {
    const { logger, records } = pipeline();
    expect(() => emitPrescrubbed(() => {
      throw new Error('emit failed');
    })).toThrow('emit failed');
    logger.emit({ body: 'after a throwing callback' });

    const throwing: LogRecordProcessor = {
      onEmit: () => {
        throw new Error('processor failed');
      },
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
    const broken = pipeline([throwing]);
    expect(() => emitPrescrubbed(() => broken.logger.emit({ body: 'never exported' }))).toThrow('processor failed');
    logger.emit({ body: 'after a throwing processor' });

    expect(records().map((record) => [record.body, isPrescrubbedRecord(record)])).toEqual([
      ['after a throwing callback', false],
      ['after a throwing processor', false],
    ]);
  });

  it('marks only a synchronous emit: a record emitted later from the callback is not marked', async () => {
    const { logger, records } = pipeline();
    let later: Promise<void> = Promise.resolve();
    emitPrescrubbed(() => {
      later = Promise.resolve().then(() => logger.emit({ body: 'emitted after the call returned' }));
    });
    await later;
    expect(records()).toHaveLength(1);
    expect(isPrescrubbedRecord(records()[0] as object)).toBe(false);
  });

  const failureAttributes = (): Attributes => ({
    name: 'faultline',
    'exception.type': 'TypeError',
    'exception.message': 'order [REDACTED] failed',
    'faultline.error.status': 500,
    'faultline.error.unhandled': false,
    'faultline.error.causes': [{ type: 'Error', message: 'socket hang up', path: 'cause' }],
  });
  const failureRecord = { severityNumber: 17, severityText: 'error', body: 'TypeError: order [REDACTED] failed' };

  /** What each processor after the marker saw on the record when it was emitted. */
  function seeing(): LogRecordProcessor & { seen: Attributes[] } {
    const seen: Attributes[] = [];
    return { seen, onEmit: (record) => void seen.push({ ...record.attributes }), forceFlush: () => Promise.resolve(), shutdown: () => Promise.resolve() };
  }

  it('gives a failure record the attributes the SDK would, from the first record on, marked, seen by later processors', () => {
    const seer = seeing();
    const { logger, records } = pipeline([seer]);
    const given = failureAttributes();
    for (const attributes of [failureAttributes(), failureAttributes(), given]) emitPrescrubbedRecord(logger, failureRecord, attributes);
    logger.emit({ ...failureRecord, attributes: failureAttributes() });

    const exported = records();
    expect(exported.map((record) => record.attributes)).toEqual([failureAttributes(), failureAttributes(), failureAttributes(), failureAttributes()]);
    expect(exported.map((record) => [record.body, record.severityNumber, isPrescrubbedRecord(record)])).toEqual([
      [failureRecord.body, 17, true], [failureRecord.body, 17, true], [failureRecord.body, 17, true], [failureRecord.body, 17, false],
    ]);
    expect(exported.map((record) => record.droppedAttributesCount)).toEqual([0, 0, 0, 0]);
    expect(seer.seen).toEqual([failureAttributes(), failureAttributes(), failureAttributes(), failureAttributes()]);
    // Once the marker is known, taken as given rather than checked into a copy.
    expect(exported[2]?.attributes).toBe(given);
  });

  it('applies the log record limits the SDK\'s way', () => {
    const { logger, records } = pipeline([], { valueLengthLimit: 4 });
    emitPrescrubbedRecord(logger, failureRecord, failureAttributes());
    emitPrescrubbedRecord(logger, failureRecord, failureAttributes());
    for (const record of records()) expect(record.attributes['exception.message']).toBe('orde');
  });

  it('gives the attributes the SDK\'s way to a logger whose pipeline has no marker', () => {
    const { logger, records } = pipeline([], { marker: false });
    emitPrescrubbedRecord(logger, failureRecord, failureAttributes());
    emitPrescrubbedRecord(logger, failureRecord, failureAttributes());
    expect(records().map((record) => record.attributes)).toEqual([failureAttributes(), failureAttributes()]);
  });
});
