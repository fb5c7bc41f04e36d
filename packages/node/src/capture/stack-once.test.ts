// The stack goes out once: a failure recorded on a sampled span has its stack (and its causes' stacks)
// on that span's exception event, and its OTLP log record carries the rest without them; a failure whose
// span is not exported (not recording, or recording but not sampled) keeps the stack on its record.
import { logs, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { AlwaysOnSampler, InMemorySpanExporter, SamplingDecision, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { createRedactor } from '@faultline/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConfig } from '../config';
import { setRuntime } from '../runtime';
import { captureFailure, configureCapture } from './capture';

const FAKE_TOKEN = 'sk_live_FAKE0000000000000000000000';
const records = new InMemoryLogRecordExporter();
const spans = new InMemorySpanExporter();

beforeAll(() => {
  const redactor = createRedactor();
  setRuntime({ config: buildConfig({ logStdout: false }, {}), redactor, sdkStarted: true });
  configureCapture({ mode: 'production', redactor });
  logs.setGlobalLoggerProvider(new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: records })] }));
});

afterAll(() => {
  setRuntime(undefined);
  configureCapture({ mode: 'production' });
  logs.disable();
});

function failWith(marker: string, span: Span): void {
  const cause = new Error(`upstream refused ${marker}`);
  captureFailure(new Error(`charge failed ${marker} key ${FAKE_TOKEN}`, { cause }), undefined, 'express', span, 500);
  span.end();
}

function recordOf(marker: string): Record<string, unknown> {
  const found = records.getFinishedLogRecords().filter((record) => String(record.body).includes(marker));
  expect(found).toHaveLength(1);
  return found[0]?.attributes as Record<string, unknown>;
}

function tracerWith(sampler = new AlwaysOnSampler()) {
  return new TracerProvider({ sampler, spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] }).getTracer('t');
}

describe('where a failure\'s stack goes', () => {
  it('on a sampled span: on the exception event only; the record keeps type, message, fingerprint and causes', () => {
    failWith('m-sampled', tracerWith().startSpan('GET /fail'));
    const event = spans.getFinishedSpans().find((span) => span.events.some((e) => String(e.attributes?.['exception.message']).includes('m-sampled')))?.events[0];
    expect(String(event?.attributes?.['exception.stacktrace'])).toMatch(/^Error: charge failed m-sampled key \[REDACTED[^\n]*\n\s+at /);
    expect(String(event?.attributes?.['faultline.cause.1.stacktrace'])).toContain('upstream refused m-sampled');

    const record = recordOf('m-sampled');
    expect(record).not.toHaveProperty('exception.stacktrace');
    expect(record).toMatchObject({
      'exception.type': 'Error',
      'faultline.fingerprint': event?.attributes?.['faultline.fingerprint'],
      'faultline.severity': 'high',
      'faultline.source': 'express',
    });
    expect(String(record['exception.message'])).toMatch(/^charge failed m-sampled key \[REDACTED/);
    expect(record['faultline.error.causes']).toEqual([{ type: 'Error', message: 'upstream refused m-sampled', path: 'cause' }]);
    expect(JSON.stringify(record)).not.toContain(FAKE_TOKEN);
  });

  it('on a span that records but is not sampled (not exported): on the record', () => {
    const recordOnly = { shouldSample: () => ({ decision: SamplingDecision.RECORD }), toString: () => 'record-only' };
    const span = tracerWith(recordOnly as unknown as AlwaysOnSampler).startSpan('GET /fail');
    expect(span.isRecording()).toBe(true);
    failWith('m-record-only', span);
    const record = recordOf('m-record-only');
    expect(String(record['exception.stacktrace'])).toMatch(/^Error: charge failed m-record-only key \[REDACTED[^\n]*\n\s+at /);
    expect(JSON.stringify(record['faultline.error.causes'])).toContain('upstream refused m-record-only\\n    at ');
    expect(JSON.stringify(record)).not.toContain(FAKE_TOKEN);
  });

  it('with no recording span at all: on the record', () => {
    failWith('m-unsampled', trace.wrapSpanContext({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 0 }));
    expect(String(recordOf('m-unsampled')['exception.stacktrace'])).toMatch(/\n\s+at /);
  });

  it('when spans are not exported at all (OTEL_TRACES_EXPORTER=none): on the record, though the span is sampled', () => {
    configureCapture({ mode: 'production', redactor: createRedactor(), spansExported: false });
    try {
      failWith('m-no-span-export', tracerWith().startSpan('GET /fail'));
    } finally {
      configureCapture({ mode: 'production', redactor: createRedactor() });
    }
    const record = recordOf('m-no-span-export');
    expect(String(record['exception.stacktrace'])).toMatch(/^Error: charge failed m-no-span-export key \[REDACTED[^\n]*\n\s+at /);
    expect(JSON.stringify(record)).not.toContain(FAKE_TOKEN);
  });
});
