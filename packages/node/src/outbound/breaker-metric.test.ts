// The breaker's state as a metric, read as an exporter would read it, while a service's breaker opens and
// closes again; the call that fails fast carries the breaker's own code.
import { metrics } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { beforeAll, expect, it } from 'vitest';
import { remoteService } from './remote-service';

class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const reader = new CollectingReader();

beforeAll(() => {
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
});

async function breakerGauge(): Promise<Record<string, unknown>> {
  const { resourceMetrics } = await reader.collect();
  const metric = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).find((m) => m.descriptor.name === 'faultline.outbound.breaker.state');
  return Object.fromEntries((metric?.dataPoints ?? []).map((point) => [point.attributes['faultline.outbound.service'], point.value]));
}

const reset = () => Promise.reject(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));

it('exports 0 closed, 2 open, and 0 again after a successful half-open probe, per service', async () => {
  const ledger = remoteService('ledger', { maxAttempts: 1, breaker: { consecutiveFailures: 2, halfOpenAfterMs: 30 } });
  const search = remoteService('search', { maxAttempts: 1 });
  expect(await breakerGauge()).toEqual({ ledger: 0, search: 0 });
  await expect(ledger.call(reset)).rejects.toMatchObject({ name: 'ExternalServiceError', code: 'EXTERNAL_SERVICE_FAILED' });
  await expect(ledger.call(reset)).rejects.toMatchObject({ name: 'ExternalServiceError' });
  expect(await breakerGauge()).toEqual({ ledger: 2, search: 0 });
  let called = false;
  await expect(ledger.call(() => { called = true; })).rejects.toMatchObject({ status: 503, code: 'FAULTLINE_CIRCUIT_OPEN' });
  expect(called).toBe(false);
  await new Promise((resolve) => setTimeout(resolve, 40));
  await expect(ledger.call(() => 'fine')).resolves.toBe('fine');
  expect(ledger.breakerState).toBe('closed');
  expect(await breakerGauge()).toEqual({ ledger: 0, search: 0 });
  expect(search.breakerState).toBe('closed');
});

it('reports the worst state of several services of one name', async () => {
  const first = remoteService('billing', { maxAttempts: 1, breaker: { consecutiveFailures: 1 } });
  const second = remoteService('billing', { maxAttempts: 1 });
  await expect(first.call(reset)).rejects.toMatchObject({ name: 'ExternalServiceError' });
  expect((await breakerGauge()).billing).toBe(2);
  expect([first.breakerState, second.breakerState]).toEqual(['open', 'closed']);
});

it('an error of the caller\'s own code is passed through untouched and does not open the breaker', async () => {
  const orders = remoteService('orders', { maxAttempts: 3, breaker: { consecutiveFailures: 1 } });
  const bug = new RangeError('bad index');
  let attempts = 0;
  await expect(orders.call(() => { attempts += 1; throw bug; }, { idempotent: true })).rejects.toBe(bug);
  expect(attempts).toBe(1);
  expect(orders.breakerState).toBe('closed');
});
