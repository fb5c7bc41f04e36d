import { SpanStatusCode } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { TracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ATTR_REQUEST_ID, createRedactor, redactProvenClean, requestIdFromTraceId } from '@faultline/core';
import type { Redactor } from '@faultline/core';
import { describe, expect, it } from 'vitest';
import { RedactingLogExporter, RedactingSpanExporter } from './redacting-exporter';
import { emitPrescrubbed, eventCount, markEventsPrescrubbed, PrescrubbedRecordMarker, setOwnRequestId } from '../capture/prescrubbed';

const SECRET = 'tok_fake_0000';
/** Stands in for core's redactor: masks the fake secret wherever it appears, deep-copying like core's. */
const fakeRedactor: Redactor = {
  redactString: (text) => text.split(SECRET).join('[REDACTED]'),
  redact: <T>(value: T): T => JSON.parse(JSON.stringify(value).split(SECRET).join('[REDACTED]')) as T,
};

describe('RedactingSpanExporter', () => {
  it('scrubs name, attributes, event names and attributes, link attributes and status message before export', () => {
    const memory = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: new RedactingSpanExporter(memory, fakeRedactor) })] });
    const tracer = provider.getTracer('t');
    const other = tracer.startSpan('other');
    const span = tracer.startSpan(`GET /cb?token=${SECRET}`, {
      attributes: { 'url.query': `token=${SECRET}`, 'http.request.header.authorization': [`Bearer ${SECRET}`] },
      links: [{ context: other.spanContext(), attributes: { note: SECRET } }],
    });
    span.addEvent('exception', { 'exception.message': `bad ${SECRET}` });
    span.addEvent(`retry after token=${SECRET}`);
    span.setStatus({ code: SpanStatusCode.ERROR, message: `failed with ${SECRET}` });
    span.end();

    const [exported] = memory.getFinishedSpans();
    const text = JSON.stringify({ ...exported, resource: undefined, spanContext: exported?.spanContext() });
    expect(text).not.toContain(SECRET);
    expect(exported?.name).toBe('GET /cb?token=[REDACTED]');
    expect(exported?.attributes['url.query']).toBe('token=[REDACTED]');
    expect(exported?.events[0]?.name).toBe('exception');
    expect(exported?.events[0]?.attributes?.['exception.message']).toBe('bad [REDACTED]');
    expect(exported?.events[1]?.name).toBe('retry after token=[REDACTED]');
    expect(exported?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'failed with [REDACTED]' });
    expect(exported?.spanContext().spanId).toBe(span.spanContext().spanId);
    // The live span is left alone: only the exported copy is scrubbed.
    expect((span as unknown as { attributes: Record<string, unknown> }).attributes['url.query']).toBe(`token=${SECRET}`);
  });

  it('cuts a whole stack that another instrumentation recorded to the same budget, keeping both ends', () => {
    const memory = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: new RedactingSpanExporter(memory, fakeRedactor) })] });
    const span = provider.getTracer('t').startSpan('request handler - /orders');
    const frames = Array.from({ length: 2000 }, (_, i) => `    at layer${i} (node_modules/express/lib/router/layer.js:95:5)`);
    span.addEvent('exception', { 'exception.type': 'TypeError', 'exception.stacktrace': ['TypeError: boom', ...frames].join('\n') });
    span.end();

    const stack = String(memory.getFinishedSpans()[0]?.events[0]?.attributes?.['exception.stacktrace']);
    expect(Buffer.byteLength(stack)).toBeLessThanOrEqual(8 * 1024);
    expect(stack.startsWith('TypeError: boom\n    at layer0 ')).toBe(true);
    expect(stack.endsWith('at layer1999 (node_modules/express/lib/router/layer.js:95:5)')).toBe(true);
    expect(stack).toMatch(/\.\.\. \d+ frames \(\d+ bytes\) cut by faultline \.\.\./);
  });

  it('drops a span the redactor cannot handle rather than sending it raw', async () => {
    const memory = new InMemorySpanExporter();
    const broken: Redactor = { redact: () => { throw new Error('nope'); }, redactString: () => { throw new Error('nope'); } };
    const exporter = new RedactingSpanExporter(memory, broken);
    const span = new TracerProvider().getTracer('t').startSpan('x');
    span.end();
    const result = await new Promise((resolve) => exporter.export([span as never], resolve));
    expect(result).toEqual({ code: ExportResultCode.SUCCESS });
    expect(memory.getFinishedSpans()).toHaveLength(0);
  });
});

describe('the request ID on a span', () => {
  /** Masks every string but the one the exporter showed clean, so the test sees which was passed as is. */
  const masksAllButProven: Redactor = {
    redactString: () => '[REDACTED]',
    redact: <T>(value: T): T => masksAllButProven[redactProvenClean]!(value, undefined),
    [redactProvenClean]: <T>(value: T, provenClean: string | undefined): T => Object.fromEntries(Object.entries(value as object)
      .map(([key, item]) => [key, key === provenClean || typeof item !== 'string' ? item : '[REDACTED]'])) as T,
  };

  function exportSpan(redactor: Redactor, requestId: (traceId: string) => string) {
    const memory = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: new RedactingSpanExporter(memory, redactor) })] });
    const span = provider.getTracer('t').startSpan('GET /orders');
    span.setAttributes({ [ATTR_REQUEST_ID]: requestId(span.spanContext().traceId), 'url.path': '/orders' });
    span.end();
    return memory.getFinishedSpans()[0]?.attributes;
  }

  it('passes Faultline\'s own (the span\'s trace ID re-encoded) without a scan, and every other attribute through the redactor', () => {
    const attributes = exportSpan(masksAllButProven, requestIdFromTraceId);
    expect(attributes?.[ATTR_REQUEST_ID]).toMatch(/^[0-9A-Z]{3}(?:-[0-9A-Z*~$=]{4}){6}$/);
    expect(attributes?.['url.path']).toBe('[REDACTED]');
  });

  it('scans any other value under that key: another trace\'s ID, or an app\'s secret', () => {
    const other = requestIdFromTraceId('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(exportSpan(masksAllButProven, () => other)?.[ATTR_REQUEST_ID]).toBe('[REDACTED]');
    const secret = 'ghp_FAKE0000000000000000000000000000fake';
    expect(exportSpan(createRedactor(), () => secret)?.[ATTR_REQUEST_ID]).not.toContain(secret);
  });
});

describe('the request ID Faultline marked on a span', () => {
  function exportMarked(set: (span: Span) => void) {
    const memory = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: new RedactingSpanExporter(memory, createRedactor()) })] });
    const span = provider.getTracer('t').startSpan('GET /orders');
    set(span);
    span.end();
    return memory.getFinishedSpans()[0]?.attributes[ATTR_REQUEST_ID];
  }
  // A string the scanner would mask: whether it comes out whole shows whether it was scanned.
  const secretShaped = 'ghp_FAKE0000000000000000000000000000fake';

  it('is copied without a scan (the mark, not the trace ID, proves it)', () => {
    expect(exportMarked((span) => setOwnRequestId(span, secretShaped))).toBe(secretShaped);
  });

  it('is scanned when the app put another value there after the mark', () => {
    expect(exportMarked((span) => {
      setOwnRequestId(span, 'ABC-DEFG-HJKM-NPQR-STVW-XYZ0-1234');
      span.setAttribute(ATTR_REQUEST_ID, secretShaped);
    })).not.toContain(secretShaped);
  });
});

describe('RedactingLogExporter', () => {
  it('scrubs body and attributes of log records', () => {
    const memory = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: new RedactingLogExporter(memory, fakeRedactor) })] });
    provider.getLogger('t').emit({ body: { msg: `login ${SECRET}` }, attributes: { header: SECRET }, severityNumber: 17 });
    const [record] = memory.getFinishedLogRecords();
    expect(record?.body).toEqual({ msg: 'login [REDACTED]' });
    expect(record?.attributes).toEqual({ header: '[REDACTED]' });
    expect(record?.severityNumber).toBe(17);
  });
});

describe('Faultline\'s own prescrubbed events and records', () => {
  it('passes a marked exception event through as it is, and redacts an unmarked one with the same content', () => {
    const memory = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: new RedactingSpanExporter(memory, fakeRedactor) })] });
    const span = provider.getTracer('t').startSpan('checkout');
    const content = { 'exception.type': 'Error', 'exception.message': `bad ${SECRET}` };
    span.addEvent('exception', content);
    const before = eventCount(span);
    // Stands in for an event core scrubbed as it was recorded: the secret shows whether it was scanned again.
    span.addEvent('exception', content);
    markEventsPrescrubbed(span, before);
    const marked = (span as unknown as { events: object[] }).events[before];
    span.end();

    const events = memory.getFinishedSpans()[0]?.events ?? [];
    expect(events).toHaveLength(2);
    expect(events[0]?.attributes).toEqual({ 'exception.type': 'Error', 'exception.message': 'bad [REDACTED]' });
    expect(events[1]).toBe(marked);
    expect(events[1]?.attributes).toEqual(content);
  });

  it('passes a marked log record\'s body and attributes through, redacts an unmarked one\'s, and redacts both resources', () => {
    const memory = new InMemoryLogRecordExporter();
    const resource = resourceFromAttributes({ 'service.name': 'shop', 'deployment.note': `deployed with ${SECRET}` });
    const provider = new LoggerProvider({
      resource,
      processors: [new PrescrubbedRecordMarker(), new SimpleLogRecordProcessor({ exporter: new RedactingLogExporter(memory, fakeRedactor) })],
    });
    const logger = provider.getLogger('t');
    const record = { body: `Error: bad ${SECRET}`, attributes: { 'exception.message': `bad ${SECRET}` }, severityNumber: 17 };
    emitPrescrubbed(() => logger.emit(record));
    logger.emit(record);

    const [marked, plain] = memory.getFinishedLogRecords();
    expect(marked?.body).toBe(`Error: bad ${SECRET}`);
    expect(marked?.attributes).toEqual({ 'exception.message': `bad ${SECRET}` });
    expect(marked?.severityNumber).toBe(17);
    expect(plain?.body).toBe('Error: bad [REDACTED]');
    expect(plain?.attributes).toEqual({ 'exception.message': 'bad [REDACTED]' });
    for (const exported of [marked, plain]) {
      expect(exported?.resource.attributes['service.name']).toBe('shop');
      expect(exported?.resource.attributes['deployment.note']).toBe('deployed with [REDACTED]');
    }
  });
});
