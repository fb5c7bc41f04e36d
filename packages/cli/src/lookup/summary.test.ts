import { requestIdFromTraceId } from '@faultline/core';
import { describe, expect, it } from 'vitest';
import { fromJaeger } from '../backend/jaeger-convert';
import type { JaegerTrace } from '../backend/jaeger-schema';
import type { TraceData } from '../backend/types';
import { jaegerFixture, traceFixture } from './fixtures/load';
import type { FixtureName } from './fixtures/load';
import { summarize } from './summary';

function summaryOf(trace: TraceData) {
  const requestId = requestIdFromTraceId(trace.traceId);
  const summary = summarize(trace, { requestId, traceUrl: `http://jaeger.test/trace/${trace.traceId}` });
  if (summary === undefined) throw new Error('no summary');
  return summary;
}
const fixture = (name: FixtureName) => summaryOf(traceFixture(name));

/** A copy of a recorded trace with one exception field changed. */
function withException(name: FixtureName, field: string, value: string): JaegerTrace {
  const trace = structuredClone(jaegerFixture(name));
  for (const span of trace.spans) for (const log of span.logs ?? []) for (const kv of log.fields ?? []) if (kv.key === field) kv.value = value;
  return trace;
}

describe('summary of a recorded Jaeger trace', () => {
  it('pins the v1 summary of a thrown bug', () => {
    expect(fixture('bug')).toEqual({
      requestId: '18P-3EVH-93G1-M8A1-MJAB-175P-Q4NY',
      traceId: '28b0ddb8a4700d10a0d24a584e5b5c95',
      traceUrl: 'http://jaeger.test/trace/28b0ddb8a4700d10a0d24a584e5b5c95',
      startedAt: '2026-12-06T11:19:56.708Z',
      durationMs: expect.any(Number),
      service: 'lookup-dev',
      method: 'GET',
      route: '/bug',
      status: 500,
      outcome: 'failed',
      faultline: true,
      failure: {
        type: 'TypeError',
        message: "Cannot read properties of undefined (reading 'profile')",
        severity: 'high',
        fingerprint: 'aa0956cfc7b984af',
        unhandled: false,
        where: { file: 'server.js', line: 32, column: expect.any(Number) },
        causes: [],
      },
      downstream: [],
      customerSaw: { status: 500, title: 'Internal Server Error', requestId: '18P-3EVH-93G1-M8A1-MJAB-175P-Q4NY' },
      spanCount: 2,
      services: ['lookup-dev'],
      spans: [
        { depth: 0, name: 'GET /bug', service: 'lookup-dev', offsetMs: 0, durationMs: 10.869, failed: true },
        { depth: 1, name: 'request handler - /bug', service: 'lookup-dev', offsetMs: 2, durationMs: 5.402, failed: true },
      ],
    });
  });

  it('gives the code, the critical severity, the function of the first app frame and the cause chain', () => {
    expect(fixture('ledger').failure).toMatchObject({ type: 'FaultlineError', code: 'LEDGER_IMBALANCE', severity: 'critical' });
    expect(fixture('invoice').failure?.where).toMatchObject({ file: 'server.js', function: 'renderInvoice' });
    const timeout = fixture('timeout');
    expect(timeout.failure).toMatchObject({ type: 'TimeoutError', code: 'TIMEOUT', causes: [{ path: 'cause', type: 'TimeoutError' }] });
    expect(timeout.downstream).toEqual([{ name: 'GET', method: 'GET', url: expect.stringMatching(/\/stock\/sku-42$/), error: 'The operation was aborted due to timeout' }]);
    expect(timeout.route).toBe('/stock/:sku');
    expect(timeout.status).toBe(504);
  });

  it('names the remote request ID Faultline kept on a failed client span (faultline.remote.request_id)', () => {
    const trace = structuredClone(traceFixture('timeout'));
    for (const client of trace.spans.filter((span) => span.kind === 'client')) {
      Object.assign(client, { attributes: { ...client.attributes, 'faultline.remote.request_id': 'ledger-req-500' } });
    }
    expect(summaryOf(trace).downstream).toEqual([expect.objectContaining({ method: 'GET', requestId: 'ledger-req-500' })]);
  });

  it('says what the customer saw from the title and detail recorded on the server span, scrubbed again', () => {
    const trace = structuredClone(jaegerFixture('signup'));
    const root = trace.spans.find((span) => span.tags?.some((tag) => tag.key === 'span.kind' && tag.value === 'server'))!;
    root.tags!.push(
      { key: 'faultline.response.title', type: 'string', value: 'The sign-up form is invalid.' },
      { key: 'faultline.response.detail', type: 'string', value: 'The e-mail field is taken (login jane.roe@example.com, key sk_live_FAKEFAKEFAKEFAKE1234).' },
    );
    const saw = summaryOf(fromJaeger(trace)).customerSaw!;
    expect(saw).toMatchObject({ status: 400, title: 'The sign-up form is invalid.' });
    expect(saw.detail).toMatch(/^The e-mail field is taken/);
    expect(saw.detail).not.toMatch(/jane\.roe@example\.com|sk_live_FAKE/);
  });

  it('tells a validation error (low) and a success apart from a bug', () => {
    expect(fixture('signup')).toMatchObject({ status: 400, outcome: 'failed', failure: { type: 'ValidationError', severity: 'low' }, customerSaw: { title: 'Bad Request' } });
    const success = fixture('success');
    expect(success).toMatchObject({ status: 200, outcome: 'succeeded', route: '/orders/:id' });
    expect(success.failure).toBeUndefined();
    expect(success.customerSaw).toBeUndefined();
  });

  it('redacts again what an older or foreign SDK left in the message, and keeps markup as text', () => {
    const hostile = 'login failed password=hunter2-FAKE token ghp_FAKEabcdefghijklmnopqrstuvwxyz0123456789 <script>alert(1)</script><img src=x onerror=alert(2)>';
    const summary = summaryOf(fromJaeger(withException('bug', 'exception.message', hostile)));
    expect(summary.failure?.message).not.toContain('hunter2-FAKE');
    expect(summary.failure?.message).not.toContain('ghp_FAKEabcdefghijklmnopqrstuvwxyz0123456789');
    // The summary is data: markup stays as the characters it is (the page escapes it, the CLI prints it).
    expect(summary.failure?.message).toContain('<script>alert(1)</script>');
  });

  it('bounds a huge message and a huge trace', () => {
    const long = summaryOf(fromJaeger(withException('bug', 'exception.message', 'x'.repeat(100_000))));
    expect(long.failure?.message.length).toBeLessThanOrEqual(4097);

    const base = jaegerFixture('timeout');
    const client = base.spans.find((span) => span.tags?.some((t) => t.key === 'span.kind' && t.value === 'client'));
    if (client === undefined) throw new Error('fixture has no client span');
    const spans = [...base.spans, ...Array.from({ length: 20_000 }, (_, i) => ({ ...client, spanID: i.toString(16).padStart(16, '0') }))];
    const started = performance.now();
    const huge = summaryOf(fromJaeger({ ...base, spans }));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(huge.spanCount).toBe(20_004);
    expect(huge.downstream).toHaveLength(20);
    expect(huge.spans).toHaveLength(200);
    expect(huge.failure?.type).toBe('TimeoutError');
  });

  it('summarizes a trace from an app without Faultline from what OpenTelemetry recorded', () => {
    const plain = structuredClone(jaegerFixture('invoice'));
    for (const span of plain.spans) {
      span.tags = (span.tags ?? []).filter((t) => !t.key.startsWith('faultline.'));
      for (const log of span.logs ?? []) log.fields = (log.fields ?? []).filter((f) => !f.key.startsWith('faultline.'));
    }
    const summary = summaryOf(fromJaeger(plain));
    expect(summary).toMatchObject({ faultline: false, outcome: 'failed', status: 500, route: '/orders/:id/invoice' });
    expect(summary.failure).toMatchObject({ type: 'Error', message: 'invoice template missing for order 1001' });
    expect(summary.failure?.fingerprint).toBeUndefined();
    expect(summary.failure?.severity).toBeUndefined();
  });

  it('survives a timestamp no Date can hold and a parent cycle', () => {
    const trace = traceFixture('bug');
    const server = trace.spans.find((span) => span.kind === 'server');
    const handler = trace.spans.find((span) => span.kind !== 'server');
    if (server === undefined || handler === undefined) throw new Error('fixture changed');
    const broken: TraceData = { traceId: trace.traceId, spans: [{ ...server, startMs: 1e20, parentId: handler.spanId }, { ...handler, parentId: server.spanId }] };
    const summary = summaryOf(broken);
    expect(summary.startedAt).toBe('1970-01-01T00:00:00.000Z');
    expect(summary.spans.length).toBeLessThanOrEqual(2);
  });

  it('returns nothing for a trace without spans', () => {
    expect(summarize({ traceId: 'a'.repeat(32), spans: [] }, { requestId: 'x', traceUrl: 'y' })).toBeUndefined();
  });
});
