// The harness itself: real OpenTelemetry OTLP/JSON exporters against the receiver decode into flat objects.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { TracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startReceiver } from './otlp-receiver';
import type { OtlpReceiver } from './otlp-receiver';
import { waitFor } from './wait-for';

let receiver: OtlpReceiver;
beforeAll(async () => { receiver = await startReceiver(); });
afterAll(async () => { await receiver.close(); });

it('decodes exported spans: attributes, events, status, hex ids', async () => {
  const exporter = new OTLPTraceExporter({ url: `${receiver.url}/v1/traces` });
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: exporter })] });
  const span = provider.getTracer('harness').startSpan('GET /x', { kind: SpanKind.SERVER, attributes: { 'http.status': 500, ok: false, tags: ['a', 'b'] } });
  span.addEvent('exception', { 'exception.type': 'Error', 'exception.message': 'boom' });
  span.setStatus({ code: SpanStatusCode.ERROR, message: 'failed' });
  span.end();
  await provider.forceFlush();
  const got = await waitFor(() => receiver.spans.find((s) => s.name === 'GET /x'));
  expect(got).toMatchObject({
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    kind: 2,
    attributes: { 'http.status': 500, ok: false, tags: ['a', 'b'] },
    events: [{ name: 'exception', attributes: { 'exception.type': 'Error', 'exception.message': 'boom' } }],
    status: { code: 2, message: 'failed' },
    scope: 'harness',
  });
  expect(receiver.rawText()).toContain('boom');
  await provider.shutdown();
});

it('decodes exported log records with body, severity and attributes', async () => {
  const exporter = new OTLPLogExporter({ url: `${receiver.url}/v1/logs` });
  const provider = new LoggerProvider({ processors: [new BatchLogRecordProcessor({ exporter })] });
  provider.getLogger('harness').emit({ severityNumber: 17, severityText: 'ERROR', body: 'it failed', attributes: { code: 'E1' } });
  await provider.forceFlush();
  const got = await waitFor(() => receiver.logs.find((l) => l.body === 'it failed'));
  expect(got).toMatchObject({ severityNumber: 17, severityText: 'ERROR', attributes: { code: 'E1' }, scope: 'harness' });
  await provider.shutdown();
});

it('refuses protobuf visibly instead of dropping it silently', async () => {
  const response = await fetch(`${receiver.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: new Uint8Array([1, 2]) });
  expect(response.status).toBe(415);
  expect(receiver.rejected).toHaveLength(1);
});
