// Failures first when the buffer has to choose: the Collector hangs while successes (5,000 spans) and
// failures (50 failed requests) keep coming into a 256-item buffer; once it answers again, the failures
// are what is left to send, and the successes are what was dropped.
import path from 'node:path';
import { expect, it } from 'vitest';
import { useScenario, waitFor } from '../../support';

const APP = path.join(__dirname, 'crash-app.cjs');
const scenario = useScenario();

it('keeps the failed requests and drops the oldest successes while the Collector hangs', async () => {
  const app = await scenario.start({
    entry: APP, mode: 'require',
    // The exports the Collector hangs on stay open all through the load (10 s): one per export slot.
    env: { FAULTLINE_EXPORT_BUFFER_SIZE: '256', OTEL_EXPORTER_OTLP_TIMEOUT: '10000' },
  });
  scenario.receiver.misbehave({ hang: true });
  for (let i = 0; i < 50; i += 1) {
    expect((await fetch(`${app.url}/fail`)).status).toBe(500);
    await fetch(`${app.url}/burst?n=100`);
  }
  // Past the batch delay, then the Collector answers again; the two exports it hung on time out and fail.
  await new Promise((resolve) => setTimeout(resolve, 300));
  scenario.receiver.misbehave({});
  const failed = () => scenario.receiver.spans.filter((s) => s.kind === 2 && s.status.code === 2);
  // Lost is only the first failure: the export the Collector hung on carried it alone (the failures after
  // it waited in the urgent lane, not in the backlog's export).
  await waitFor(() => failed().length >= 49, { timeoutMs: 25_000, message: 'the failed requests' }).catch((error: unknown) => {
    throw new Error(`${String(error)}; received ${failed().length} failed, ${scenario.receiver.spans.length} spans in all; stderr: ${app.stderr()}`);
  });
  const work = scenario.receiver.spans.filter((s) => s.name.startsWith('work ')).length;
  process.stdout.write(`failures-first: ${failed().length}/50 failed requests and ${work}/5000 successful spans arrived\n`);
  expect(work).toBeLessThanOrEqual(256);
}, 60_000);
