// The documented pattern for scheduled work (node-cron and setInterval through taskHandler), CommonJS
// and ESM: each run is its own trace with a run ID that resolves to it, a failing run is retried with an
// attempt span per try and recorded once, the job's own logs carry its run ID, and HTTP keeps serving.
import path from 'node:path';
import { parseRequestId } from '@faultline/core';
import { describe, expect, it } from 'vitest';
import { useScenario, waitFor } from '../../support';

const scenario = useScenario();

describe.each([
  { mode: 'require' as const, entry: 'scheduled-app.cjs' },
  { mode: 'import' as const, entry: 'scheduled-app.mjs' },
])('scheduled tasks with --$mode', ({ mode, entry }) => {
  it('records the failing cron run with its attempts and run ID, and keeps running and serving', async () => {
    const app = await scenario.start({ entry: path.join(__dirname, entry), mode });
    const failed = await waitFor(() => scenario.receiver.spans.find((s) => s.name === 'nightly-cleanup' && s.status.code === 2), { timeoutMs: 10_000 });
    const runId = String(failed.attributes['faultline.request_id']);
    expect(parseRequestId(runId)).toBe(failed.traceId);
    expect(failed.events.find((e) => e.name === 'exception')?.attributes['exception.message']).toBe('cleanup store unreachable');
    expect(failed.attributes['faultline.task.attempts']).toBe(2);
    const attempts = scenario.receiver.spans.filter((s) => s.traceId === failed.traceId && s.name.startsWith('nightly-cleanup attempt '));
    expect(attempts.map((s) => [s.attributes['faultline.task.attempt'], s.status.code, s.parentSpanId]).sort()).toEqual([[1, 2, failed.spanId], [2, 2, failed.spanId]]);

    const failureLog = await waitFor(() => scenario.receiver.logs.find((l) => l.attributes['faultline.source'] === 'task'));
    expect(failureLog.attributes).toMatchObject({ request_id: runId, 'exception.message': 'cleanup store unreachable' });
    const runLogs = await waitFor(() => {
      const logs = scenario.receiver.logs.filter((l) => l.attributes.marker === 'cleanup-log' && l.attributes.tick === 2);
      return logs.length === 2 ? logs : undefined;
    });
    expect(runLogs.map((l) => l.attributes.request_id)).toEqual([runId, runId]);

    // Later runs are new traces, and succeed; the interval keeps beating in traces of its own.
    const later = await waitFor(() => scenario.receiver.spans.find((s) => s.name === 'nightly-cleanup' && s.status.code !== 2), { timeoutMs: 10_000 });
    expect(later.traceId).not.toBe(failed.traceId);
    const beats = await waitFor(() => {
      const spans = scenario.receiver.spans.filter((s) => s.name === 'heartbeat');
      return spans.length >= 2 ? spans : undefined;
    });
    expect(new Set(beats.map((s) => s.traceId)).size).toBe(beats.length);
    expect(await (await fetch(`${app.url}/`)).text()).toBe('ok');
    expect(app.child.exitCode).toBeNull();
  });
});

it('keeps the failing run\'s trace when the sampler drops the others', async () => {
  const app = await scenario.start({
    entry: path.join(__dirname, 'scheduled-app.cjs'), mode: 'require',
    env: { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' },
  });
  const failed = await waitFor(() => scenario.receiver.spans.find((s) => s.name === 'nightly-cleanup' && s.status.code === 2), { timeoutMs: 10_000 });
  expect(parseRequestId(String(failed.attributes['faultline.request_id']))).toBe(failed.traceId);
  // Runs after it succeed and are dropped, as the sampler asked.
  await waitFor(() => app.stdout().split('"tick":4').length > 1, { timeoutMs: 10_000 });
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(scenario.receiver.spans.filter((s) => s.name === 'nightly-cleanup').map((s) => s.traceId)).toEqual([failed.traceId]);
  expect(scenario.receiver.spans.some((s) => s.name === 'heartbeat')).toBe(false);
});
