import { afterEach, describe, expect, it } from 'vitest';
import { propagation } from '@opentelemetry/api';
import { setUpPropagation } from './propagation';

afterEach(() => propagation.disable());

describe('setUpPropagation (OTEL_PROPAGATORS)', () => {
  it('propagates W3C trace context and baggage by default', () => {
    setUpPropagation(['tracecontext', 'baggage']);
    expect(propagation.fields()).toEqual(expect.arrayContaining(['traceparent', 'tracestate', 'baggage']));
  });

  it('loads B3 in its single- and multi-header forms only when asked', () => {
    setUpPropagation(['b3']);
    expect(propagation.fields()).toContain('b3');
    propagation.disable();
    setUpPropagation(['b3multi']);
    expect(propagation.fields()).toContain('x-b3-traceid');
  });

  it('leaves propagation off with none', () => {
    setUpPropagation(['none', 'tracecontext']);
    expect(propagation.fields()).toEqual([]);
  });
});
