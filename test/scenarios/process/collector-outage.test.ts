// The Collector goes away under load: the app keeps answering, and once the Collector is back the very
// next failure is exported (the newest telemetry wins over what queued up during the outage).
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startApp, startReceiver, stopAllApps, waitFor } from '../../support';
import type { OtlpReceiver } from '../../support';

const APP = path.join(__dirname, '..', 'sampling', 'app.cjs');
const receivers: OtlpReceiver[] = [];
afterEach(async () => {
  await stopAllApps();
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

it('keeps serving while the Collector is down and exports the first failure after it is back', async () => {
  const first = await startReceiver();
  receivers.push(first);
  const port = Number(new URL(first.url).port);
  const app = await startApp({ entry: APP, mode: 'require', endpoint: first.url });
  await fetch(`${app.url}/ok/warm-up`);
  await waitFor(() => first.spans.length > 0);

  await first.close();
  const statuses: number[] = [];
  await Promise.all(Array.from({ length: 8 }, async (_, worker) => {
    for (let i = 0; i < 300; i += 1) statuses.push((await fetch(`${app.url}/${i % 2 === 0 ? 'ok' : 'fail'}/${worker}`)).status);
  }));
  expect(statuses.filter((s) => s === 200)).toHaveLength(1200);
  expect(statuses.filter((s) => s === 500)).toHaveLength(1200);

  const back = await startReceiver({ port });
  receivers.push(back);
  await fetch(`${app.url}/fail/first-after-outage`);
  const span = await waitFor(() => back.spans.find((s) => s.attributes['url.path'] === '/fail/first-after-outage'), { timeoutMs: 20_000 });
  expect(span.status.code).toBe(2);
}, 90_000);
