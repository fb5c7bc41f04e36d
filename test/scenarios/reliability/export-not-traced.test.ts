// Faultline's own exports are never traced. Failures skip the batch processors (failures-first), so the
// export path must suppress tracing itself, as those processors do: otherwise the http instrumentation
// traces each export request, and with a failing Collector each failed export is an error span, urgent,
// which asks for the next export — a loop that keeps the CPU busy and the process from exiting.
import path from 'node:path';
import { expect, it } from 'vitest';
import { useScenario, waitFor } from '../../support';

const APP = path.join(__dirname, 'crash-app.cjs');
const scenario = useScenario();

it('exports no span for its own export requests', async () => {
  const app = await scenario.start({ entry: APP, mode: 'require' });
  for (let i = 0; i < 3; i += 1) await fetch(`${app.url}/fail`);
  await waitFor(() => scenario.receiver.spans.filter((span) => span.kind === 2).length >= 3, { timeoutMs: 5000 });
  await new Promise((resolve) => setTimeout(resolve, 500)); // room for any span an export would have made
  const exportSpans = scenario.receiver.spans.filter((span) => span.kind === 3 && /\/v1\/(traces|logs|metrics)/.test(JSON.stringify(span.attributes)));
  expect(exportSpans.map((span) => span.name)).toEqual([]);
});

it('sends a bounded number of export requests while the Collector refuses them, and exits after its work', async () => {
  const app = await scenario.start({ entry: APP, mode: 'require', env: { OTEL_EXPORTER_OTLP_TIMEOUT: '1000' } });
  scenario.receiver.misbehave({ reset: true });
  for (let i = 0; i < 5; i += 1) await fetch(`${app.url}/fail`);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const started = Date.now();
  const exit = await app.stop('SIGTERM', 10_000);
  expect(exit.signal).toBe('SIGTERM');
  expect(Date.now() - started).toBeLessThan(5000);
  // Each failure is one span batch and one log batch, retried a few times at most: not a storm.
  expect(app.stderr()).not.toMatch(/telemetry lost: \d{3,} spans/);
});
