// Failures first: an uncaught exception behind a backlog of successful-request spans, with a slow
// Collector, a Collector that hangs on the backlog, and a full export buffer. The crash span and its log
// record must reach the Collector before the process exits, in every run, within the crash-flush bound.
// RELIABILITY_RUNS (default 3) sets the runs per case; docs/reliability.md's figures come from a larger run.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delay, startApp, startReceiver, stopAllApps } from '../../support';
import type { OtlpReceiver, ReceivedRequest, ReceiverFaults } from '../../support';

const APP = path.join(__dirname, 'crash-app.cjs');
const RUNS = Number(process.env.RELIABILITY_RUNS ?? '3');
const CRASH_FLUSH_MS = 2000;
let receiver: OtlpReceiver;
beforeAll(async () => { receiver = await startReceiver(); });
afterAll(async () => {
  await stopAllApps();
  await receiver.close();
});

interface RunResult { readonly span: boolean; readonly record: boolean; readonly exitMs: number; readonly code: number | null }

/** Spans in the request: the backlog's big batches carry hundreds, the crash export a few. */
const bigBatch = (request: ReceivedRequest) => (request.body.match(/"spanId"/g)?.length ?? 0) > 50
  || (request.body.match(/"timeUnixNano"/g)?.length ?? 0) > 50;

async function crashOnce(faults: ReceiverFaults, env: Record<string, string>, backlog: number): Promise<RunResult> {
  receiver.clear();
  const app = await startApp({ entry: APP, mode: 'require', endpoint: receiver.url, env });
  receiver.misbehave(faults);
  // Steady work in bursts, each past the 100 ms batch delay: the backlog fills the batch queue and the
  // export buffer, one export in flight.
  for (let sent = 0; sent < backlog; sent += 1000) {
    await fetch(`${app.url}/burst?n=${Math.min(1000, backlog - sent)}`);
    await delay(150);
  }
  const crashedAt = Date.now();
  await fetch(`${app.url}/crash`);
  const exit = await app.exited;
  const exitMs = Date.now() - crashedAt;
  // What the Collector had received when the process was gone (an answer already on its way counts).
  await delay((faults.delayMs ?? 0) + 100);
  const pid = app.child.pid;
  const mine = (resource: Record<string, unknown>) => resource['process.pid'] === pid;
  return {
    span: receiver.spans.some((s) => mine(s.resource) && s.name === 'uncaughtException' && s.attributes['faultline.severity'] === 'critical'),
    record: receiver.logs.some((l) => mine(l.resource) && l.attributes['faultline.source'] === 'uncaughtException'),
    exitMs,
    code: exit.code,
  };
}

describe.each([
  { name: 'a slow Collector (500 ms per export)', faults: { delayMs: 500 }, env: {} as Record<string, string>, backlog: 6000 },
  { name: 'a Collector that hangs on the backlog', faults: { hang: bigBatch }, env: {}, backlog: 2000 },
  {
    name: 'a full export buffer and a slow Collector',
    faults: { delayMs: 300 },
    env: { FAULTLINE_EXPORT_BUFFER_SIZE: '256' },
    backlog: 4000,
  },
])('the crash span gets out first behind $name', ({ name, faults, env, backlog }) => {
  it(`arrives before the exit in ${RUNS} of ${RUNS} runs, the exit within the bound`, async () => {
    const results: RunResult[] = [];
    for (let run = 0; run < RUNS; run += 1) results.push(await crashOnce(faults, env, backlog));
    const exits = results.map((r) => r.exitMs).sort((a, b) => a - b);
    process.stdout.write(`crash-first, ${name}: span ${results.filter((r) => r.span).length}/${RUNS}, `
      + `record ${results.filter((r) => r.record).length}/${RUNS}, exit median ${exits[Math.floor(RUNS / 2)]} ms, max ${exits[RUNS - 1]} ms\n`);
    expect(results.map((r) => r.code)).toEqual(results.map(() => 1));
    expect(results.filter((r) => r.span)).toHaveLength(RUNS);
    expect(results.filter((r) => r.record)).toHaveLength(RUNS);
    for (const r of results) expect(r.exitMs).toBeLessThan(CRASH_FLUSH_MS + 1500);
  }, RUNS * 15_000);
});

it('exits within the crash-flush bound when the Collector hangs on everything, and says what was not sent', async () => {
  receiver.clear();
  const app = await startApp({ entry: APP, mode: 'require', endpoint: receiver.url });
  receiver.misbehave({ hang: true });
  await fetch(`${app.url}/burst?n=1000`);
  await delay(150);
  const crashedAt = Date.now();
  await fetch(`${app.url}/crash`);
  const exit = await app.exited;
  expect(exit.code).toBe(1);
  expect(Date.now() - crashedAt).toBeLessThan(CRASH_FLUSH_MS + 1500);
  expect(app.stderr()).toContain('crash behind a backlog');
  expect(app.stderr()).toMatch(/faultline: telemetry lost: .*spans still unsent/);
}, 30_000);
