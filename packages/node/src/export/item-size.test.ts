import { TracerProvider } from '@opentelemetry/sdk-trace';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { spanSize } from './item-size';

describe('spanSize', () => {
  it('counts what a failure carries: an 8 KB stack makes the span at least that big', () => {
    const tracer = new TracerProvider().getTracer('t');
    const plain = tracer.startSpan('GET /ok', { attributes: { 'url.path': '/ok' } });
    const failed = tracer.startSpan('GET /fail', { attributes: { 'url.path': '/fail' } });
    failed.addEvent('exception', { 'exception.type': 'Error', 'exception.stacktrace': 'x'.repeat(8192) });
    expect(spanSize(plain as unknown as ReadableSpan)).toBeLessThan(1024);
    expect(spanSize(failed as unknown as ReadableSpan)).toBeGreaterThan(8192);
  });
});
