// Drops that someone sees: a Collector that answers 2xx with garbage or with a partial success is a
// failed export; an outage gets one warning when it starts and one when it ends, with the counts; the
// shutdown line says what was lost while the Collector is still down; with metrics export on, the
// faultline.sdk.* counters reach the Collector. Everything a user sees: stderr (OTEL_LOG_LEVEL=warn)
// and what the Collector receives.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useScenario, waitFor } from '../../support';
import { decodeSums } from '../../support';

const APP = path.join(__dirname, 'crash-app.cjs');
const scenario = useScenario();
// Non-retryable answers fail at once; retryable ones give up after a second.
const ENV = { OTEL_EXPORTER_OTLP_TIMEOUT: '1000' };

describe.each([
  { name: 'an unparseable 2xx body', body: '<html><body>502 from a proxy, but 200</body></html>', reason: 'bad_response' },
  { name: 'a partial success', body: '{"partialSuccess":{"rejectedSpans":"1","errorMessage":"over quota"}}', reason: 'partial_success' },
])('a Collector answering 2xx with $name', ({ body, reason }) => {
  it(`counts it as a failure (${reason}): one warning when it starts, one with the counts when it ends`, async () => {
    const app = await scenario.start({ entry: APP, mode: 'require', env: ENV });
    scenario.receiver.misbehave({ body });
    for (let i = 0; i < 3; i += 1) await fetch(`${app.url}/fail`);
    await waitFor(() => app.stderr().includes(`faultline: span export failing (${reason})`), { timeoutMs: 5000 });
    scenario.receiver.misbehave({});
    await fetch(`${app.url}/fail`);
    const line = await waitFor(() => /faultline: span export recovered after [\d.]+ s: (\d+) spans failed to export/.exec(app.stderr()), { timeoutMs: 5000 });
    expect(Number(line[1])).toBeGreaterThan(0);
    expect(app.stderr().match(/span export failing/g)).toHaveLength(1);
  });
});

it('says what was lost in the shutdown line when the Collector is still down at SIGTERM', async () => {
  // Exports wait 10 s for the hanging Collector, so they are still in flight at SIGTERM however slow the
  // requests before it were (with the 1 s timeout they could already have failed: a different line).
  const env = { ...ENV, OTEL_EXPORTER_OTLP_TIMEOUT: '10000', FAULTLINE_SHUTDOWN_TIMEOUT_MS: '1000' };
  const app = await scenario.start({ entry: APP, mode: 'require', env });
  scenario.receiver.misbehave({ hang: true });
  await fetch(`${app.url}/burst?n=50`);
  await fetch(`${app.url}/fail`);
  const startedAt = Date.now();
  const exit = await app.stop('SIGTERM');
  expect(exit.signal).toBe('SIGTERM');
  expect(Date.now() - startedAt).toBeLessThan(3000);
  expect(app.stderr()).toMatch(/faultline: telemetry lost: .*\d+ spans still unsent/);
});

/** faultline.sdk.* data points from the OTLP/JSON metrics requests received so far. */
const sdkPoints = (bodies: readonly string[]) => decodeSums(bodies, 'faultline.sdk.');

it('exports the faultline.sdk.* loss counters as OTLP metrics when metrics export is on', async () => {
  const app = await scenario.start({
    entry: APP, mode: 'require',
    env: { ...ENV, OTEL_METRICS_EXPORTER: 'otlp', OTEL_METRIC_EXPORT_INTERVAL: '300', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:9/v1/traces' },
  });
  await fetch(`${app.url}/fail`);
  const failed = await waitFor(() => {
    const metricsBodies = scenario.receiver.requests.filter((r) => r.path.endsWith('/v1/metrics')).map((r) => r.body);
    return sdkPoints(metricsBodies).find((p) => p.name === 'faultline.sdk.exports.failed' && p.attributes.signal === 'traces' && p.value > 0);
  }, { timeoutMs: 10_000 });
  expect(failed.attributes.reason).toBe('network');
  const bodies = scenario.receiver.requests.filter((r) => r.path.endsWith('/v1/metrics')).map((r) => r.body);
  const dropped = sdkPoints(bodies).filter((p) => p.name === 'faultline.sdk.spans.dropped' && p.attributes.reason === 'network');
  expect(Math.max(...dropped.map((p) => p.value))).toBeGreaterThan(0);
});
