// An uncaught exception is counted in faultline.failures and the count leaves with the crash flush: the
// metric export interval is a minute, so only the flush before exit can have sent it.
import path from 'node:path';
import { expect, it } from 'vitest';
import { decodeSums, useScenario } from '../../support';

const APP = path.join(__dirname, 'crash-app.cjs');
const scenario = useScenario();

it('counts the crash and exports the count before the process exits', async () => {
  const app = await scenario.start({
    entry: APP, mode: 'require',
    env: { OTEL_METRICS_EXPORTER: 'otlp', OTEL_METRIC_EXPORT_INTERVAL: '60000' },
  });
  await fetch(`${app.url}/crash`);
  expect((await app.exited).code).toBe(1);
  const bodies = scenario.receiver.requests.filter((r) => r.path.endsWith('/v1/metrics')).map((r) => r.body);
  const counted = decodeSums(bodies, 'faultline.failures');
  expect(counted).toHaveLength(1);
  expect(counted[0]?.value).toBe(1);
  expect(counted[0]?.attributes).toMatchObject({ 'error.type': 'Error', 'faultline.severity': 'critical' });
});
