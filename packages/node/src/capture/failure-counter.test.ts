// The failure counter as the capture path feeds it: nothing before metrics are on, then one count per
// recorded failure, by bug and route, collected the way the OTLP reader collects it.
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { RPCType, setRPCMetadata } from '@opentelemetry/core';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import type { DataPoint } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { captureFailure } from './capture';
import { registerFailureCounter } from './failure-counter';

vi.mock('./failure-log', () => ({ logFailure: () => undefined }));

class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const reader = new CollectingReader();
const contextManager = new AsyncLocalStorageContextManager();

beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
});
afterAll(() => {
  context.disable();
  metrics.disable();
});

async function failureCounts(): Promise<Array<DataPoint<number>>> {
  const { resourceMetrics } = await reader.collect();
  const metric = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).find((m) => m.descriptor.name === 'faultline.failures');
  return (metric?.dataPoints ?? []) as Array<DataPoint<number>>;
}

class LedgerError extends Error { override name = 'LedgerError'; }

it('counts nothing until metrics are on', async () => {
  captureFailure(new LedgerError('closed'), undefined, 'test');
  expect(await failureCounts()).toEqual([]);
});

it('counts each recorded failure once, by fingerprint, error type, severity and route', async () => {
  registerFailureCounter();
  const route = setRPCMetadata(context.active(), { type: RPCType.HTTP, route: '/ledger/:id', span: trace.wrapSpanContext({ traceId: '1'.repeat(32), spanId: '2'.repeat(16), traceFlags: 1 }) });
  const summaries = context.with(route, () => [1, 2, 3].map(() => captureFailure(new LedgerError('closed'), undefined, 'test')));
  const other = captureFailure(new TypeError('x is undefined'), undefined, 'test');

  const points = await failureCounts();
  expect(points).toHaveLength(2);
  const ledger = points.find((p) => p.attributes['error.type'] === 'LedgerError');
  expect(ledger?.value).toBe(3);
  expect(ledger?.attributes).toEqual({
    'faultline.fingerprint': summaries[0]?.fingerprint,
    'error.type': 'LedgerError',
    'faultline.severity': summaries[0]?.severity,
    'http.route': '/ledger/:id',
  });
  const typeError = points.find((p) => p.attributes['error.type'] === 'TypeError');
  expect(typeError?.value).toBe(1);
  expect(typeError?.attributes).toEqual({ 'faultline.fingerprint': other?.fingerprint, 'error.type': 'TypeError', 'faultline.severity': other?.severity });
});
