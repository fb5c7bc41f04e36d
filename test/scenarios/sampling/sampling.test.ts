// Errors survive sampling: with 10% of traces sampled, every failed request is still exported with its
// exception events, while most successes are dropped as the sampler intended.
import path from 'node:path';
import { expect, it } from 'vitest';
import { delay, useScenario, waitFor } from '../../support';
import type { ExportedSpan } from '../../support';

const scenario = useScenario();
const REQUESTS = 30;

const serverSpans = (route: string): ExportedSpan[] =>
  scenario.receiver.spans.filter((s) => s.kind === 2 && String(s.attributes['http.route']) === route);

it.each([
  { sampler: 'traceidratio', mode: 'require' as const, entry: 'app.cjs' },
  { sampler: 'parentbased_traceidratio', mode: 'require' as const, entry: 'app.cjs' },
  { sampler: 'parentbased_traceidratio', mode: 'import' as const, entry: 'app.mjs' },
])('keeps all $sampler-unsampled failures under --$mode: 30 of 30 errors, few successes', async ({ sampler, mode, entry }) => {
  const app = await scenario.start({
    entry: path.join(__dirname, entry),
    mode,
    env: { OTEL_TRACES_SAMPLER: sampler, OTEL_TRACES_SAMPLER_ARG: '0.1' },
  });
  for (let n = 0; n < REQUESTS; n += 1) {
    expect((await fetch(`${app.url}/fail/${n}`)).status).toBe(500);
    expect((await fetch(`${app.url}/ok/${n}`)).status).toBe(200);
  }
  const failed = await waitFor(() => {
    const spans = serverSpans('/fail/:n');
    return spans.length >= REQUESTS ? spans : undefined;
  }, { timeoutMs: 15_000, message: `${REQUESTS} failed server spans` });
  await delay(500);

  expect(new Set(failed.map((s) => s.traceId)).size).toBe(REQUESTS);
  for (const span of failed) {
    expect(span.status.code).toBe(2);
    const exceptions = scenario.receiver.spans.filter((s) => s.traceId === span.traceId).flatMap((s) => s.events).filter((e) => e.name === 'exception');
    expect(exceptions.length).toBeGreaterThan(0);
    expect(String(exceptions[0]?.attributes['exception.message'])).toContain('payment declined');
  }
  // Expected about 3 of 30; 15 or more would mean sampling is not applied at all (p < 1e-6).
  expect(serverSpans('/ok/:n').length).toBeLessThan(15);
});

it('gives an unsampled failure in a mounted router the route pattern, not the URL (Express 4)', async () => {
  const app = await scenario.start({
    entry: path.join(__dirname, 'app.cjs'),
    mode: 'require',
    env: { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' },
  });
  for (let n = 0; n < 10; n += 1) {
    expect((await fetch(`${app.url}/shops/s${n}/orders/${n}/fail`)).status).toBe(500);
    expect((await fetch(`${app.url}/fail/${n}`)).status).toBe(500);
  }
  const nested = await waitFor(() => {
    const spans = serverSpans('/shops/:shop/orders/:id/fail');
    return spans.length >= 10 ? spans : undefined;
  }, { timeoutMs: 15_000, message: '10 failed server spans with the nested route' });
  expect(nested.every((span) => span.name === 'GET /shops/:shop/orders/:id/fail')).toBe(true);
  await waitFor(() => (serverSpans('/fail/:n').length >= 10 ? true : undefined), { timeoutMs: 15_000, message: '10 failed top-level server spans' });
});

it('keeps unsampled failures the app answers itself, each with its own request ID and trace, also when they finish in one turn', async () => {
  const app = await scenario.start({
    entry: path.join(__dirname, 'app.cjs'),
    mode: 'require',
    env: { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' },
  });
  // Concurrent, so that several responses finish in the same turn of the app's event loop.
  const answers = await Promise.all(Array.from({ length: 20 }, async (_, n) => {
    const response = await fetch(`${app.url}/own/${n}`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: 'unavailable' });
    return { n, requestId: response.headers.get('x-request-id') };
  }));
  const failed = await waitFor(() => {
    const spans = serverSpans('/own/:n');
    return spans.length >= 20 ? spans : undefined;
  }, { timeoutMs: 15_000, message: '20 failed server spans' });
  for (const { n, requestId } of answers) {
    const message = `order ${n} could not be saved`;
    const span = failed.find((s) => s.events.some((e) => e.name === 'exception' && e.attributes['exception.message'] === message));
    expect(span, message).toBeDefined();
    expect(span?.status.code).toBe(2);
    expect(span?.attributes['error.type']).toBe('Error');
    expect(span?.attributes['faultline.request_id']).toBe(requestId);
    const record = await waitFor(() => scenario.receiver.logs.find((l) => l.attributes['exception.message'] === message), { timeoutMs: 15_000, message: `the log record of ${message}` });
    expect(record.traceId).toBe(span?.traceId);
    expect(record.attributes['request_id'] ?? record.attributes['faultline.request_id']).toBe(requestId);
  }
  const lines = app.stdout().split('\n').filter((line) => line.includes('could not be saved')).map((line) => JSON.parse(line) as Record<string, unknown>);
  for (const { n, requestId } of answers) {
    expect(lines.find((line) => line['exception.message'] === `order ${n} could not be saved`)?.['request_id']).toBe(requestId);
  }
});
