// Kept-alive connections under the preload: between requests, an open connection does not hold its last
// request's context (and so its server span) alive, and the server's keep-alive timeout still closes the
// idle connection when it should (packages/node/src/http/keep-alive-timer.ts).
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startApp, stopAllApps, waitFor } from '../../support';
import type { PreloadMode } from '../../support';

const APP = path.join(__dirname, 'keep-alive-app.cjs');
const QUIET = { OTEL_TRACES_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' };

afterAll(() => stopAllApps());

async function run(mode: PreloadMode): Promise<{ spans: number; retained: number; open: number; closedAfterMs: number }> {
  const app = await startApp({ entry: APP, mode, env: QUIET, nodeArgs: ['--expose-gc'] });
  await waitFor(() => /CLOSED_AFTER_MS \d+/.test(app.stdout()), { timeoutMs: 10_000 });
  const counts = /SPANS (\d+) RETAINED (\d+) OPEN (\d+)/.exec(app.stdout());
  const closed = /CLOSED_AFTER_MS (\d+)/.exec(app.stdout());
  if (counts === null || closed === null) throw new Error(`unexpected output: ${app.stdout()}${app.stderr()}`);
  return { spans: Number(counts[1]), retained: Number(counts[2]), open: Number(counts[3]), closedAfterMs: Number(closed[1]) };
}

for (const mode of ['require', 'import'] as const) {
  it(`an idle kept-alive connection holds no request's span, and still closes on its timeout (--${mode})`, async () => {
    const result = await run(mode);
    expect(result.spans).toBe(10);
    // All five connections open when the garbage was collected.
    expect(result.open).toBe(5);
    // Node's Date-header cache keeps at most one request's context for up to a second; each connection
    // held its last one (5 of 10 and that one) before.
    expect(result.retained).toBeLessThanOrEqual(1);
    // keepAliveTimeout is 300 ms: not cut short, not held open.
    expect(result.closedAfterMs).toBeGreaterThanOrEqual(250);
    expect(result.closedAfterMs).toBeLessThan(5000);
  }, 30_000);
}

it('the same app without the preload (the reference): nothing retained, the same timeout', async () => {
  const result = await run('none');
  expect(result.retained).toBe(0);
  expect(result.closedAfterMs).toBeGreaterThanOrEqual(250);
});
