// The exporters as the SDK builds them, against a local HTTP server standing in for the Collector: over
// OTLP/protobuf a failure's span and record wait encoded (otlp-protobuf/encoded-item.ts), and what reaches
// the wire is still redacted, or not sent at all when it cannot be.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SeverityNumber, SpanStatusCode } from '@opentelemetry/api';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { createRedactor } from '@faultline/core';
import type { Redactor } from '@faultline/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildConfig } from '../config';
import { createLogExporter, createSpanExporter } from './exporters';
import type { FreshFirstExporter } from './fresh-first-exporter';

const SECRET = 'sk_live_FAKE0000000000000000000000';
const bodies: { path: string; body: Buffer }[] = [];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    bodies.push({ path: req.url ?? '', body: Buffer.concat(chunks) });
    res.writeHead(200, { 'content-type': 'application/x-protobuf' });
    res.end();
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
afterAll(() => {
  vi.unstubAllEnvs();
  server.close();
});

function failedSpan(): ReadableSpan {
  const span = new TracerProvider().getTracer('t').startSpan('POST /payments');
  span.setAttribute('payment.note', `card token ${SECRET}`);
  span.recordException(new Error(`charge failed for ${SECRET}`));
  span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
  return span as unknown as ReadableSpan;
}

function failureRecord(): ReadableLogRecord {
  let emitted: ReadableLogRecord | undefined;
  const provider = new LoggerProvider({ processors: [{ onEmit: (record) => { emitted = record; }, forceFlush: async () => {}, shutdown: async () => {} }] });
  provider.getLogger('t').emit({ severityNumber: SeverityNumber.ERROR, body: `charge failed for ${SECRET}`, attributes: { 'exception.type': 'Error' } });
  return emitted as ReadableLogRecord;
}

/**
 * Exports one item and flushes: whether it waited encoded in the urgent lane (read from the private
 * field only to see its form), and the request bodies that reached `path`.
 */
async function exportOne<T>(exporter: FreshFirstExporter<T>, item: T, path: string): Promise<{ encoded: boolean; requests: Buffer[] }> {
  bodies.length = 0;
  exporter.export([item], () => {});
  const waiting = (exporter as unknown as { urgent: { packing?: { length: number } } }).urgent;
  const encoded = waiting.packing?.length === 1;
  await exporter.forceFlush();
  await exporter.shutdown();
  return { encoded, requests: bodies.filter((request) => request.path === path).map((request) => request.body) };
}

describe('the OTLP/protobuf exporters', () => {
  it('keep a failure\'s span waiting encoded, and send it redacted', async () => {
    const { encoded, requests } = await exportOne(createSpanExporter(buildConfig({}, {}), createRedactor())!, failedSpan(), '/v1/traces');
    expect(encoded).toBe(true);
    expect(requests).toHaveLength(1);
    const text = requests[0]!.toString('latin1');
    expect(text).toContain('POST /payments');
    expect(text).toContain('card token');
    expect(text).not.toContain(SECRET);
  });

  it('keep a failure\'s log record waiting encoded, and send it redacted', async () => {
    const { encoded, requests } = await exportOne(createLogExporter(buildConfig({}, {}), createRedactor())!, failureRecord(), '/v1/logs');
    expect(encoded).toBe(true);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.toString('latin1')).toContain('charge failed for');
    expect(requests[0]!.toString('latin1')).not.toContain(SECRET);
  });

  it('send nothing of a failure the redactor cannot handle: it waits as it came and the export pass drops it', async () => {
    const broken: Redactor = { redact: () => { throw new Error('nope'); }, redactString: () => { throw new Error('nope'); } };
    const { encoded, requests } = await exportOne(createSpanExporter(buildConfig({}, {}), broken)!, failedSpan(), '/v1/traces');
    expect(encoded).toBe(false);
    expect(requests).toHaveLength(0);
  });

  it('keep items as they came over OTLP/JSON, which encodes its own way', async () => {
    const config = buildConfig({}, { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    const { encoded, requests } = await exportOne(createSpanExporter(config, createRedactor())!, failedSpan(), '/v1/traces');
    expect(encoded).toBe(false);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.toString('utf8')).toContain('POST /payments');
    expect(requests[0]!.toString('utf8')).not.toContain(SECRET);
  });
});
