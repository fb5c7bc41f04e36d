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
