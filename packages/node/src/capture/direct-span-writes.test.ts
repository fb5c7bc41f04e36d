// Faultline's own attributes and exception events written directly on the SDK's spans come out exactly as
// the span's own setAttribute and addEvent would leave them, without the SDK's per-value checks; wherever
// that would change something (an ended span, limits, a replaced method, a value that is not plain) the
// span's own method runs.
import type { Attributes, Span } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import type { ReadableSpan, SpanLimits } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DIRECT_SPAN_WRITES, setOwnAttribute } from './direct-span-writes';

const EVENT: Attributes = { 'exception.type': 'Error', 'exception.message': 'order <n> failed', 'faultline.error.status': 500, 'faultline.error.unhandled': false };
const TIME = 1_700_000_000_000;

function twoSpans(spanLimits?: SpanLimits) {
  const tracer = new TracerProvider({ spanLimits }).getTracer('t');
  return { direct: tracer.startSpan('direct'), sdk: tracer.startSpan('sdk') };
}

/** What an exporter reads of a span, without its name, ids and times. */
function written(span: ReadableSpan) {
  return {
    attributes: span.attributes,
    droppedAttributesCount: span.droppedAttributesCount,
    events: span.events.map(({ name, attributes, droppedAttributesCount, time }) => ({ name, attributes, droppedAttributesCount, time })),
    droppedEventsCount: span.droppedEventsCount,
  };
}

/** Writes the same through the direct writer and the span's own methods; returns both as ended. */
function writeBoth(write: (span: Span, direct: boolean) => void, spanLimits?: SpanLimits) {
  const { direct, sdk } = twoSpans(spanLimits);
  write(direct, true);
  write(sdk, false);
  direct.end();
  sdk.end();
  return { direct: written(direct as unknown as ReadableSpan), sdk: written(sdk as unknown as ReadableSpan) };
}

function countWeakSets(): { readonly count: number } {
  const counter = { count: 0 };
  const Original = WeakSet;
  vi.stubGlobal('WeakSet', class extends Original<object> {
    constructor() {
      super();
      counter.count++;
    }
  });
  return counter;
}

afterEach(() => vi.unstubAllGlobals());

describe('direct span writes', () => {
  it('leave the attributes and the exception event the span\'s own methods leave', () => {
    const { direct, sdk } = writeBoth((span, viaDirect) => {
      const attributes = { 'error.type': 'Error', 'faultline.error.severity': 'high', 'faultline.error.status': 500 };
      if (viaDirect) {
        setOwnAttribute(span, 'http.response.status_code', 500);
        setOwnAttribute(span, 'http.response.status_code', 502);
        DIRECT_SPAN_WRITES.setAttributes(span, attributes);
        DIRECT_SPAN_WRITES.addEvent(span, 'exception', EVENT, TIME);
      } else {
        span.setAttribute('http.response.status_code', 500);
        span.setAttribute('http.response.status_code', 502);
        span.setAttributes(attributes);
        span.addEvent('exception', EVENT, TIME);
      }
    });
    expect(direct).toEqual(sdk);
    expect(direct.attributes).toEqual({ 'http.response.status_code': 502, 'error.type': 'Error', 'faultline.error.severity': 'high', 'faultline.error.status': 500 });
    expect(direct.events).toHaveLength(1);
  });

  it('skip the SDK\'s check of each value (a WeakSet per setAttribute there)', () => {
    const { direct, sdk } = twoSpans();
    const weakSets = countWeakSets();
    setOwnAttribute(direct, 'faultline.request_id', '2BZ-4QKA-XXK9-PKA7-KMJK-M70W-HSPY');
    DIRECT_SPAN_WRITES.addEvent(direct, 'exception', EVENT);
    expect(weakSets.count).toBe(0);
    sdk.setAttribute('faultline.request_id', '2BZ-4QKA-XXK9-PKA7-KMJK-M70W-HSPY');
    expect(weakSets.count).toBe(1);
  });

  it('leave it to the SDK at its limits: attributes and events dropped and counted, values cut', () => {
    const limits: SpanLimits = { attributeCountLimit: 2, eventCountLimit: 1, attributePerEventCountLimit: 3 };
    const atLimits = writeBoth((span, viaDirect) => {
      const set = viaDirect ? (key: string, value: string) => setOwnAttribute(span, key, value) : (key: string, value: string) => span.setAttribute(key, value);
      for (const key of ['a', 'b', 'c']) set(key, key);
      set('a', 'again');
      for (const n of [1, 2]) {
        if (viaDirect) DIRECT_SPAN_WRITES.addEvent(span, `e${n}`, { n }, TIME);
        else span.addEvent(`e${n}`, { n }, TIME);
      }
      if (viaDirect) DIRECT_SPAN_WRITES.addEvent(span, 'exception', EVENT, TIME);
      else span.addEvent('exception', EVENT, TIME);
    }, limits);
    expect(atLimits.direct).toEqual(atLimits.sdk);
    expect(atLimits.direct).toMatchObject({ attributes: { a: 'again', b: 'b' }, droppedAttributesCount: 1, droppedEventsCount: 2 });
    expect(atLimits.direct.events[0]?.droppedAttributesCount).toBe(1);

    const cut = writeBoth((span, viaDirect) => (viaDirect ? setOwnAttribute(span, 'message', 'abcdefgh') : span.setAttribute('message', 'abcdefgh')), { attributeValueLengthLimit: 4 });
    expect(cut.direct).toEqual(cut.sdk);
    expect(cut.direct.attributes).toEqual({ message: 'abcd' });
  });

  it('go through the span\'s own methods on an ended span, for a value that is not plain, and where a method was replaced', () => {
    const { direct } = twoSpans();
    direct.end();
    setOwnAttribute(direct, 'late', 'value');
    DIRECT_SPAN_WRITES.addEvent(direct, 'exception', EVENT);
    expect((direct as unknown as ReadableSpan).attributes).toEqual({});
    expect((direct as unknown as ReadableSpan).events).toEqual([]);

    const arrays = writeBoth((span, viaDirect) => (viaDirect ? setOwnAttribute(span, 'list', ['a', 'b']) : span.setAttribute('list', ['a', 'b'])));
    expect(arrays.direct).toEqual(arrays.sdk);

    const { sdk: wrapped } = twoSpans();
    const seen: string[] = [];
    const own = wrapped.setAttribute.bind(wrapped);
    wrapped.setAttribute = (key, value) => {
      seen.push(key);
      return own(key, value);
    };
    const addEvent = wrapped.addEvent.bind(wrapped);
    wrapped.addEvent = (name, ...rest) => {
      seen.push(name);
      return addEvent(name, ...rest);
    };
    setOwnAttribute(wrapped, 'http.route', '/orders/:id');
    DIRECT_SPAN_WRITES.setAttributes(wrapped, { 'error.type': 'Error' });
    DIRECT_SPAN_WRITES.addEvent(wrapped, 'exception', EVENT);
    expect(seen).toEqual(['http.route', 'error.type', 'exception']);
  });

  it('write through a span that is not the SDK\'s own', () => {
    const calls: unknown[][] = [];
    const span = {
      setAttribute: (...args: unknown[]) => calls.push(['setAttribute', ...args]),
      addEvent: (...args: unknown[]) => calls.push(['addEvent', ...args]),
    } as unknown as Span;
    setOwnAttribute(span, 'k', 'v');
    DIRECT_SPAN_WRITES.addEvent(span, 'exception', EVENT, TIME);
    expect(calls).toEqual([['setAttribute', 'k', 'v'], ['addEvent', 'exception', EVENT, TIME]]);
  });
});
