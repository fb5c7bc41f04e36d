// The encoder writes the bytes otlp-transformer's protobuf serialisers write (the copy the OTLP/protobuf
// exporters ship), for a wide generated set of spans and log records and for spans from the real SDK.
import { createRequire } from 'node:module';
import { SpanKind, SpanStatusCode, TraceFlags, context, trace } from '@opentelemetry/api';
import type { Attributes, AttributeValue, HrTime } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { describe, expect, it, vi } from 'vitest';
import { EncodedItem } from './encoded-item';
import { encodeLogsRequest, logRecordQueue } from './logs-request';
import { encodeTraceRequest, spanQueue } from './trace-request';

interface Serializer<T> { serializeRequest(items: T[]): Uint8Array | undefined }
function reference(exporter: string): { traces: Serializer<ReadableSpan>; logs: Serializer<ReadableLogRecord> } {
  const fromExporter = createRequire(createRequire(__filename).resolve(exporter));
  const transformer = fromExporter('@opentelemetry/otlp-transformer') as { ProtobufTraceSerializer: Serializer<ReadableSpan>; ProtobufLogsSerializer: Serializer<ReadableLogRecord> };
  return { traces: transformer.ProtobufTraceSerializer, logs: transformer.ProtobufLogsSerializer };
}
const traceReference = reference('@opentelemetry/exporter-trace-otlp-proto').traces;
const logsReference = reference('@opentelemetry/exporter-logs-otlp-proto').logs;

/** A seeded linear congruential generator, so a failure replays. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296;
}

const STACK = `TypeError: Cannot read properties of undefined (reading 'id')\n${Array.from({ length: 40 }, (_, i) => `    at handler${i} (/srv/app/routes/orders-${i}.js:${i + 10}:17)`).join('\n')}`;
const STRINGS = [
  '', 'a', 'GET /orders/:id', 'é', 'naïve café', '日本語のテキスト', '😀', 'a😀b', '\ud800', 'x\udc00y', '\udbff', `${'a'.repeat(30)}é`,
  `${'a'.repeat(31)}é`, `${'a'.repeat(32)}é`, 'ü'.repeat(64), '😀'.repeat(40), 'a'.repeat(127), 'a'.repeat(128), 'é'.repeat(64), 'a'.repeat(16383),
  'a'.repeat(16384), `${'é'.repeat(5461)}a`, STACK, `${STACK}\u2028\ud83d`,
];
const NUMBERS = [
  0, -0, 1, -1, 127, 128, 300, -300, 2 ** 31, -(2 ** 31), 2 ** 32, 2 ** 32 + 1, 2 ** 53, -(2 ** 53), Number.MAX_SAFE_INTEGER,
  -(2 ** 40) - 7, 2 ** 63, -(2 ** 63), 2 ** 64, 0.5, -1.25, 1e300, -1e-300, Number.NaN, Infinity, -Infinity, Number.MIN_VALUE,
];

function generator(seed: number): { value: () => unknown; attributes: () => Attributes; string: () => string; pick: <T>(items: readonly T[]) => T; int: (n: number) => number } {
  const next = random(seed);
  const int = (n: number): number => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const string = (): string => pick(STRINGS);
  const value = (depth = 0): unknown => {
    switch (int(depth > 2 ? 5 : 9)) {
      case 0: return string();
      case 1: return pick(NUMBERS);
      case 2: return next() < 0.5;
      case 3: return pick([null, undefined]);
      case 4: return pick([new Uint8Array([0, 1, 255]), Buffer.from('bytes'), new Uint8Array(0)]);
      case 5: return Array.from({ length: int(4) }, () => value(depth + 1));
      case 6: return Object.fromEntries(Array.from({ length: int(4) }, () => [string(), value(depth + 1)]));
      default: return string();
    }
  };
  const attributes = (): Attributes => Object.fromEntries(Array.from({ length: int(6) }, (_, i) => [i % 3 === 0 ? string() : `attr.${i}`, value() as AttributeValue]));
  return { value, attributes, string, pick, int };
}

const RESOURCES = [
  resourceFromAttributes({ 'service.name': 'orders', 'service.version': '1.2.3', 'host.pid': 4242 }),
  resourceFromAttributes({ 'service.name': 'ünïcode 😀', 'deployment.environment.name': 'production' }, { schemaUrl: 'https://opentelemetry.io/schemas/1.30.0' }),
  resourceFromAttributes({}),
];
const SCOPES = [
  { name: '@faultline/node', version: '0.1.0' },
  { name: '@opentelemetry/instrumentation-http', version: '0.300.0', schemaUrl: 'https://opentelemetry.io/schemas/1.30.0' },
  { name: 'scope-with-attributes', attributes: { 'scope.attr': 'x', n: 3 }, droppedAttributesCount: 2 },
  { name: '' },
];
const HEX = [...'0123456789abcdef'];
const id = (g: ReturnType<typeof generator>, bytes: number): string => Array.from({ length: bytes * 2 }, () => g.pick(HEX)).join('');
const time = (g: ReturnType<typeof generator>): HrTime => [g.pick([0, 1, 1_733_500_000, 4_294_967_295, 2 ** 33, 65_535, 65_536]), g.pick([0, 1, 999_999_999, 500_000_000, 123_456_789])];

function spans(seed: number, count: number): ReadableSpan[] {
  const g = generator(seed);
  return Array.from({ length: count }, () => {
    const context = { traceId: g.pick([id(g, 16), id(g, 16).toUpperCase()]), spanId: id(g, 8), traceFlags: g.pick([0, 1, 3, 255]), isRemote: g.pick([undefined, false, true]), traceState: g.pick([undefined, new TraceState('vendor=a,other=b'), new TraceState('')]) };
    const parent = g.pick([undefined, { traceId: context.traceId, spanId: id(g, 8), traceFlags: 1, isRemote: g.pick([undefined, true, false]) }, { traceId: context.traceId, spanId: '', traceFlags: 1 }]);
    return {
      name: g.string(), kind: g.pick([undefined, SpanKind.INTERNAL, SpanKind.SERVER, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER]),
      spanContext: () => context, parentSpanContext: parent, startTime: time(g), endTime: time(g), duration: [0, 1], ended: true,
      status: { code: g.pick([SpanStatusCode.UNSET, SpanStatusCode.OK, SpanStatusCode.ERROR]), message: g.pick([undefined, '', g.string()]) },
      attributes: g.attributes(), droppedAttributesCount: g.pick([0, 1, 300]), droppedEventsCount: g.pick([0, 5]), droppedLinksCount: g.pick([0, 2 ** 31]),
      events: Array.from({ length: g.int(4) }, () => ({ name: g.string(), time: time(g), attributes: g.pick([undefined, g.attributes(), { 'exception.stacktrace': STACK, 'exception.type': 'TypeError' }]), droppedAttributesCount: g.pick([undefined, 0, 4]) })),
      links: Array.from({ length: g.int(3) }, () => ({ context: { traceId: id(g, 16), spanId: id(g, 8), traceFlags: g.pick([0, 1]), isRemote: g.pick([undefined, true]), traceState: g.pick([undefined, new TraceState('k=v')]) }, attributes: g.pick([undefined, g.attributes()]), droppedAttributesCount: g.pick([undefined, 3]) })),
      resource: g.pick(RESOURCES), instrumentationScope: g.pick(SCOPES),
    } as unknown as ReadableSpan;
  });
}

function records(seed: number, count: number): ReadableLogRecord[] {
  const g = generator(seed);
  return Array.from({ length: count }, () => ({
    hrTime: time(g), hrTimeObserved: time(g), severityNumber: g.pick([undefined, 0, 1, 9, 17, 24]), severityText: g.pick([undefined, '', 'ERROR', 'wärning']),
    body: g.pick([undefined, g.value(), STACK]), attributes: g.attributes(), droppedAttributesCount: g.pick([0, 7]), eventName: g.pick([undefined, '', 'exception']),
    spanContext: g.pick([undefined, { traceId: id(g, 16), spanId: id(g, 8), traceFlags: g.pick([TraceFlags.NONE, TraceFlags.SAMPLED]) }, { traceId: '', spanId: '', traceFlags: 0 }]),
    resource: g.pick(RESOURCES), instrumentationScope: g.pick(SCOPES),
  }) as unknown as ReadableLogRecord);
}

const same = (actual: Uint8Array, expected: Uint8Array | undefined): void => {
  expect(expected).toBeDefined();
  expect(Buffer.from(actual).equals(Buffer.from(expected as Uint8Array))).toBe(true);
};

describe('the OTLP/protobuf encoder', () => {
  it('writes the reference bytes for generated spans, one at a time and in batches, twice (cached resources and scopes)', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const batch = spans(seed, seed % 7 === 0 ? 100 : 1 + (seed % 5));
      for (let round = 0; round < 2; round++) same(encodeTraceRequest(batch), traceReference.serializeRequest(batch));
      for (const span of batch.slice(0, 3)) same(encodeTraceRequest([span]), traceReference.serializeRequest([span]));
    }
  });

  it('writes the reference bytes for generated log records, one at a time and in batches', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const batch = records(seed, seed % 7 === 0 ? 100 : 1 + (seed % 5));
      for (let round = 0; round < 2; round++) same(encodeLogsRequest(batch), logsReference.serializeRequest(batch));
      for (const record of batch.slice(0, 3)) same(encodeLogsRequest([record]), logsReference.serializeRequest([record]));
    }
  });

  it('writes the reference bytes for spans the SDK recorded, an exception event included', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({ resource: RESOURCES[0], spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    const tracer = provider.getTracer('orders', '1.0.0');
    tracer.startActiveSpan('GET /orders/:id', { kind: SpanKind.SERVER, attributes: { 'http.route': '/orders/:id', 'http.response.status_code': 500 } }, (server) => {
      const child = tracer.startSpan('db.query', { links: [{ context: server.spanContext(), attributes: { why: 'retry' } }] }, trace.setSpan(context.active(), server));
      child.end();
      server.recordException(Object.assign(new TypeError('ünïcode message 😀'), { stack: STACK }));
      server.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
      server.end();
    });
    await provider.forceFlush();
    const finished = exporter.getFinishedSpans();
    expect(finished).toHaveLength(2);
    same(encodeTraceRequest(finished), traceReference.serializeRequest(finished));
  });

  it('writes the reference bytes for batches of items queued encoded as they arrived, alone and mixed with items not yet encoded', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const batch = spans(seed, seed % 7 === 0 ? 100 : 2 + (seed % 5));
      const queue = spanQueue((span) => span);
      for (const span of batch) queue.add(span);
      const packed = queue.take(batch.length) as unknown as EncodedItem[];
      expect(packed.every((item) => item instanceof EncodedItem && Buffer.isBuffer(item.bytes))).toBe(true);
      expect(packed.reduce((sum, item) => sum + item.count, 0)).toBe(batch.length);
      expect(queue.length).toBe(0);
      same(encodeTraceRequest(packed), traceReference.serializeRequest(batch));
      const one = (span: ReadableSpan) => {
        queue.add(span);
        return queue.take(1)[0]!;
      };
      same(encodeTraceRequest(batch.map((span, i) => (i % 2 === 0 ? one(span) : span))), traceReference.serializeRequest(batch));
      const logs = records(seed, seed % 7 === 0 ? 100 : 2 + (seed % 5));
      const logQueue = logRecordQueue((record) => record);
      const oneRecord = (record: ReadableLogRecord) => {
        logQueue.add(record);
        return logQueue.take(1)[0]!;
      };
      same(encodeLogsRequest(logs.map((record, i) => (i % 2 === 1 ? oneRecord(record) : record))), logsReference.serializeRequest(logs));
    }
  });

  it('hands out the oldest items first, in parts, after a drop, and after the queue moved what waits to its front', () => {
    const batch = spans(11, 60);
    const queue = spanQueue((span) => span);
    for (const span of batch.slice(0, 40)) queue.add(span);
    const bytesOf40 = queue.bytes;
    queue.drop(5);
    expect(queue.length).toBe(35);
    expect(queue.bytes).toBeLessThan(bytesOf40);
    const first = queue.take(25); // more taken than waits: what waits moves to the front
    for (const span of batch.slice(40)) queue.add(span);
    const rest = queue.take(1000);
    expect(queue.length).toBe(0);
    expect(queue.bytes).toBe(0);
    same(encodeTraceRequest([...first, ...rest]), traceReference.serializeRequest(batch.slice(5)));
  });

  it('keeps its buffer within a few times what waits while a full lane drops its oldest item for every new one', () => {
    const [span] = spans(13, 1) as [ReadableSpan];
    const item = (n: number) => ({ ...span, name: `item ${n}`, attributes: { note: 'x'.repeat(5_000) } }) as unknown as ReadableSpan;
    const queue = spanQueue((value) => value);
    const buffer = () => (queue as unknown as { writer: { buf: Buffer } }).writer.buf.length;
    for (let n = 0; n < 1000; n++) queue.add(item(n));
    const full = queue.bytes;
    let largest = 0;
    let moved = 0;
    const original = Uint8Array.prototype.copyWithin;
    const copyWithin = vi.spyOn(Uint8Array.prototype, 'copyWithin').mockImplementation(function (this: Uint8Array, target: number, start: number, end?: number) {
      if (target === 0) moved += (end ?? this.length) - start; // to the front: the queue's, not the encoder's own moves
      return original.call(this, target, start, end);
    });
    for (let n = 1000; n < 5000; n++) {
      queue.drop(1);
      queue.add(item(n));
      largest = Math.max(largest, buffer());
    }
    copyWithin.mockRestore();
    expect(queue.length).toBe(1000);
    expect(largest).toBeLessThanOrEqual(4 * full);
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThanOrEqual(2 * 4 * full); // what waits moves at most twice per byte dropped
    same(encodeTraceRequest(queue.take(1000)), traceReference.serializeRequest(Array.from({ length: 1000 }, (_, i) => item(4000 + i))));
    queue.add(item(0));
    queue.drop(1); // emptied: a buffer grown for a backlog is let go
    expect(buffer()).toBeLessThan(full);
  });

  it('counts the oldest items that free a number of bytes', () => {
    const batch = spans(3, 10);
    const queue = spanQueue((span) => span);
    queue.add(batch[0]!);
    const one = queue.bytes;
    for (const span of batch.slice(1)) queue.add(span);
    expect(queue.oldestCovering(1)).toBe(1);
    expect(queue.oldestCovering(one)).toBe(1);
    expect(queue.oldestCovering(one + 1)).toBe(2);
    expect(queue.oldestCovering(queue.bytes * 2)).toBe(10);
  });

  it('keeps nothing of an item it cannot encode, and what waits unharmed', () => {
    const batch = spans(5, 3);
    const queue = spanQueue((span) => {
      if (span === batch[1]) throw new Error('cannot redact');
      return span;
    });
    queue.add(batch[0]!);
    expect(() => queue.add(batch[1]!)).toThrow('cannot redact');
    const broken = { ...batch[2]!, spanContext: () => { throw new Error('half written'); } } as unknown as ReadableSpan;
    expect(() => queue.add(broken)).toThrow('half written');
    queue.add(batch[2]!);
    expect(queue.length).toBe(2);
    same(encodeTraceRequest(queue.take(2)), traceReference.serializeRequest([batch[0]!, batch[2]!]));
  });

  it('encodes a 200 KB item beside small ones, each item\'s bytes its own', () => {
    const [span] = spans(7, 1) as [ReadableSpan];
    const big = { ...span, attributes: { ascii: 'a'.repeat(200_000) } } as unknown as ReadableSpan;
    const queue = spanQueue((item) => item);
    queue.add(big);
    queue.add(span);
    const [first] = queue.take(1) as unknown as [EncodedItem];
    queue.add(span); // written after what was taken: the taken item's bytes were copied out
    same(encodeTraceRequest([first, ...queue.take(2)]), traceReference.serializeRequest([big, span, span]));
    expect(first.bytes.length).toBeGreaterThan(200_000);
  });

  it('writes the reference bytes for a 200 KB attribute and a 100 KB body', () => {
    const [span] = spans(7, 1) as [ReadableSpan];
    const big = { ...span, attributes: { huge: 'é'.repeat(100_000), ascii: 'a'.repeat(200_000) } } as unknown as ReadableSpan;
    same(encodeTraceRequest([big]), traceReference.serializeRequest([big]));
    const [record] = records(7, 1) as [ReadableLogRecord];
    const long = { ...record, body: '😀'.repeat(25_000) } as unknown as ReadableLogRecord;
    same(encodeLogsRequest([long]), logsReference.serializeRequest([long]));
  });

  it('writes an empty request for an empty batch, as the reference does', () => {
    same(encodeTraceRequest([]), traceReference.serializeRequest([]));
    same(encodeLogsRequest([]), logsReference.serializeRequest([]));
  });
  it('writes the reference bytes where plain JavaScript gave the SDK a number for a string (a name, an event, a severity text)', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({ resource: RESOURCES[0], spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    const span = provider.getTracer('orders', 2 as never).startSpan(404 as never);
    span.addEvent(42 as never);
    span.setStatus({ code: SpanStatusCode.ERROR, message: 500 as never });
    span.end();
    await provider.forceFlush();
    const finished = exporter.getFinishedSpans();
    same(encodeTraceRequest(finished), traceReference.serializeRequest(finished));
    const [record] = records(3, 1) as [ReadableLogRecord];
    const odd = { ...record, severityText: 3, eventName: 7 } as unknown as ReadableLogRecord;
    same(encodeLogsRequest([odd]), logsReference.serializeRequest([odd]));
  });

  it('sizes a batch by what it holds: one huge record before it does not make the next buffer huge', () => {
    const [record] = records(11, 1) as [ReadableLogRecord];
    const huge = { ...record, body: 'a'.repeat(4 * 1024 * 1024) } as unknown as ReadableLogRecord;
    same(encodeLogsRequest([huge]), logsReference.serializeRequest([huge]));
    const small = records(12, 512);
    const encoded = encodeLogsRequest(small);
    same(encoded, logsReference.serializeRequest(small));
    expect(encoded.buffer.byteLength).toBeLessThan(Math.max(2 * encoded.length + 64 * 1024, 8192) + 1);
  });
});
